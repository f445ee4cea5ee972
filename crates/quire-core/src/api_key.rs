//! The API key format: `fm_` + 32 base62 random characters + 6 base62 characters of CRC-32 checksum.
//!
//! The checksum lets a mistyped or forged key be refused without touching storage and lets secret
//! scanners recognise leaked keys. Keys are stored only as their SHA-256 digest.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::base62;

/// Every key starts with this.
pub const KEY_PREFIX: &str = "fm_";
/// Characters of randomness after the prefix.
pub const RANDOM_LEN: usize = 32;
/// Characters of checksum after the random part.
pub const CHECKSUM_LEN: usize = 6;
/// Total length of a key.
pub const KEY_LEN: usize = KEY_PREFIX.len() + RANDOM_LEN + CHECKSUM_LEN;
/// Random characters shown in the display prefix (`fm_` + 8).
pub const DISPLAY_RANDOM_LEN: usize = 8;

/// Why a token is not a well-formed API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApiKeyFormatError {
    #[error("API key must start with fm_")]
    Prefix,
    #[error("API key must be {KEY_LEN} characters long")]
    Length,
    #[error("API key contains characters outside 0-9A-Za-z")]
    Alphabet,
    #[error("API key checksum does not match")]
    Checksum,
}

/// A whole API key secret. Its `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKeySecret(String);

impl std::fmt::Debug for ApiKeySecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKeySecret({}…)", self.display_prefix())
    }
}

impl ApiKeySecret {
    /// A new key with 32 characters from the OS CSPRNG (about 190 bits).
    pub fn generate() -> Self {
        let random = base62::random_string(RANDOM_LEN);
        let checksum = checksum(&random);
        Self(format!("{KEY_PREFIX}{random}{checksum}"))
    }

    /// Checks prefix, length, alphabet and checksum; touches nothing else.
    pub fn parse(token: &str) -> Result<Self, ApiKeyFormatError> {
        let rest = token.strip_prefix(KEY_PREFIX).ok_or(ApiKeyFormatError::Prefix)?;
        if token.len() != KEY_LEN {
            return Err(ApiKeyFormatError::Length);
        }
        if !base62::is_base62(rest) {
            return Err(ApiKeyFormatError::Alphabet);
        }
        let (random, given) = rest.split_at(RANDOM_LEN);
        let expected = checksum(random);
        if !bool::from(expected.as_bytes().ct_eq(given.as_bytes())) {
            return Err(ApiKeyFormatError::Checksum);
        }
        Ok(Self(token.to_string()))
    }

    /// The secret itself; show it exactly once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `fm_` + the first 8 random characters, for lists.
    pub fn display_prefix(&self) -> String {
        self.0[..KEY_PREFIX.len() + DISPLAY_RANDOM_LEN].to_string()
    }

    /// The SHA-256 digest under which the key is stored and looked up.
    pub fn digest(&self) -> ApiKeyDigest {
        ApiKeyDigest(Sha256::digest(self.0.as_bytes()).into())
    }
}

/// True when the token has the shape of an API key (starts with `fm_`), valid or not.
pub fn looks_like_api_key(token: &str) -> bool {
    token.starts_with(KEY_PREFIX)
}

/// CRC-32 (IEEE) of the random part's ASCII bytes in 6 base62 characters.
pub fn checksum(random: &str) -> String {
    base62::encode_padded(u64::from(crc32fast::hash(random.as_bytes())), CHECKSUM_LEN)
}

/// SHA-256 of a whole key: the lookup index, never reversible to the key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApiKeyDigest(pub [u8; 32]);

impl ApiKeyDigest {
    /// Lower-case hex, as stored.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// From stored lower-case hex.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = hex::decode(text).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    /// Constant-time equality.
    pub fn ct_eq(&self, other: &ApiKeyDigest) -> bool {
        bool::from(self.0.ct_eq(&other.0))
    }
}

impl std::fmt::Debug for ApiKeyDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKeyDigest({}…)", &self.to_hex()[..8])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse_and_have_the_documented_shape() {
        let key = ApiKeySecret::generate();
        assert_eq!(key.expose().len(), 41);
        assert!(key.expose().starts_with("fm_"));
        assert_eq!(ApiKeySecret::parse(key.expose()), Ok(key.clone()));
        assert_eq!(key.display_prefix().len(), 11);
    }

    #[test]
    fn checksum_is_crc32_in_base62() {
        let random = "abcdefghijklmnopqrstuvwxyz012345";
        let crc = crc32fast::hash(random.as_bytes());
        assert_eq!(checksum(random), base62::encode_padded(u64::from(crc), 6));
        let key = format!("fm_{random}{}", checksum(random));
        assert!(ApiKeySecret::parse(&key).is_ok());
    }

    #[test]
    fn malformed_keys_are_refused_with_the_reason() {
        let good = ApiKeySecret::generate().expose().to_string();
        assert_eq!(ApiKeySecret::parse("sk_live_x"), Err(ApiKeyFormatError::Prefix));
        assert_eq!(ApiKeySecret::parse(&good[..40]), Err(ApiKeyFormatError::Length));
        let mut bad_alpha = good.clone();
        bad_alpha.replace_range(5..6, "-");
        assert_eq!(ApiKeySecret::parse(&bad_alpha), Err(ApiKeyFormatError::Alphabet));
        let mut flipped = good.into_bytes();
        flipped[10] = if flipped[10] == b'a' { b'b' } else { b'a' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert_eq!(ApiKeySecret::parse(&flipped), Err(ApiKeyFormatError::Checksum));
    }

    #[test]
    fn debug_output_never_contains_the_secret() {
        let key = ApiKeySecret::generate();
        let shown = format!("{key:?} {:?}", key.digest());
        assert!(!shown.contains(&key.expose()[11..]));
    }

    #[test]
    fn digest_round_trips_through_hex() {
        let d = ApiKeySecret::generate().digest();
        assert!(ApiKeyDigest::from_hex(&d.to_hex()).unwrap().ct_eq(&d));
    }
}
