//! A request's PDF passwords on their way to the worker: sealed with the server's encryption key (AES-256-GCM, the
//! job id as associated data) into the job's `pdf_secrets`, which the store wipes when the job ends. Never logged.

use base64::Engine as _;
use quire_core::{ApiError, ErrorCode};
use quire_render::{PdfPasswords, Secret};

use crate::http::HttpError;
use crate::state::AppState;

/// The sealed passwords of job `job_id` (base64 text), or `None` when the request gave none.
pub fn seal(state: &AppState, job_id: &str, passwords: &PdfPasswords) -> Result<Option<String>, HttpError> {
    if passwords.is_empty() {
        return Ok(None);
    }
    let text = |secret: &Option<Secret>| secret.as_ref().map_or(String::new(), |s| s.0.clone());
    // The sealer keeps a text and bytes: the user password, then the owner password.
    let sealed =
        state.job_secrets.seal(job_id, text(&passwords.owner).as_bytes(), &text(&passwords.user)).map_err(|e| {
            tracing::error!(error = %e, "sealing a job's PDF passwords failed");
            HttpError(ApiError::new(ErrorCode::Internal))
        })?;
    Ok(Some(base64::engine::general_purpose::STANDARD.encode(sealed)))
}

/// Opens what [`seal`] made for `job_id`; the error says why not, without any secret.
pub fn open(state: &AppState, job_id: &str, sealed: &str) -> Result<PdfPasswords, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(sealed)
        .map_err(|_| "the job's sealed PDF passwords are damaged".to_owned())?;
    let opened = state.job_secrets.unseal(job_id, &bytes).map_err(|e| e.to_string())?;
    let owner =
        String::from_utf8(opened.pkcs12).map_err(|_| "the job's sealed PDF passwords are damaged".to_owned())?;
    // The user password stays given even when empty, so the file is encrypted as the request asked.
    let owner = (!owner.is_empty()).then_some(Secret(owner));
    Ok(PdfPasswords { user: Some(Secret(opened.password)), owner })
}
