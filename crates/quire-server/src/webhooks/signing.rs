//! Webhook signing secrets and the `X-Rynko-Signature` header (API.md §7).
//!
//! The header is `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The HMAC key is the
//! whole secret string as UTF-8, `whsec_` prefix included: that is what the Rynko SDKs'
//! `verify_webhook_signature(payload, signature, secret)` computes, so a receiver passes the secret exactly
//! as Quire showed it.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Prefix of every signing secret, so secret scanners and people recognise one.
pub const SECRET_PREFIX: &str = "whsec_";

/// Random base62 characters after the prefix (about 190 bits).
const SECRET_RANDOM_LEN: usize = 32;

/// A fresh signing secret, `whsec_` + 32 base62 characters from the OS CSPRNG.
pub fn new_secret() -> String {
    format!("{SECRET_PREFIX}{}", quire_core::base62::random_string(SECRET_RANDOM_LEN))
}

/// The hex HMAC-SHA256 of `"<timestamp>.<body>"` under `secret`.
pub fn signature_digest(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// The `X-Rynko-Signature` value for `body` sent at `timestamp` (Unix seconds).
pub fn signature_header(secret: &str, timestamp: i64, body: &[u8]) -> String {
    format!("t={timestamp},v1={}", signature_digest(secret, timestamp, body))
}

/// The first characters of a secret, safe to show in lists.
pub fn secret_hint(secret: &str) -> String {
    secret.chars().take(SECRET_PREFIX.len() + 4).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_matches_an_independent_hmac() {
        // Computed with Python: hmac.new(b"whsec_test", b"1700000000.{\"a\":1}", hashlib.sha256).hexdigest()
        let header = signature_header("whsec_test", 1_700_000_000, br#"{"a":1}"#);
        assert_eq!(header, "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
    }

    #[test]
    fn a_different_body_or_time_changes_the_signature() {
        let a = signature_digest("whsec_k", 1, b"body");
        assert_ne!(a, signature_digest("whsec_k", 2, b"body"));
        assert_ne!(a, signature_digest("whsec_k", 1, b"body!"));
        assert_ne!(a, signature_digest("whsec_j", 1, b"body"));
    }

    #[test]
    fn secrets_are_prefixed_and_distinct() {
        let a = new_secret();
        assert!(a.starts_with("whsec_") && a.len() == 38);
        assert_ne!(a, new_secret());
        assert_eq!(secret_hint(&a), a[..10]);
    }
}
