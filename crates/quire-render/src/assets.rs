//! Assets (images) reach the engine through a resolver trait, as files reach Typst through its `World`.

use base64::Engine as _;

/// Bytes of a stored asset and their MIME type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The asset's content.
    pub bytes: Vec<u8>,
    /// Its MIME type, e.g. `image/png`.
    pub content_type: String,
}

/// A font the project uploaded, for PDF renders: its content hash (which identifies it across renders) and its
/// TrueType/OpenType bytes. Templates use it by its family name in `fontFamily`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFont {
    /// SHA-256 of `bytes`, in hex.
    pub sha256: String,
    /// The font file.
    pub bytes: std::sync::Arc<[u8]>,
}

/// Looks up assets referenced by templates (`assets://asset_…` or a bare `asset_…` id). The server
/// implements it over its store; the engine never touches the network or a database itself.
pub trait AssetResolver: Send + Sync {
    /// The asset for `reference` (the id without the `assets://` scheme), if it exists.
    fn resolve(&self, reference: &str) -> Option<Asset>;

    /// The fonts the project uploaded, available to PDF renders by family name; none by default.
    fn fonts(&self) -> Vec<ProjectFont> {
        Vec::new()
    }

    /// The signer of a project's signing certificate, for `pdf.sign`; the error says why it cannot sign (unknown,
    /// revoked, expired). By default there are no signing certificates.
    #[cfg(feature = "pdf")]
    fn signer(&self, certificate_id: &str) -> Result<std::sync::Arc<quire_pdf_post::Signer>, String> {
        Err(format!(
            "signing certificate {certificate_id} is not available here: signing certificates are uploaded \
                     to the server (POST /api/v1/signing-certificates)"
        ))
    }

    /// The image at an `http(s)` URL, when the operator allows remote images (the server fetches it with its
    /// own guards); the error says why not. By default remote images are refused.
    fn fetch_remote(&self, url: &str) -> Result<Asset, String> {
        let _ = url;
        Err("remote image URLs are not allowed here (the operator can allow them with QUIRE_REMOTE_IMAGES); \
             upload the image as an asset"
            .into())
    }
}

/// A resolver that finds nothing: templates may still use data-URI images.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAssets;

impl AssetResolver for NoAssets {
    fn resolve(&self, _reference: &str) -> Option<Asset> {
        None
    }
}

/// Image formats the PDF backend accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF.
    Gif,
    /// WebP.
    Webp,
    /// SVG (XML text).
    Svg,
}

impl ImageFormat {
    /// Recognise an image by its first bytes; SVG by an `<svg` tag near the start.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(Self::Png);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(Self::Jpeg);
        }
        if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            return Some(Self::Gif);
        }
        if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            return Some(Self::Webp);
        }
        let head = &bytes[..bytes.len().min(1024)];
        let text = String::from_utf8_lossy(head);
        if text.contains("<svg") {
            return Some(Self::Svg);
        }
        None
    }

    /// The MIME type of this image format.
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Svg => "image/svg+xml",
        }
    }

    /// The Typst `format:` name of this image format.
    pub fn typst_name(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Svg => "svg",
        }
    }
}

/// A decoded image ready for a backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageData {
    /// Raw file bytes.
    pub bytes: Vec<u8>,
    /// Detected format.
    pub format: ImageFormat,
}

/// Turn an image `src` (data URI, `assets://id`, bare `asset_…` id) into image bytes.
/// Remote URLs are refused: the engine does no network access.
pub fn load_image(src: &str, assets: &dyn AssetResolver) -> Result<ImageData, String> {
    let src = src.trim();
    let bytes = if let Some(rest) = src.strip_prefix("data:") {
        decode_data_uri(rest)?
    } else if let Some(id) = src.strip_prefix("assets://") {
        resolve_asset(id, assets)?
    } else if src.starts_with("asset_") {
        resolve_asset(src, assets)?
    } else if src.starts_with("http://") || src.starts_with("https://") {
        assets.fetch_remote(src)?.bytes
    } else if src.is_empty() {
        return Err("image source is empty".into());
    } else {
        return Err("image source must be a data URI or an assets:// reference".into());
    };
    let format = ImageFormat::sniff(&bytes).ok_or_else(|| "image is not PNG, JPEG, GIF, WebP or SVG".to_owned())?;
    Ok(ImageData { bytes, format })
}

fn resolve_asset(id: &str, assets: &dyn AssetResolver) -> Result<Vec<u8>, String> {
    assets.resolve(id).map(|asset| asset.bytes).ok_or_else(|| format!("asset {id:?} not found"))
}

/// Decode the part of a data URI after `data:` (`image/png;base64,…` or percent-encoded text).
fn decode_data_uri(rest: &str) -> Result<Vec<u8>, String> {
    let (meta, payload) = rest.split_once(',').ok_or_else(|| "data URI has no comma".to_owned())?;
    if meta.ends_with(";base64") {
        let cleaned: String = payload.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(cleaned.as_bytes())
            .map_err(|err| format!("data URI is not valid base64: {err}"))
    } else {
        Ok(percent_decode(payload))
    }
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_data_uri_in_percent_encoding_is_decoded() {
        let image = load_image("data:image/svg+xml,%3Csvg xmlns='x'%3E%3C/svg%3E", &NoAssets);
        assert_eq!(image.map(|i| i.format), Ok(ImageFormat::Svg));
    }

    #[test]
    fn remote_urls_are_refused() {
        assert!(load_image("https://example.com/a.png", &NoAssets).is_err());
    }

    #[test]
    fn unknown_asset_is_an_error_naming_it() {
        let err = load_image("assets://asset_nope", &NoAssets).expect_err("lookup must fail");
        assert!(err.contains("asset_nope"), "{err}");
    }
}
