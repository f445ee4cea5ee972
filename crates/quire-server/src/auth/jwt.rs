//! Dashboard access tokens: HS256 JWTs with expiry.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use quire_core::{ApiError, ErrorCode, Timestamp};
use serde::{Deserialize, Serialize};

/// Claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user id.
    pub sub: String,
    pub email: String,
    pub name: String,
    pub iat: i64,
    pub exp: i64,
    /// Always `access`.
    pub typ: String,
    /// Dashboard sessions only: SHA-256 (hex) of the session's CSRF token, which state-changing requests
    /// authenticated by the session cookie must present in `X-CSRF-Token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csrf: Option<String>,
}

/// Signing and verification keys.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl_seconds: i64,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(..)")
    }
}

impl JwtKeys {
    /// Keys from a secret.
    pub fn new(secret: &[u8], ttl_seconds: u64) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl_seconds: ttl_seconds as i64,
        }
    }

    /// Seconds an access token lives.
    pub fn ttl_seconds(&self) -> i64 {
        self.ttl_seconds
    }

    /// Issues an access token for a user, valid from `now`; `csrf` binds a dashboard session's CSRF token.
    pub fn issue(
        &self,
        user_id: &str,
        email: &str,
        name: &str,
        now: Timestamp,
        csrf: Option<String>,
    ) -> anyhow::Result<String> {
        let claims = AccessClaims {
            sub: user_id.into(),
            email: email.into(),
            name: name.into(),
            iat: now.as_unix_seconds(),
            exp: now.as_unix_seconds() + self.ttl_seconds,
            typ: "access".into(),
            csrf,
        };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// Verifies signature, algorithm and expiry: expired is `ERR_AUTH_003`, anything else `ERR_AUTH_004`.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, ApiError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        match jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &validation) {
            Ok(data) if data.claims.typ == "access" => Ok(data.claims),
            Ok(_) => Err(ApiError::new(ErrorCode::AuthInvalid)),
            Err(e) if matches!(e.kind(), ErrorKind::ExpiredSignature) => Err(ApiError::new(ErrorCode::AuthExpired)),
            Err(_) => Err(ApiError::new(ErrorCode::AuthInvalid)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_and_expire() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef", 60);
        let token = keys.issue("usr_1", "a@b.co", "A", Timestamp::now(), None).unwrap();
        assert_eq!(keys.verify(&token).unwrap().sub, "usr_1");
        let old = keys.issue("usr_1", "a@b.co", "A", Timestamp::now().plus_seconds(-3600), None).unwrap();
        assert_eq!(keys.verify(&old).unwrap_err().code, ErrorCode::AuthExpired);
        let other = JwtKeys::new(b"another-secret-another-secret-xx", 60);
        assert_eq!(other.verify(&token).unwrap_err().code, ErrorCode::AuthInvalid);
        assert_eq!(keys.verify("not.a.jwt").unwrap_err().code, ErrorCode::AuthInvalid);
    }
}
