//! `/api/v1/signing-certificates` (API.md §12, `project:manage`): upload a PKCS#12 file, list, get, revoke.

use axum::Router;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::{SigningCertificate, StoreError};
use serde_json::json;

use super::upload::{read_certificate, read_upload};
use super::wire::CertificateOut;
use crate::activity::{self, Activity};
use crate::auth::ProjectAccess;
use crate::auth::access::need;
use crate::http::pagination::{PageQuery, Paged};
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

type Access = ProjectAccess<need::ManageSigningCertificates>;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/signing-certificates", get(list).post(create))
        .route("/api/v1/signing-certificates/{id}", get(fetch).delete(revoke))
}

fn not_found(id: &str) -> HttpError {
    HttpError(ApiError::with_message(
        ErrorCode::SigningCertificateNotFound,
        format!("Signing certificate {id:?} not found"),
    ))
}

/// A certificate of the project that is not revoked, or `404 ERR_CERT_001`.
async fn live_certificate(state: &AppState, access: &Access, id: &str) -> Result<SigningCertificate, HttpError> {
    let found = state.store.signing_certificate(&access.project.id, id).await?;
    found.filter(|c| c.revoked_at.is_none()).ok_or_else(|| not_found(id))
}

async fn log(state: &AppState, access: &Access, certificate: &SigningCertificate, action: &str) {
    let details = json!({
        "name": certificate.name,
        "subject": certificate.subject,
        "serialNumber": certificate.serial,
        "notAfter": certificate.not_after,
    });
    let entry = Activity {
        project_id: &certificate.project_id,
        environment_id: None,
        action,
        target_type: "signing_certificate",
        target_id: &certificate.id,
        details: Some(details),
    };
    activity::record(state, &access.caller, entry).await;
}

/// `POST /api/v1/signing-certificates`: multipart `file` (PKCS#12), `password`, optional `name`. Nothing is stored
/// unless the file opens with the password, holds a key with its certificate, and has not expired.
async fn create(
    State(state): State<AppState>,
    access: Access,
    body: Result<Multipart, MultipartRejection>,
) -> ApiResult<(StatusCode, Json<CertificateOut>)> {
    let upload = read_upload(body).await?;
    let now = Timestamp::now();
    let (upload, signer) = tokio::task::spawn_blocking(move || {
        let signer = read_certificate(&upload, now);
        (upload, signer)
    })
    .await
    .map_err(HttpError::internal)?;
    let signer = signer?;
    let id = new_id(prefix::SIGNING_CERTIFICATE);
    let sealed = state.signing.seal(&id, &upload.pkcs12, &upload.password).map_err(HttpError::internal)?;
    let certificate = SigningCertificate {
        name: upload.name.clone().unwrap_or_else(|| signer.common_name()),
        project_id: access.project.id.clone(),
        subject: signer.subject(),
        issuer: signer.issuer(),
        serial: signer.serial(),
        not_before: Timestamp::from_datetime(signer.not_before()),
        not_after: Timestamp::from_datetime(signer.not_after()),
        sealed,
        created_at: now,
        created_by: Some(access.caller.actor_id().to_string()),
        revoked_at: None,
        id,
    };
    state.store.create_signing_certificate(&certificate).await?;
    log(&state, &access, &certificate, "signing_certificate.created").await;
    Ok((StatusCode::CREATED, Json(CertificateOut::at(certificate, now))))
}

/// `GET /api/v1/signing-certificates`: the project's certificates that are not revoked, newest first, paged.
async fn list(
    State(state): State<AppState>,
    access: Access,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<CertificateOut>>> {
    let (found, total) = state.store.signing_certificates(&access.project.id, page.offset(), page.limit()).await?;
    let now = Timestamp::now();
    Ok(Json(Paged::new(found.into_iter().map(|c| CertificateOut::at(c, now)).collect(), total, &page)))
}

/// `GET /api/v1/signing-certificates/{id}`.
async fn fetch(
    State(state): State<AppState>,
    access: Access,
    Path(id): Path<String>,
) -> ApiResult<Json<CertificateOut>> {
    let certificate = live_certificate(&state, &access, &id).await?;
    Ok(Json(CertificateOut::at(certificate, Timestamp::now())))
}

/// `DELETE /api/v1/signing-certificates/{id}`: revokes it for good; its sealed key is wiped and renders naming it
/// are refused from now on.
async fn revoke(State(state): State<AppState>, access: Access, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let certificate = live_certificate(&state, &access, &id).await?;
    match state.store.revoke_signing_certificate(&access.project.id, &id, Timestamp::now()).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(not_found(&id)),
        Err(e) => return Err(e.into()),
    }
    state.signing.forget(&id);
    log(&state, &access, &certificate, "signing_certificate.revoked").await;
    Ok(StatusCode::NO_CONTENT)
}
