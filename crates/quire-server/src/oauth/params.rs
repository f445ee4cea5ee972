//! The parameters of an OAuth request body: `application/x-www-form-urlencoded` (RFC 6749) or a JSON object of
//! strings (API.md §10), read the same way; a repeated parameter is refused (RFC 6749 §3.1).

use std::collections::HashMap;

use axum::extract::{FromRequest, Request};
use axum::http::header;

use super::error::OAuthError;

/// Body parameters by name.
#[derive(Debug, Clone, Default)]
pub struct OAuthParams(pub HashMap<String, String>);

impl OAuthParams {
    /// A parameter, empty counting as absent (RFC 6749 §3.1).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// A parameter that must be present.
    pub fn require(&self, name: &str) -> Result<&str, OAuthError> {
        self.get(name).ok_or_else(|| OAuthError::invalid_request(format!("the {name} parameter is missing")))
    }

    /// Parses a form-encoded string (also a URL query).
    pub fn from_form(text: &str) -> Result<Self, OAuthError> {
        let mut params = HashMap::new();
        for (name, value) in url::form_urlencoded::parse(text.as_bytes()) {
            if params.insert(name.to_string(), value.into_owned()).is_some() {
                return Err(OAuthError::invalid_request(format!("the {name} parameter is repeated")));
            }
        }
        Ok(Self(params))
    }

    fn from_json(bytes: &[u8]) -> Result<Self, OAuthError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| OAuthError::invalid_request("the body is not valid JSON"))?;
        let object = value.as_object().ok_or_else(|| OAuthError::invalid_request("the body must be a JSON object"))?;
        let mut params = HashMap::new();
        for (name, value) in object {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Null => continue,
                _ => return Err(OAuthError::invalid_request(format!("the {name} parameter must be a string"))),
            };
            params.insert(name.clone(), text);
        }
        Ok(Self(params))
    }
}

impl<S: Send + Sync> FromRequest<S> for OAuthParams {
    type Rejection = OAuthError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
            .unwrap_or_default();
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|_| OAuthError::invalid_request("the body could not be read"))?;
        match content_type.as_str() {
            "application/json" => Self::from_json(&bytes),
            "application/x-www-form-urlencoded" | "" => {
                let text =
                    std::str::from_utf8(&bytes).map_err(|_| OAuthError::invalid_request("the body is not UTF-8"))?;
                Self::from_form(text)
            }
            other => Err(OAuthError::invalid_request(format!(
                "unsupported content type {other:?}: send application/x-www-form-urlencoded or application/json"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_and_json_read_alike_and_a_repeat_is_refused() {
        let form = OAuthParams::from_form("grant_type=refresh_token&scope=a%20b&empty=").unwrap();
        let json = OAuthParams::from_json(br#"{"grant_type":"refresh_token","scope":"a b","empty":""}"#).unwrap();
        for params in [form, json] {
            assert_eq!(params.get("grant_type"), Some("refresh_token"));
            assert_eq!(params.get("scope"), Some("a b"));
            assert_eq!(params.get("empty"), None);
            assert_eq!(params.require("code").unwrap_err().error, "invalid_request");
        }
        assert_eq!(OAuthParams::from_form("code=a&code=b").unwrap_err().error, "invalid_request");
        assert_eq!(OAuthParams::from_json(b"[1]").unwrap_err().error, "invalid_request");
    }
}
