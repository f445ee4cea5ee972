//! Publishing: the draft becomes a new immutable version (1, 2, …) that generation uses by default;
//! unpublishing clears that choice (the versions stay); the version history and one version.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::DraftWrite;
use serde::Deserialize;
use serde_json::json;

use super::lookup::{TemplateAccess, template_not_found};
use super::model::VersionOut;
use super::routes::{log, template_response};
use crate::auth::access::need;
use crate::http::json::parse_json;
use crate::http::pagination::{PageQuery, Paged};
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// `POST …/publish` body: optionally the draft revision the caller reviewed.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishIn {
    /// Publish only if the draft is still at this revision (else `409 ERR_TMPL_006`).
    pub draft_version: Option<i64>,
}

/// `ERR_TMPL_004` for a template with nothing published.
pub fn not_published(name: &str) -> HttpError {
    HttpError(ApiError::with_message(
        ErrorCode::TemplateNotPublished,
        format!("Template {name:?} has no published version; publish it first, or use the draft"),
    ))
}

fn if_match_revision(headers: &HeaderMap) -> Option<i64> {
    let text = headers.get(header::IF_MATCH)?.to_str().ok()?;
    text.trim().trim_start_matches("W/").trim_matches('"').parse().ok()
}

/// `POST …/publish`: the draft becomes the next immutable version and the published one.
pub async fn publish(
    State(state): State<AppState>,
    access: TemplateAccess<need::ManageTemplates>,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> ApiResult<Response> {
    let body: PublishIn = parse_json(&body)?;
    let expected = body.draft_version.or_else(|| if_match_revision(&headers));
    let template = &access.template;
    let actor = access.caller.actor_id().to_string();
    let written = state
        .store
        .publish_template(&template.environment_id, &template.id, expected, &actor, Timestamp::now())
        .await?;
    let version = match written {
        DraftWrite::Done(version) => version,
        DraftWrite::Stale { current_revision } => {
            return Err(HttpError(
                ApiError::with_message(
                    ErrorCode::TemplateVersionConflict,
                    format!("The draft is now at draftVersion {current_revision}; review it before publishing"),
                )
                .related(json!({ "currentDraftVersion": current_revision })),
            ));
        }
        DraftWrite::Missing => return Err(template_not_found(&template.id)),
    };
    let updated = state
        .store
        .template(&template.environment_id, &template.id)
        .await?
        .ok_or_else(|| template_not_found(&template.id))?;
    let details = json!({ "name": updated.name, "version": version.version, "draftVersion": updated.revision });
    log(&state, &access.caller, &updated, "template.published", details).await;
    Ok(template_response(StatusCode::OK, updated))
}

/// `POST …/unpublish`: clears the published version (`ERR_TMPL_004` when there is none).
pub async fn unpublish(
    State(state): State<AppState>,
    access: TemplateAccess<need::ManageTemplates>,
) -> ApiResult<Response> {
    let template = &access.template;
    let Some(was) = template.published_version else { return Err(not_published(&template.name)) };
    let updated = state
        .store
        .unpublish_template(&template.environment_id, &template.id, Timestamp::now())
        .await?
        .ok_or_else(|| template_not_found(&template.id))?;
    log(&state, &access.caller, &updated, "template.unpublished", json!({ "name": updated.name, "version": was }))
        .await;
    Ok(template_response(StatusCode::OK, updated))
}

/// `GET …/versions`: every version, newest first, paged.
pub async fn list(
    State(state): State<AppState>,
    access: TemplateAccess<need::ReadTemplates>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<VersionOut>>> {
    let template = access.template;
    let versions = state.store.template_versions(&template.id).await?;
    let out = versions.into_iter().map(|v| VersionOut::new(v, template.published_version)).collect();
    Ok(Json(Paged::slice(out, &page)))
}

/// `GET …/versions/:n`: one version (`ERR_TMPL_001` when it does not exist).
pub async fn fetch(
    State(state): State<AppState>,
    access: TemplateAccess<need::ReadTemplates>,
    Path((_, version)): Path<(String, String)>,
) -> ApiResult<Json<VersionOut>> {
    let template = access.template;
    let number = version.parse::<i64>().ok().filter(|n| *n >= 1);
    let found = match number {
        Some(n) => state.store.template_version(&template.id, n).await?,
        None => None,
    };
    let found = found.ok_or_else(|| {
        HttpError(ApiError::with_message(
            ErrorCode::TemplateNotFound,
            format!("Template {:?} has no version {version:?}", template.name),
        ))
    })?;
    Ok(Json(VersionOut::new(found, template.published_version)))
}
