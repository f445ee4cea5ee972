//! OAuth secrets (`oat_` access tokens, `ort_` refresh tokens, `oac_` authorization codes, `ocs_` client
//! secrets): the API key's shape (32 base62 random characters + 6 of CRC-32), stored only as a SHA-256 digest.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::api_key::{CHECKSUM_LEN, RANDOM_LEN, checksum};
use crate::base62;

/// Which OAuth secret a string is, told apart by its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OAuthSecretKind {
    /// `oat_…`, lives an hour.
    AccessToken,
    /// `ort_…`, lives 30 days, rotated on use.
    RefreshToken,
    /// `oac_…`, single use, lives 60 seconds.
    AuthorizationCode,
    /// `ocs_…`, a confidential app's secret.
    ClientSecret,
}

impl OAuthSecretKind {
    /// The prefix, underscore included.
    pub fn prefix(self) -> &'static str {
        match self {
            OAuthSecretKind::AccessToken => "oat_",
            OAuthSecretKind::RefreshToken => "ort_",
            OAuthSecretKind::AuthorizationCode => "oac_",
            OAuthSecretKind::ClientSecret => "ocs_",
        }
    }

    /// Length of a whole secret of this kind.
    pub fn secret_len(self) -> usize {
        self.prefix().len() + RANDOM_LEN + CHECKSUM_LEN
    }
}

/// A whole OAuth secret. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct OAuthSecret {
    kind: OAuthSecretKind,
    text: String,
}

impl std::fmt::Debug for OAuthSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OAuthSecret({}…)", self.kind.prefix())
    }
}

impl OAuthSecret {
    /// A new secret from the OS CSPRNG.
    pub fn generate(kind: OAuthSecretKind) -> Self {
        let random = base62::random_string(RANDOM_LEN);
        let checksum = checksum(&random);
        Self { kind, text: format!("{}{random}{checksum}", kind.prefix()) }
    }

    /// A secret of `kind` when prefix, length, alphabet and checksum are right; `None` otherwise.
    pub fn parse(kind: OAuthSecretKind, token: &str) -> Option<Self> {
        let rest = token.strip_prefix(kind.prefix())?;
        if token.len() != kind.secret_len() || !base62::is_base62(rest) {
            return None;
        }
        let (random, given) = rest.split_at(RANDOM_LEN);
        let expected = checksum(random);
        bool::from(expected.as_bytes().ct_eq(given.as_bytes())).then(|| Self { kind, text: token.to_string() })
    }

    /// Which kind it is.
    pub fn kind(&self) -> OAuthSecretKind {
        self.kind
    }

    /// The secret itself; hand it out exactly once.
    pub fn expose(&self) -> &str {
        &self.text
    }

    /// Lower-case hex SHA-256 of the whole secret: what is stored and looked up.
    pub fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.text.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [OAuthSecretKind; 4] = [
        OAuthSecretKind::AccessToken,
        OAuthSecretKind::RefreshToken,
        OAuthSecretKind::AuthorizationCode,
        OAuthSecretKind::ClientSecret,
    ];

    #[test]
    fn generated_secrets_parse_only_as_their_own_kind() {
        for kind in KINDS {
            let secret = OAuthSecret::generate(kind);
            assert_eq!(secret.expose().len(), 42);
            assert!(secret.expose().starts_with(kind.prefix()));
            assert_eq!(OAuthSecret::parse(kind, secret.expose()), Some(secret.clone()));
            for other in KINDS.into_iter().filter(|k| *k != kind) {
                assert_eq!(OAuthSecret::parse(other, secret.expose()), None);
            }
        }
    }

    #[test]
    fn a_flipped_character_or_a_short_token_is_refused() {
        let good = OAuthSecret::generate(OAuthSecretKind::AccessToken).expose().to_string();
        let mut flipped = good.clone().into_bytes();
        flipped[8] = if flipped[8] == b'a' { b'b' } else { b'a' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert_eq!(OAuthSecret::parse(OAuthSecretKind::AccessToken, &flipped), None);
        assert_eq!(OAuthSecret::parse(OAuthSecretKind::AccessToken, &good[..41]), None);
    }

    #[test]
    fn debug_and_digest_never_show_the_secret() {
        let secret = OAuthSecret::generate(OAuthSecretKind::RefreshToken);
        let shown = format!("{secret:?} {}", secret.digest());
        assert!(!shown.contains(&secret.expose()[4..]));
        assert_eq!(secret.digest().len(), 64);
    }
}
