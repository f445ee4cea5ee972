//! QR codes encoded by the `qrcode` crate: the smallest version that holds the payload at the asked level,
//! mixed numeric/alphanumeric/byte segments for ASCII, UTF-8 bytes behind an ECI header otherwise (so readers
//! do not guess Latin-1), and the standard's mask choice. It is several times quicker than the ZXing port's
//! QR writer, whose mask search dominated label sheets.

use qrcode::bits::Bits;
use qrcode::types::QrError;
use qrcode::{Color, EcLevel, QrCode, Version};

use super::QrLevel;

/// ECI designator of UTF-8.
const ECI_UTF8: u32 = 26;

/// The module grid of `contents` (square, no quiet zone): `(side, dark modules row-major)`.
pub(super) fn encode(level: QrLevel, contents: &str) -> Result<(u32, Vec<bool>), String> {
    let ec = ec_level(level);
    let code = if contents.is_ascii() {
        QrCode::with_error_correction_level(contents.as_bytes(), ec)
    } else {
        utf8_with_eci(contents, ec)
    }
    .map_err(|err| err.to_string())?;
    let side = u32::try_from(code.width()).map_err(|_| "the QR code is too large".to_owned())?;
    let dark = code.to_colors().into_iter().map(|color| color == Color::Dark).collect();
    Ok((side, dark))
}

fn ec_level(level: QrLevel) -> EcLevel {
    match level {
        QrLevel::L => EcLevel::L,
        QrLevel::M => EcLevel::M,
        QrLevel::Q => EcLevel::Q,
        QrLevel::H => EcLevel::H,
    }
}

/// The smallest version whose capacity holds an ECI header and the UTF-8 bytes.
fn utf8_with_eci(contents: &str, ec: EcLevel) -> Result<QrCode, QrError> {
    for version in 1..=40 {
        let mut bits = Bits::new(Version::Normal(version));
        let fits = bits.push_eci_designator(ECI_UTF8).is_ok()
            && bits.push_byte_data(contents.as_bytes()).is_ok()
            && bits.push_terminator(ec).is_ok();
        if fits {
            return QrCode::with_bits(bits, ec);
        }
    }
    Err(QrError::DataTooLong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ascii_fits_version_one() {
        let (side, dark) = encode(QrLevel::M, "hello").expect("encodes");
        assert_eq!(side, 21);
        assert_eq!(dark.len(), 441);
    }

    #[test]
    fn non_ascii_text_takes_an_eci_header() {
        let (side, _) = encode(QrLevel::M, "Grüße").expect("encodes");
        assert_eq!(side, 21, "ECI header (12 bits) and 7 bytes still fit version 1-M");
    }

    #[test]
    fn too_long_is_an_error() {
        let err = encode(QrLevel::H, &"é".repeat(700)).expect_err("1,400 bytes exceed 40-H");
        assert!(err.contains("too long"), "{err}");
    }
}
