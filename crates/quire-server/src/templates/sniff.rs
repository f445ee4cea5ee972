//! The type of an uploaded file, read from its bytes: the client's `Content-Type` and file name are
//! never trusted. Accepted: PNG, JPEG, GIF, WebP, SVG, and TrueType/OpenType fonts.

/// What an upload turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetType {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
    TrueType,
    OpenType,
    /// A PDF, for `pdf.prepend` / `pdf.append`.
    Pdf,
}

impl AssetType {
    /// The MIME type stored and answered.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Svg => "image/svg+xml",
            Self::TrueType => "font/ttf",
            Self::OpenType => "font/otf",
            Self::Pdf => "application/pdf",
        }
    }

    /// `image` or `font`.
    pub fn kind(self) -> &'static str {
        match self {
            Self::TrueType | Self::OpenType => "font",
            Self::Pdf => "document",
            _ => "image",
        }
    }
}

/// Recognises a file by its first bytes; SVG by a root `<svg` element after an optional BOM, XML
/// declaration, comments and whitespace (a DOCTYPE is not accepted: SVG assets carry no DTD).
pub fn sniff(bytes: &[u8]) -> Option<AssetType> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(AssetType::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(AssetType::Jpeg);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(AssetType::Gif);
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Some(AssetType::Webp);
    }
    // sfnt version 1.0 or Apple's `true`, followed by a sane table count.
    if bytes.len() >= 12 && (bytes.starts_with(&[0, 1, 0, 0]) || bytes.starts_with(b"true")) && table_count_ok(bytes) {
        return Some(AssetType::TrueType);
    }
    if bytes.len() >= 12 && bytes.starts_with(b"OTTO") && table_count_ok(bytes) {
        return Some(AssetType::OpenType);
    }
    if starts_with_svg_root(bytes) {
        return Some(AssetType::Svg);
    }
    None
}

/// An sfnt font has between 1 and a few dozen tables.
fn table_count_ok(bytes: &[u8]) -> bool {
    let count = u16::from_be_bytes([bytes[4], bytes[5]]);
    (1..=64).contains(&count)
}

fn starts_with_svg_root(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    let mut rest = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?xml") {
            let Some(end) = after.find("?>") else { return false };
            rest = after[end + 2..].trim_start();
        } else if let Some(after) = rest.strip_prefix("<!--") {
            let Some(end) = after.find("-->") else { return false };
            rest = after[end + 3..].trim_start();
        } else {
            break;
        }
    }
    let Some(after) = rest.strip_prefix("<svg") else { return false };
    after.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_fonts_are_recognised_by_magic_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(AssetType::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some(AssetType::Jpeg));
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), Some(AssetType::Gif));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(AssetType::Webp));
        assert_eq!(sniff(&[0, 1, 0, 0, 0, 12, 0, 128, 0, 3, 0, 64]), Some(AssetType::TrueType));
        assert_eq!(sniff(b"OTTO\0\x0b\0\x80\0\x03\0\x30"), Some(AssetType::OpenType));
    }

    #[test]
    fn svg_needs_an_svg_root_after_the_prolog() {
        assert_eq!(sniff(b"<?xml version=\"1.0\"?>\n<!-- logo --><svg xmlns=\"x\"/>"), Some(AssetType::Svg));
        assert_eq!(sniff(b"<html><svg></svg></html>"), None);
        assert_eq!(sniff(b"<!DOCTYPE svg><svg/>"), None);
        assert_eq!(sniff(b"<svgx/>"), None);
    }

    #[test]
    fn other_files_are_not_recognised() {
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b"MZ\x90\0"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(&[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), None);
    }
}
