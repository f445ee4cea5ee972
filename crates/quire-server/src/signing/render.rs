//! What the render path calls: the signer of a project's certificate, refused when unknown, revoked or outside
//! its validity period (`422 ERR_VALID_001` at `pdf.sign.certificateId`).

use std::sync::Arc;

use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_pdf_post::Signer;

use crate::http::HttpError;
use crate::state::AppState;

/// Where a render names its certificate (API.md §12).
pub const CERTIFICATE_FIELD: &str = "pdf.sign.certificateId";

fn refused(message: String) -> ApiError {
    ApiError::unprocessable_field(CERTIFICATE_FIELD, message)
}

/// The signer of `certificate_id` in `project_id`, unsealed, for one render.
///
/// Every call reads the certificate's row, so a revocation on any node refuses the next render everywhere; only
/// the opened key is cached (see [`super::vault::SIGNER_CACHE_TTL`]).
pub async fn signer_for(state: &AppState, project_id: &str, certificate_id: &str) -> Result<Arc<Signer>, ApiError> {
    let certificate = state
        .store
        .signing_certificate(project_id, certificate_id)
        .await
        .map_err(|e| HttpError::from(e).0)?
        .ok_or_else(|| refused(format!("signing certificate {certificate_id} not found")))?;
    if let Some(revoked_at) = certificate.revoked_at {
        return Err(refused(format!("signing certificate {certificate_id} was revoked on {}", revoked_at.to_iso())));
    }
    let now = Timestamp::now();
    if now > certificate.not_after {
        let expired = certificate.not_after.to_iso();
        return Err(refused(format!("signing certificate {certificate_id} expired on {expired}")));
    }
    if now < certificate.not_before {
        let starts = certificate.not_before.to_iso();
        return Err(refused(format!("signing certificate {certificate_id} is not valid before {starts}")));
    }
    state.signing.signer(&certificate).await.map_err(|e| {
        // The operator's problem (another key, a damaged row), not the caller's: logged, answered as internal.
        tracing::error!(certificate_id, error = %e, "a stored signing certificate does not open");
        ApiError::with_message(ErrorCode::Internal, format!("signing certificate {certificate_id} cannot be opened"))
    })
}
