//! QR codes of ASCII payloads (URLs, tracking numbers, EPC payment codes) encoded by `fast_qr`: the smallest
//! version that holds the payload at the asked level, mixed segments and the standard's mask choice, about five
//! times quicker than the ZXing port's QR writer, whose mask search was most of a label sheet's codes. Other
//! text goes to `rxing`, which writes UTF-8 behind an ECI header so readers do not guess Latin-1.

use fast_qr::ECL;
use fast_qr::qr::QRBuilder;

use super::QrLevel;

/// The module grid of the ASCII `contents` (square, no quiet zone): `(side, dark modules row-major)`.
pub(super) fn encode_ascii(level: QrLevel, contents: &str) -> Result<(u32, Vec<bool>), String> {
    let ecl = match level {
        QrLevel::L => ECL::L,
        QrLevel::M => ECL::M,
        QrLevel::Q => ECL::Q,
        QrLevel::H => ECL::H,
    };
    let code = QRBuilder::new(contents.as_bytes()).ecl(ecl).build().map_err(|err| format!("{err} (data too long)"))?;
    let side = code.size;
    let dark = code.data[..side * side].iter().map(|module| module.value()).collect();
    let side = u32::try_from(side).map_err(|_| "the QR code is too large".to_owned())?;
    Ok((side, dark))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ascii_fits_version_one() {
        let (side, dark) = encode_ascii(QrLevel::M, "hello").expect("encodes");
        assert_eq!(side, 21);
        assert_eq!(dark.len(), 441);
        assert!(dark[0] && dark[6] && !dark[7], "the finder pattern's top row is 7 dark modules");
    }

    #[test]
    fn too_long_is_an_error() {
        let err = encode_ascii(QrLevel::H, &"x".repeat(1400)).expect_err("1,400 bytes exceed 40-H");
        assert!(err.contains("too long"), "{err}");
    }
}
