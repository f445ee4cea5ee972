//! JSON request bodies with the documented errors: malformed JSON is `ERR_VALID_002`, a wrong or missing
//! field is `ERR_VALID_001` naming its path, a body over the limit is `413 ERR_VALID_003`.

use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use quire_core::{ApiError, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::HttpError;

/// A JSON body (request) or JSON answer (response).
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type =
            request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                HttpError(ApiError::new(ErrorCode::BodyTooLarge))
            } else {
                HttpError(ApiError::with_message(ErrorCode::MalformedJson, "Request body could not be read"))
            }
        })?;
        if let Some(ct) = content_type
            && !bytes.is_empty()
            && !(ct.starts_with("application/json") || ct.contains("+json"))
        {
            return Err(HttpError(ApiError::with_message(
                ErrorCode::MalformedJson,
                format!("Expected Content-Type application/json, got {ct}"),
            )));
        }
        parse_json(&bytes).map(Json)
    }
}

/// Parses a JSON body; an empty body reads as `{}` so missing fields are named.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, HttpError> {
    let text: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { bytes };
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| describe(e, text))?;
    deserializer
        .end()
        .map_err(|e| HttpError(ApiError::with_message(ErrorCode::MalformedJson, format!("Malformed JSON: {e}"))))?;
    Ok(value)
}

/// A field error is only reported for a body that is JSON at all: a data error found before the end of
/// a body that is malformed further on (say, trailing garbage) is `ERR_VALID_002`.
fn describe(err: serde_path_to_error::Error<serde_json::Error>, text: &[u8]) -> HttpError {
    let path = err.path().to_string();
    let inner = err.into_inner();
    if inner.is_syntax() || inner.is_eof() {
        return HttpError(ApiError::with_message(ErrorCode::MalformedJson, format!("Malformed JSON: {inner}")));
    }
    if let Err(syntax) = serde_json::from_slice::<serde::de::IgnoredAny>(text) {
        return HttpError(ApiError::with_message(ErrorCode::MalformedJson, format!("Malformed JSON: {syntax}")));
    }
    let message = strip_position(&inner.to_string());
    let (field, message) = match message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        Some(name) => (join_path(&path, name), "is required".to_string()),
        None => (if path == "." { String::new() } else { path }, message),
    };
    HttpError(ApiError::invalid_field(field, message))
}

fn join_path(parent: &str, name: &str) -> String {
    if parent.is_empty() || parent == "." { name.to_string() } else { format!("{parent}.{name}") }
}

/// serde_json appends " at line X column Y"; clients need the field, not the position.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        count: u32,
    }

    #[test]
    fn syntax_errors_are_malformed_json() {
        let err = parse_json::<Body>(b"{\"name\": ").unwrap_err();
        assert_eq!(err.0.code, ErrorCode::MalformedJson);
    }

    #[test]
    fn type_errors_name_the_field() {
        let err = parse_json::<Body>(br#"{"name": "a", "count": "x"}"#).unwrap_err();
        assert_eq!(err.0.code, ErrorCode::Validation);
        assert_eq!(err.0.related_info.unwrap()["errors"][0]["field"], "count");
    }

    #[test]
    fn trailing_garbage_is_malformed_even_when_a_field_is_missing() {
        let err = parse_json::<Body>(br#"{"name": "a"} trailing"#).unwrap_err();
        assert_eq!(err.0.code, ErrorCode::MalformedJson);
    }

    #[test]
    fn missing_fields_are_named() {
        let err = parse_json::<Body>(br#"{"name": "a"}"#).unwrap_err();
        assert_eq!(err.0.related_info.unwrap()["errors"][0]["field"], "count");
    }
}
