//! QR codes, 1-D barcodes, Data Matrix and PDF417: the payload is checked here (character sets, check
//! digits, lengths) with messages fit for template authors, then encoded (ASCII QR codes by `fast_qr`, the rest
//! by `rxing`) into a grid of modules that the backends draw: as vector SVG in PDF ([`draw::svg`]) and as a PNG in Excel
//! ([`draw::png`]).

mod check;
mod draw;
mod qr;

pub(crate) use draw::{Paint, dark_runs, extent, png, svg};

use rxing::{BarcodeFormat, EncodeHints, MultiFormatWriter, Writer};

/// Longest payload accepted before encoding (bytes); every symbology's own capacity is lower.
pub(crate) const MAX_PAYLOAD_BYTES: usize = 4096;

/// QR error correction level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QrLevel {
    /// About 7 % of the symbol can be restored.
    L,
    /// About 15 % (the default).
    M,
    /// About 25 %.
    Q,
    /// About 30 %.
    H,
}

impl QrLevel {
    /// `L`, `M`, `Q` or `H` (case-insensitive); also the words `low`, `medium`, `quartile`, `high`.
    pub(crate) fn parse(text: &str) -> Option<QrLevel> {
        Some(match text.trim().to_ascii_uppercase().as_str() {
            "L" | "LOW" => QrLevel::L,
            "M" | "MEDIUM" => QrLevel::M,
            "Q" | "QUARTILE" => QrLevel::Q,
            "H" | "HIGH" => QrLevel::H,
            _ => return None,
        })
    }

    fn letter(self) -> &'static str {
        match self {
            QrLevel::L => "L",
            QrLevel::M => "M",
            QrLevel::Q => "Q",
            QrLevel::H => "H",
        }
    }

    /// Bytes a version-40 symbol holds at this level (byte mode).
    fn byte_capacity(self) -> usize {
        match self {
            QrLevel::L => 2953,
            QrLevel::M => 2331,
            QrLevel::Q => 1663,
            QrLevel::H => 1273,
        }
    }
}

/// What to encode a payload as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Symbology {
    Qr(QrLevel),
    Code128,
    Code39,
    Ean13,
    Ean8,
    UpcA,
    Itf,
    DataMatrix,
    Pdf417,
}

/// The `format` names of the `barcode` component.
pub(crate) const BARCODE_FORMATS: &[&str] =
    &["code128", "code39", "ean13", "ean8", "upca", "itf", "datamatrix", "pdf417"];

impl Symbology {
    /// A `barcode` component's `format` (case-insensitive, `-`/`_` ignored: `EAN-13`, `upc_a`).
    pub(crate) fn barcode_format(name: &str) -> Option<Symbology> {
        let key: String = name.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).collect::<String>().to_lowercase();
        Some(match key.as_str() {
            "code128" => Symbology::Code128,
            "code39" => Symbology::Code39,
            "ean13" => Symbology::Ean13,
            "ean8" => Symbology::Ean8,
            "upca" | "upc" => Symbology::UpcA,
            "itf" | "interleaved2of5" | "i2of5" => Symbology::Itf,
            "datamatrix" => Symbology::DataMatrix,
            "pdf417" => Symbology::Pdf417,
            _ => return None,
        })
    }

    /// The name used in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Symbology::Qr(_) => "QR code",
            Symbology::Code128 => "Code 128",
            Symbology::Code39 => "Code 39",
            Symbology::Ean13 => "EAN-13",
            Symbology::Ean8 => "EAN-8",
            Symbology::UpcA => "UPC-A",
            Symbology::Itf => "ITF",
            Symbology::DataMatrix => "Data Matrix",
            Symbology::Pdf417 => "PDF417",
        }
    }

    /// True for the one-dimensional (bar) codes.
    pub(crate) fn is_linear(self) -> bool {
        !matches!(self, Symbology::Qr(_) | Symbology::DataMatrix | Symbology::Pdf417)
    }

    /// The quiet zone, in modules, that the standard asks for.
    pub(crate) fn default_quiet_zone(self) -> u32 {
        match self {
            Symbology::Qr(_) => 4,
            Symbology::DataMatrix | Symbology::Pdf417 => 2,
            // EAN/UPC need 11 and 7 modules; 10 on both sides is the usual compromise for the others.
            Symbology::Ean13 | Symbology::UpcA => 11,
            Symbology::Ean8 => 7,
            Symbology::Code128 | Symbology::Code39 | Symbology::Itf => 10,
        }
    }

    fn rxing_format(self) -> BarcodeFormat {
        match self {
            Symbology::Qr(_) => BarcodeFormat::QR_CODE,
            Symbology::Code128 => BarcodeFormat::CODE_128,
            Symbology::Code39 => BarcodeFormat::CODE_39,
            // UPC-A is written as the EAN-13 it is (a leading 0): same bars.
            Symbology::Ean13 | Symbology::UpcA => BarcodeFormat::EAN_13,
            Symbology::Ean8 => BarcodeFormat::EAN_8,
            Symbology::Itf => BarcodeFormat::ITF,
            Symbology::DataMatrix => BarcodeFormat::DATA_MATRIX,
            Symbology::Pdf417 => BarcodeFormat::PDF_417,
        }
    }
}

