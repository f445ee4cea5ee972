//! Sealing a PKCS#12 file and its password for storage: AES-256-GCM under the configured key, a fresh 96-bit nonce
//! per record, the record id as associated data (a sealed value moved to another row does not open), and a
//! version byte in front so the key can be rotated later.

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Nonce, Payload};
use rand::TryRngCore;
use rand::rngs::OsRng;

use crate::config::EncryptionKey;

/// The layout written today: `[VERSION, nonce (12), ciphertext + tag (16)]`.
const VERSION: u8 = 1;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Why a sealed value did not open (or could not be made). Never carries key material.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the sealed value is empty or shorter than its header (revoked, or damaged)")]
    Truncated,
    #[error("the sealed value has version {0}, which this server does not know")]
    UnknownVersion(u8),
    #[error("the sealed value does not open with this encryption key (another QUIRE_ENCRYPTION_KEY, or damaged)")]
    Rejected,
    #[error("no randomness for a nonce: {0}")]
    Randomness(String),
}

/// The PKCS#12 file and its password, in clear, for one read. `Debug` shows neither.
pub struct Unsealed {
    pub pkcs12: Vec<u8>,
    pub password: String,
}

impl std::fmt::Debug for Unsealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Unsealed {{ pkcs12: <{} bytes>, password: *** }}", self.pkcs12.len())
    }
}

/// Seals and opens certificate records with one key.
#[derive(Clone)]
pub struct Sealer {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(AES-256-GCM, key hidden)")
    }
}

impl Sealer {
    /// A sealer with `key`.
    pub fn new(key: &EncryptionKey) -> Self {
        Self { cipher: Aes256Gcm::new(&(*key.as_bytes()).into()) }
    }

    /// Seals `pkcs12` and `password` for the record `record_id`. The clear text is the password's length (4 bytes,
    /// big-endian), the password, then the file.
    pub fn seal(&self, record_id: &str, pkcs12: &[u8], password: &str) -> Result<Vec<u8>, SealError> {
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.try_fill_bytes(&mut nonce).map_err(|e| SealError::Randomness(e.to_string()))?;
        let password_len = u32::try_from(password.len()).map_err(|_| SealError::Rejected)?;
        let mut clear = Vec::with_capacity(4 + password.len() + pkcs12.len());
        clear.extend_from_slice(&password_len.to_be_bytes());
        clear.extend_from_slice(password.as_bytes());
        clear.extend_from_slice(pkcs12);
        let payload = Payload { msg: &clear, aad: record_id.as_bytes() };
        let sealed = self.cipher.encrypt(&Nonce::<Aes256Gcm>::from(nonce), payload).map_err(|_| SealError::Rejected)?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens what [`Sealer::seal`] made for `record_id`.
    pub fn unseal(&self, record_id: &str, sealed: &[u8]) -> Result<Unsealed, SealError> {
        let (&version, rest) = sealed.split_first().ok_or(SealError::Truncated)?;
        if version != VERSION {
            return Err(SealError::UnknownVersion(version));
        }
        if rest.len() < NONCE_LEN + TAG_LEN {
            return Err(SealError::Truncated);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| SealError::Truncated)?;
        let payload = Payload { msg: ciphertext, aad: record_id.as_bytes() };
        let clear = self.cipher.decrypt(&Nonce::<Aes256Gcm>::from(nonce), payload).map_err(|_| SealError::Rejected)?;
        let (length, rest) = clear.split_at_checked(4).ok_or(SealError::Rejected)?;
        let length = u32::from_be_bytes(length.try_into().map_err(|_| SealError::Rejected)?) as usize;
        let (password, pkcs12) = rest.split_at_checked(length).ok_or(SealError::Rejected)?;
        let password = String::from_utf8(password.to_vec()).map_err(|_| SealError::Rejected)?;
        Ok(Unsealed { pkcs12: pkcs12.to_vec(), password })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn sealer(byte: u8) -> Sealer {
        Sealer::new(&EncryptionKey::parse(&format!("{byte:02x}").repeat(32)).unwrap())
    }

    #[test]
    fn a_sealed_record_opens_with_its_key_and_id_only() {
        let sealed = sealer(1).seal("cert_a", b"PKCS12-BYTES", "pässword").unwrap();
        assert_eq!(sealed[0], VERSION);
        assert_eq!(sealed.len(), 1 + NONCE_LEN + 4 + "pässword".len() + 12 + TAG_LEN);
        let opened = sealer(1).unseal("cert_a", &sealed).unwrap();
        assert_eq!((opened.pkcs12.as_slice(), opened.password.as_str()), (&b"PKCS12-BYTES"[..], "pässword"));
        assert!(matches!(sealer(2).unseal("cert_a", &sealed), Err(SealError::Rejected)), "another key");
        assert!(matches!(sealer(1).unseal("cert_b", &sealed), Err(SealError::Rejected)), "another row");
    }

    #[test]
    fn nothing_in_clear_and_a_new_nonce_every_time() {
        let (first, second) = (
            sealer(1).seal("c", b"SECRET-FILE", "hunter2").unwrap(),
            sealer(1).seal("c", b"SECRET-FILE", "hunter2").unwrap(),
        );
        assert_ne!(first[1..1 + NONCE_LEN], second[1..1 + NONCE_LEN], "a fresh nonce per seal");
        assert_ne!(first, second);
        for needle in [&b"SECRET-FILE"[..], b"hunter2"] {
            assert!(!first.windows(needle.len()).any(|w| w == needle));
        }
    }

    #[test]
    fn damaged_revoked_and_future_values_are_refused() {
        let mut sealed = sealer(1).seal("c", b"x", "").unwrap();
        assert!(sealer(1).unseal("c", &sealed).unwrap().password.is_empty(), "an empty password is fine");
        assert!(matches!(sealer(1).unseal("c", &[]), Err(SealError::Truncated)), "revoked: wiped");
        assert!(matches!(sealer(1).unseal("c", &sealed[..20]), Err(SealError::Truncated)));
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert!(matches!(sealer(1).unseal("c", &sealed), Err(SealError::Rejected)), "a flipped bit");
        sealed[0] = 2;
        assert!(matches!(sealer(1).unseal("c", &sealed), Err(SealError::UnknownVersion(2))));
        assert!(!format!("{:?}", sealer(1)).contains("0101"));
    }
}
