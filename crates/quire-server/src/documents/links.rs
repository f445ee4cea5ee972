//! Signed download links: HMAC-SHA256 over the job id and the expiry, checked in constant time.

use hmac::{Hmac, Mac};
use quire_core::Timestamp;
use sha2::Sha256;

/// Signs and checks download links.
#[derive(Clone)]
pub struct LinkSigner {
    key: Vec<u8>,
    /// How long a minted link works.
    pub ttl_seconds: i64,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LinkSigner(ttl={}s)", self.ttl_seconds)
    }
}

/// Why a link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    BadSignature,
    Expired,
}

impl LinkSigner {
    /// A signer with `key`.
    pub fn new(key: &[u8], ttl_seconds: i64) -> Self {
        Self { key: key.to_vec(), ttl_seconds }
    }

    fn mac(&self, job_id: &str, expires: i64) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(job_id.as_bytes());
        mac.update(b".");
        mac.update(expires.to_string().as_bytes());
        mac
    }

    /// `(url, expiresAt)` for a job, valid for `ttl_seconds` from `now`.
    pub fn mint(&self, public_url: &str, job_id: &str, now: Timestamp) -> (String, Timestamp) {
        let expires = now.plus_seconds(self.ttl_seconds);
        let unix = expires.as_unix_seconds();
        let signature = hex::encode(self.mac(job_id, unix).finalize().into_bytes());
        (format!("{public_url}/api/v1/documents/jobs/{job_id}/download?expires={unix}&signature={signature}"), expires)
    }

    /// Checks a presented link.
    pub fn verify(&self, job_id: &str, expires: i64, signature_hex: &str, now: Timestamp) -> Result<(), LinkError> {
        let signature = hex::decode(signature_hex).map_err(|_| LinkError::BadSignature)?;
        self.mac(job_id, expires).verify_slice(&signature).map_err(|_| LinkError::BadSignature)?;
        if expires < now.as_unix_seconds() {
            return Err(LinkError::Expired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_links_verify_and_tampering_fails() {
        let signer = LinkSigner::new(b"k", 3600);
        let now = Timestamp::now();
        let (url, _) = signer.mint("http://x", "job_1", now);
        let query = url.split('?').nth(1).unwrap();
        let expires: i64 = query.split('&').next().unwrap().trim_start_matches("expires=").parse().unwrap();
        let sig = query.split("signature=").nth(1).unwrap();
        assert_eq!(signer.verify("job_1", expires, sig, now), Ok(()));
        assert_eq!(signer.verify("job_2", expires, sig, now), Err(LinkError::BadSignature));
        assert_eq!(signer.verify("job_1", expires + 1, sig, now), Err(LinkError::BadSignature));
        assert_eq!(signer.verify("job_1", expires, sig, now.plus_seconds(7200)), Err(LinkError::Expired));
    }
}
