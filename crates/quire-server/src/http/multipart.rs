//! Reading `multipart/form-data` uploads: the body itself, parts up to a size cap (stopping as soon as it is
//! exceeded), and the errors a broken body answers with.

use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::http::StatusCode;
use quire_core::{ApiError, ErrorCode};

use super::HttpError;

/// The multipart body, or `400 ERR_VALID_001` at `file` saying one is expected.
pub fn multipart_body(body: Result<Multipart, MultipartRejection>) -> Result<Multipart, HttpError> {
    body.map_err(|e| {
        HttpError(ApiError::invalid_field(
            "file",
            format!("expected a multipart/form-data body with a file part ({e})"),
        ))
    })
}

/// A body that cannot be read: `413 ERR_VALID_003` when it is too large, else `400 ERR_VALID_001` at `file`.
pub fn multipart_error(status: StatusCode, detail: impl std::fmt::Display) -> HttpError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        HttpError(ApiError::new(ErrorCode::BodyTooLarge))
    } else {
        HttpError(ApiError::invalid_field("file", format!("could not read the multipart body: {detail}")))
    }
}

/// The next part of the body, if any.
pub async fn next_part<'a>(multipart: &'a mut Multipart) -> Result<Option<Field<'a>>, HttpError> {
    multipart.next_field().await.map_err(|e| multipart_error(e.status(), e.body_text()))
}

/// Reads a part up to `max_bytes`; past that, `413 ERR_VALID_003` with `too_large` as the message.
pub async fn read_limited(mut field: Field<'_>, max_bytes: usize, too_large: &str) -> Result<Vec<u8>, HttpError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(e.status(), e.body_text()))? {
        if bytes.len() + chunk.len() > max_bytes {
            return Err(HttpError(ApiError::with_message(ErrorCode::BodyTooLarge, too_large)));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}
