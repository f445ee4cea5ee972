//! Font files users upload: TrueType and OpenType as they are, WOFF and WOFF2 decoded to the font inside (what
//! the engine reads), each checked to parse and its family name read, which is what templates ask for.

use typst::foundations::Bytes;
use typst::text::Font;

/// Largest font a WOFF or WOFF2 file may declare inside; a file that claims more is refused before decoding.
pub const MAX_DECODED_FONT_BYTES: u32 = 32 * 1024 * 1024;

/// What the uploaded file was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontContainer {
    /// A plain sfnt font with TrueType outlines.
    TrueType,
    /// A plain sfnt font with CFF outlines (`OTTO`).
    OpenType,
    /// WOFF 1.0 (zlib).
    Woff,
    /// WOFF 2.0 (Brotli).
    Woff2,
}

/// A font ready for the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFile {
    /// The TrueType/OpenType bytes (decoded from WOFF/WOFF2 when it was one).
    pub bytes: Vec<u8>,
    /// The family name templates use in `fontFamily`, e.g. `Inter`.
    pub family: String,
    /// The file's format as uploaded.
    pub uploaded_as: FontContainer,
    /// Whether the font has CFF outlines (`font/otf`) rather than TrueType ones (`font/ttf`).
    pub cff: bool,
}

/// Whether `bytes` start like a font file (sfnt, WOFF or WOFF2), before it is read in full.
pub fn looks_like_font(bytes: &[u8]) -> bool {
    [&[0, 1, 0, 0][..], b"true", b"OTTO", b"wOFF", b"wOF2"].iter().any(|magic| bytes.starts_with(magic))
}

/// Reads an uploaded font file; the error says in a sentence why it cannot be used.
pub fn read_font_file(bytes: &[u8]) -> Result<FontFile, String> {
    let (sfnt, uploaded_as) = if bytes.starts_with(b"wOFF") || bytes.starts_with(b"wOF2") {
        let woff2 = bytes.starts_with(b"wOF2");
        // Both headers keep the decoded size (`totalSfntSize`) at byte 16.
        let declared = bytes.get(16..20).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        match declared {
            Some(size) if size <= MAX_DECODED_FONT_BYTES => {}
            Some(size) => {
                return Err(format!("the font inside is {size} bytes; the limit is {MAX_DECODED_FONT_BYTES}"));
            }
            None => return Err("the WOFF header is cut short".into()),
        }
        let decoded = if woff2 { wuff::decompress_woff2(bytes) } else { wuff::decompress_woff1(bytes) };
        let decoded = decoded.map_err(|e| format!("the {} file cannot be decoded: {e:?}", kind(woff2)))?;
        (decoded, if woff2 { FontContainer::Woff2 } else { FontContainer::Woff })
    } else if bytes.starts_with(b"OTTO") {
        (bytes.to_vec(), FontContainer::OpenType)
    } else {
        (bytes.to_vec(), FontContainer::TrueType)
    };
    let cff = sfnt.starts_with(b"OTTO");
    let font = Font::new(Bytes::new(sfnt.clone()), 0).ok_or("the file is not a font the engine can read")?;
    let family = font.info().family.clone();
    if family.trim().is_empty() {
        return Err("the font has no family name".into());
    }
    Ok(FontFile { bytes: sfnt, family, uploaded_as, cff })
}

fn kind(woff2: bool) -> &'static str {
    if woff2 { "WOFF2" } else { "WOFF" }
}
