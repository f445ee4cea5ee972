//! `QUIRE_ENCRYPTION_KEY`: the 32-byte key that seals signing certificates at rest, written as 64 hex characters
//! or as base64; `Debug` never shows it.

use base64::Engine as _;
use rand::TryRngCore;
use rand::rngs::OsRng;
use serde::Deserialize;

/// An AES-256 key.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct EncryptionKey([u8; 32]);

impl EncryptionKey {
    /// Reads 64 hex characters or standard base64 (padded or not) of exactly 32 bytes; the error says which
    /// forms are accepted and never repeats the text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            hex::decode(text).ok()
        } else {
            let base64 = base64::engine::general_purpose::STANDARD_NO_PAD;
            base64.decode(text.trim_end_matches('=')).ok()
        };
        match bytes.map(<[u8; 32]>::try_from) {
            Some(Ok(key)) => Ok(Self(key)),
            Some(Err(bytes)) => Err(format!(
                "must be 32 bytes, written as 64 hex characters or as base64; this is {} bytes (generate one with \
                 `openssl rand -hex 32`)",
                bytes.len()
            )),
            None => Err("must be 32 bytes, written as 64 hex characters or as base64 (generate one with \
                         `openssl rand -hex 32`)"
                .into()),
        }
    }

    /// A fresh key from the operating system's CSPRNG.
    pub fn generate() -> anyhow::Result<Self> {
        let mut key = [0u8; 32];
        OsRng.try_fill_bytes(&mut key).map_err(|e| anyhow::anyhow!("no randomness for an encryption key: {e}"))?;
        Ok(Self(key))
    }

    /// The key as 64 lower-case hex characters (how the generated key file holds it).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The raw key.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl TryFrom<String> for EncryptionKey {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text).map_err(|e| format!("encryption_key {e}"))
    }
}

impl std::fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EncryptionKey(…)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn hex_and_base64_of_the_same_32_bytes_are_the_same_key() {
        let from_hex = EncryptionKey::parse(HEX).unwrap();
        assert_eq!(from_hex.as_bytes()[31], 31);
        let encoded = base64::engine::general_purpose::STANDARD.encode(from_hex.as_bytes());
        assert_eq!(EncryptionKey::parse(&encoded).unwrap(), from_hex);
        assert_eq!(EncryptionKey::parse(encoded.trim_end_matches('=')).unwrap(), from_hex, "padding is optional");
        assert_eq!(EncryptionKey::parse(&HEX.to_uppercase()).unwrap(), from_hex);
        assert_eq!(from_hex.to_hex(), HEX);
    }

    #[test]
    fn anything_but_32_bytes_is_refused_without_echoing_it() {
        let short = EncryptionKey::parse("c2hvcnQta2V5").unwrap_err();
        assert!(short.contains("this is 9 bytes") && !short.contains("c2hvcnQta2V5"), "{short}");
        let garbage = EncryptionKey::parse("not a key at all!").unwrap_err();
        assert!(garbage.contains("64 hex characters") && !garbage.contains("not a key"), "{garbage}");
        assert!(EncryptionKey::parse(&HEX[..62]).is_err(), "62 hex characters are not a key");
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = EncryptionKey::parse(HEX).unwrap();
        let shown = format!("{key:?}");
        assert!(!shown.contains("0102") && !shown.contains('1'), "{shown}");
        assert_ne!(EncryptionKey::generate().unwrap(), EncryptionKey::generate().unwrap());
    }
}
