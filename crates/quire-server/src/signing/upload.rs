//! Reading an uploaded certificate: the multipart parts (`file` up to 1 MB, `password`, optional `name`) and the
//! PKCS#12 file itself, with each refusal naming its field and never repeating the password.

use axum::extract::multipart::{Multipart, MultipartRejection};
use quire_core::{ApiError, Timestamp};
use quire_pdf_post::{PostError, Signer};

use crate::http::HttpError;
use crate::http::multipart::{multipart_body, next_part, read_limited};

/// Largest PKCS#12 file: 1 MB (a certificate chain with its key is a few KB).
pub const MAX_PKCS12_BYTES: usize = 1024 * 1024;
/// Longest password and name part, in bytes.
const MAX_TEXT_PART_BYTES: usize = 4 * 1024;
/// Longest certificate name, in characters.
const MAX_NAME_CHARS: usize = 255;

/// The parts of an upload. `Debug` shows neither the file nor the password.
pub struct Upload {
    pub pkcs12: Vec<u8>,
    pub password: String,
    pub name: Option<String>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Upload {{ pkcs12: <{} bytes>, password: ***, name: {:?} }}", self.pkcs12.len(), self.name)
    }
}

/// A text part as UTF-8, or `400 ERR_VALID_001` at `field`.
fn text_part(field: &str, bytes: Vec<u8>) -> Result<String, HttpError> {
    String::from_utf8(bytes).map_err(|_| HttpError(ApiError::invalid_field(field, "must be UTF-8 text")))
}

/// Reads the multipart body; a missing `password` part is an empty password.
pub async fn read_upload(body: Result<Multipart, MultipartRejection>) -> Result<Upload, HttpError> {
    let mut multipart = multipart_body(body)?;
    let (mut pkcs12, mut password, mut name) = (None, String::new(), None);
    let text_too_large = format!("A text part is larger than the limit of {MAX_TEXT_PART_BYTES} bytes");
    while let Some(field) = next_part(&mut multipart).await? {
        match field.name() {
            Some("file") => {
                let too_large = format!("The PKCS#12 file is larger than the limit of {} MB", MAX_PKCS12_BYTES >> 20);
                pkcs12 = Some(read_limited(field, MAX_PKCS12_BYTES, &too_large).await?);
            }
            Some("password") => {
                password = text_part("password", read_limited(field, MAX_TEXT_PART_BYTES, &text_too_large).await?)?;
            }
            Some("name") => {
                name = Some(text_part("name", read_limited(field, MAX_TEXT_PART_BYTES, &text_too_large).await?)?);
            }
            _ => {}
        }
    }
    let pkcs12 = pkcs12
        .filter(|bytes| !bytes.is_empty())
        .ok_or_else(|| HttpError(ApiError::invalid_field("file", "is required: the PKCS#12 (.p12, .pfx) file")))?;
    Ok(Upload { pkcs12, password, name: checked_name(name)? })
}

/// The name without surrounding spaces; `None` when absent or blank (the certificate's CN is used).
fn checked_name(name: Option<String>) -> Result<Option<String>, HttpError> {
    let Some(name) = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) else { return Ok(None) };
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        let message = format!("must have at most {MAX_NAME_CHARS} characters and no control characters");
        return Err(HttpError(ApiError::invalid_field("name", message)));
    }
    Ok(Some(name))
}

/// Reads the PKCS#12 file (milliseconds of key derivation: call it on a blocking thread). A wrong password is
/// `400` at `password`; anything else wrong with the file `400` at `file`; a certificate whose validity ended
/// before `now` `422` at `file`. None of these messages contains the password.
pub fn read_certificate(upload: &Upload, now: Timestamp) -> Result<Signer, ApiError> {
    let signer = Signer::from_pkcs12(&upload.pkcs12, &upload.password).map_err(|e| match e {
        PostError::WrongPassword => {
            ApiError::invalid_field("password", "is wrong for this PKCS#12 file (its integrity check failed)")
        }
        PostError::Certificate(reason) => ApiError::invalid_field("file", reason),
        other => ApiError::invalid_field("file", other.to_string()),
    })?;
    let not_after = Timestamp::from_datetime(signer.not_after());
    if now > not_after {
        return Err(ApiError::unprocessable_field(
            "file",
            format!("the certificate expired on {}", not_after.to_iso()),
        ));
    }
    Ok(signer)
}