/// An encoded symbol: dark modules on a grid (row-major). 1-D codes have a single row; PDF417 rows
/// are already several modules tall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Symbol {
    pub symbology: Symbology,
    pub width: u32,
    pub height: u32,
    pub dark: Vec<bool>,
    /// The human-readable text of 1-D codes: the payload with any computed check digit.
    pub text: String,
}

impl Symbol {
    pub(crate) fn is_dark(&self, x: u32, y: u32) -> bool {
        x < self.width && y < self.height && self.dark[(y * self.width + x) as usize]
    }
}

/// Check and encode `payload`. The error is a sentence about the value (no path; callers add it).
pub(crate) fn encode(symbology: Symbology, payload: &str) -> Result<Symbol, String> {
    if payload.is_empty() {
        return Err(format!("the {} value is empty", symbology.name()));
    }
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(format!(
            "the {} value is {} bytes long; at most {MAX_PAYLOAD_BYTES} are accepted",
            symbology.name(),
            payload.len()
        ));
    }
    let contents = check::normalise(symbology, payload)?;
    if let Symbology::Qr(level) = symbology
        && contents.is_ascii()
    {
        let (side, dark) =
            qr::encode_ascii(level, &contents).map_err(|err| encoder_failed(symbology, &contents, &err))?;
        return Ok(Symbol { symbology, width: side, height: side, dark, text: String::new() });
    }
    let mut hints = EncodeHints { Margin: Some("0".into()), ..EncodeHints::default() };
    if let Symbology::Qr(level) = symbology {
        hints.ErrorCorrection = Some(level.letter().into());
        // UTF-8 with an ECI header, so readers do not guess Latin-1.
        hints.CharacterSet = Some("UTF-8".into());
    }
    if symbology == Symbology::Pdf417 && !contents.is_ascii() {
        hints.CharacterSet = Some("UTF-8".into());
        hints.Pdf417AutoEci = Some("true".into());
    }
    let matrix = MultiFormatWriter
        .encode_with_hints(&contents, &symbology.rxing_format(), 0, 0, &hints)
        .map_err(|err| encoder_failed(symbology, &contents, &err.to_string()))?;
    let (width, height) = (matrix.getWidth(), matrix.getHeight());
    // 1-D writers return a matrix one pixel tall per requested height; one row is the code.
    let rows = if symbology.is_linear() { 1 } else { height };
    let mut dark = Vec::with_capacity((width * rows) as usize);
    for y in 0..rows {
        for x in 0..width {
            dark.push(matrix.get(x, y));
        }
    }
    let text = if symbology.is_linear() { human_readable(symbology, &contents) } else { String::new() };
    Ok(Symbol { symbology, width, height: rows, dark, text })
}

fn human_readable(symbology: Symbology, contents: &str) -> String {
    match symbology {
        // Written as EAN-13 with a leading zero; people read the 12 UPC digits.
        Symbology::UpcA => contents[1..].to_owned(),
        _ => contents.to_owned(),
    }
}

fn encoder_failed(symbology: Symbology, contents: &str, detail: &str) -> String {
    let lower = detail.to_ascii_lowercase();
    match symbology {
        Symbology::Qr(level)
            if lower.contains("too big") || lower.contains("data too") || lower.contains("capacity") =>
        {
            format!(
                "the value is too long for a QR code at error correction level {}: {} bytes, at most about {} fit \
                 (use a lower errorCorrection or a shorter value)",
                level.letter(),
                contents.len(),
                level.byte_capacity()
            )
        }
        Symbology::DataMatrix | Symbology::Pdf417 => {
            format!("the value cannot be encoded as {} ({} bytes): {detail}", symbology.name(), contents.len())
        }
        _ => format!("the value cannot be encoded as {}: {detail}", symbology.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ean13_gets_its_check_digit() {
        let symbol = encode(Symbology::Ean13, "400638133393").expect("encodes");
        assert_eq!(symbol.text, "4006381333931");
        assert_eq!(symbol.width, 95);
    }

    #[test]
    fn qr_symbols_are_square_without_margin() {
        let symbol = encode(Symbology::Qr(QrLevel::M), "hello").expect("encodes");
        assert_eq!((symbol.width, symbol.height), (21, 21));
        assert!(symbol.is_dark(0, 0), "finder pattern corner");
    }

    #[test]
    fn over_long_qr_payload_names_the_level() {
        let err = encode(Symbology::Qr(QrLevel::H), &"x".repeat(1400)).expect_err("too long");
        assert!(err.contains("level H"), "{err}");
        let err = encode(Symbology::Qr(QrLevel::H), &"é".repeat(700)).expect_err("too long in UTF-8 too");
        assert!(err.contains("level H"), "{err}");
    }

    #[test]
    fn non_ascii_qr_codes_are_utf8_with_an_eci_header() {
        let symbol = encode(Symbology::Qr(QrLevel::M), "Grüße aus Köln").expect("encodes");
        assert_eq!(symbol.width, symbol.height);
    }

    #[test]
    fn datamatrix_and_pdf417_encode() {
        assert!(encode(Symbology::DataMatrix, "SHIP-0042").is_ok());
        let pdf417 = encode(Symbology::Pdf417, "SHIP-0042").expect("encodes");
        assert!(pdf417.height > 3);
    }
}
