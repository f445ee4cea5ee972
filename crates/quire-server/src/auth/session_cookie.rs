//! Dashboard sessions in cookies: the cookie names, reading them, and the CSRF and same-origin checks that
//! guard every state-changing request a session cookie authenticates.
//!
//! The access token travels in an `HttpOnly; SameSite=Strict` cookie, so page scripts never see it. Each
//! session also has a random CSRF token: its SHA-256 is a claim of the signed access token, the token
//! itself sits in a readable cookie, and the dashboard echoes it in `X-CSRF-Token` (a signed double-submit
//! cookie: a forged or planted cookie cannot match a claim signed by the server).

use axum::http::{HeaderMap, Method, header};
use quire_core::{ApiError, ErrorCode};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::jwt::AccessClaims;

/// The header that carries the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The names of the three session cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieNames {
    /// The access token (HttpOnly).
    pub session: &'static str,
    /// The refresh token (HttpOnly, sent only to the session endpoints).
    pub refresh: &'static str,
    /// The CSRF token (readable by the dashboard's scripts).
    pub csrf: &'static str,
}

/// Over plain http: `quire_session`, `quire_refresh`, `quire_csrf`.
const PLAIN: CookieNames = CookieNames { session: "quire_session", refresh: "quire_refresh", csrf: "quire_csrf" };

/// Over https the browser-enforced prefixes: `__Host-` cookies must be `Secure`, `Path=/` and carry no
/// `Domain`, so a sibling subdomain cannot plant one; the path-limited refresh cookie gets `__Secure-`.
const PREFIXED: CookieNames =
    CookieNames { session: "__Host-quire_session", refresh: "__Secure-quire_refresh", csrf: "__Host-quire_csrf" };

/// Whether session cookies are `Secure`: when the public URL is https.
pub fn secure_cookies(public_url: &str) -> bool {
    public_url.starts_with("https://")
}

/// The cookie names for a server reached at `public_url`.
pub fn cookie_names(public_url: &str) -> CookieNames {
    if secure_cookies(public_url) { PREFIXED } else { PLAIN }
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// A new CSRF token and the digest bound into the access token.
pub fn new_csrf_token() -> (String, String) {
    let token = quire_core::base62::random_string(32);
    let digest = csrf_digest(&token);
    (token, digest)
}

fn csrf_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether a method changes state (everything but GET, HEAD, OPTIONS).
pub fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn csrf_refused(why: &str) -> ApiError {
    ApiError::with_message(ErrorCode::AuthForbidden, format!("Request refused: {why}"))
}

/// For a state-changing request authenticated by the session cookie: the `Origin` (when sent) must be this
/// server, and `X-CSRF-Token` must be the session's token.
pub fn check_csrf(
    method: &Method,
    headers: &HeaderMap,
    claims: &AccessClaims,
    public_url: &str,
) -> Result<(), ApiError> {
    if !is_state_changing(method) {
        return Ok(());
    }
    check_same_origin(headers, public_url)?;
    let presented = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty());
    let Some(presented) = presented else {
        return Err(csrf_refused("missing X-CSRF-Token header (send the quire_csrf cookie's value)"));
    };
    let Some(expected) = claims.csrf.as_deref() else {
        return Err(csrf_refused("this token cannot be used from a cookie"));
    };
    if bool::from(csrf_digest(presented).as_bytes().ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(csrf_refused("X-CSRF-Token does not match this session"))
    }
}

/// A request whose `Origin` header names another site is refused. Accepted: no `Origin` (non-browser
/// clients; the CSRF token is the main guard), the configured public URL, or the `Host` the request came to.
pub fn check_same_origin(headers: &HeaderMap, public_url: &str) -> Result<(), ApiError> {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or_default();
    let is_public_url = public_url.starts_with(origin) && public_url[origin.len()..].trim_start_matches('/').is_empty();
    if is_public_url || (!host.is_empty() && origin_host.eq_ignore_ascii_case(host)) {
        Ok(())
    } else {
        Err(csrf_refused("cross-site request"))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn claims(csrf: Option<String>) -> AccessClaims {
        AccessClaims {
            sub: "usr_1".into(),
            email: "a@b.co".into(),
            name: "A".into(),
            iat: 0,
            exp: 0,
            typ: "access".into(),
            csrf,
        }
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; quire_session=tok; b="));
        headers.append(header::COOKIE, HeaderValue::from_static("quire_csrf=xyz"));
        let names = cookie_names("http://127.0.0.1:8080");
        assert_eq!(cookie(&headers, names.session), Some("tok"));
        assert_eq!(cookie(&headers, names.csrf), Some("xyz"));
        assert_eq!(cookie(&headers, cookie_names("https://q.example.com").session), None, "https wants __Host-");
        assert_eq!(cookie(&headers, "b"), None);
        assert_eq!(cookie(&headers, "quire"), None);
    }

    #[test]
    fn state_changing_requests_need_the_matching_token() {
        let (token, digest) = new_csrf_token();
        let session = claims(Some(digest));
        let mut headers = HeaderMap::new();
        let url = "http://localhost:8080";
        assert!(check_csrf(&Method::GET, &headers, &session, url).is_ok());
        assert_eq!(check_csrf(&Method::POST, &headers, &session, url).unwrap_err().code, ErrorCode::AuthForbidden);
        headers.insert(CSRF_HEADER, HeaderValue::from_static("wrong"));
        assert!(check_csrf(&Method::DELETE, &headers, &session, url).is_err());
        headers.insert(CSRF_HEADER, HeaderValue::from_str(&token).unwrap());
        assert!(check_csrf(&Method::DELETE, &headers, &session, url).is_ok());
        assert!(check_csrf(&Method::POST, &headers, &claims(None), url).is_err());
    }

    #[test]
    fn other_origins_are_refused() {
        let public = "https://docs.example.com";
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(check_same_origin(&headers, public).is_ok());
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:8080"));
        assert!(check_same_origin(&headers, public).is_ok());
        headers.insert(header::ORIGIN, HeaderValue::from_static("https://docs.example.com"));
        assert!(check_same_origin(&headers, public).is_ok());
        headers.insert(header::ORIGIN, HeaderValue::from_static("https://docs.example"));
        assert!(check_same_origin(&headers, public).is_err());
        headers.insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(check_same_origin(&headers, public).is_err());
        headers.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(check_same_origin(&headers, public).is_err());
    }
}
