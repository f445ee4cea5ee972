//! Template CRUD: create, list (also the SDK's `/api/templates/attachment`), get, edit the draft with
//! optimistic concurrency (`draftVersion` or `If-Match`; stale → `409 ERR_TMPL_006`), delete.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::{DraftWrite, StoreError, TemplateQuery, TemplateRecord};
use serde_json::{Value, json};

use super::checks::{self, TemplateType, format_names};
use super::lookup::{TemplateAccess, environment_for, template_not_found};
use super::model::{TemplateIn, TemplateOut, TemplatePatchIn};
use crate::activity::{self, Activity};
use crate::auth::Caller;
use crate::auth::access::need;
use crate::http::json::parse_json;
use crate::http::pagination::{PageQuery, Paged};
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// Attempts of an edit that names no revision and keeps meeting concurrent edits. Every round lets at
/// least one of the competing edits through, so this many editors at once can all succeed.
const UNCONDITIONAL_EDIT_ATTEMPTS: usize = 16;

/// Logs a template action with non-secret details.
pub async fn log(state: &AppState, caller: &Caller, record: &TemplateRecord, action: &str, details: Value) {
    let entry = Activity {
        project_id: &record.project_id,
        environment_id: Some(&record.environment_id),
        action,
        target_type: "template",
        target_id: &record.id,
        details: Some(details),
    };
    activity::record(state, caller, entry).await;
}

/// A template answer with an `ETag` of its draft revision, for `If-Match` on the next edit.
pub fn template_response(status: StatusCode, record: TemplateRecord) -> Response {
    let etag = HeaderValue::from_str(&format!("\"{}\"", record.revision)).ok();
    let mut response = (status, Json(TemplateOut::full(record))).into_response();
    if let Some(etag) = etag {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

/// Maps a unique-constraint conflict on the slug to `409 ERR_TMPL_002`.
fn slug_conflict(error: StoreError, slug: Option<&str>) -> HttpError {
    match error {
        StoreError::Conflict(what) if what.contains("slug") => HttpError(ApiError::with_message(
            ErrorCode::TemplateSlugTaken,
            format!("A template with slug {:?} already exists in this environment", slug.unwrap_or_default()),
        )),
        other => other.into(),
    }
}

/// A fresh shortId: `atpl_` + 8 base62 characters.
fn new_short_id() -> String {
    format!("atpl_{}", quire_core::base62::random_string(8))
}

/// `POST /api/v1/templates`: validates and stores a new template (draft revision 1).
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<HashMap<String, String>>,
    body: bytes::Bytes,
) -> ApiResult<Response> {
    let body: TemplateIn = parse_json(&body)?;
    let named =
        body.environment_id.as_deref().or(query.get("environmentId").or(query.get("workspaceId")).map(String::as_str));
    let context = environment_for::<need::ManageTemplates>(&state, &caller, named).await?;
    let mut errors = Vec::new();
    let name = checks::check_name(&body.name, &mut errors);
    let slug = body.slug.as_deref().map(|s| checks::check_slug(s, &mut errors));
    let description = body.description.as_deref().and_then(|d| checks::check_description(d, &mut errors));
    let kind = match &body.template_type {
        Some(text) => checks::check_type(text, &mut errors),
        None => checks::infer_type(&body.schema),
    };
    checks::fail_if_any(errors)?;
    let variables = body.variables.filter(|v| !v.is_null()).unwrap_or_else(|| json!([]));
    let formats = checks::check_design(kind, &body.schema, &variables)?;
    let now = Timestamp::now();
    let mut record = TemplateRecord {
        id: new_id(prefix::TEMPLATE),
        short_id: new_short_id(),
        slug,
        project_id: context.environment.project_id.clone(),
        environment_id: context.environment.id.clone(),
        name,
        description,
        template_type: kind.as_str().to_string(),
        output_formats: format_names(&formats),
        variables,
        schema: body.schema,
        revision: 1,
        published_version: None,
        created_by: caller.actor_id().to_string(),
        created_at: now,
        updated_at: now,
    };
    // A shortId collision (8 base62 characters) is rare; draw again rather than fail.
    let mut attempts = 0;
    loop {
        match state.store.create_template(&record).await {
            Ok(()) => break,
            Err(StoreError::Conflict(what)) if what.contains("short_id") && attempts < 3 => {
                attempts += 1;
                record.short_id = new_short_id();
            }
            Err(e) => return Err(slug_conflict(e, record.slug.as_deref())),
        }
    }
    log(&state, &caller, &record, "template.created", json!({ "name": record.name, "slug": record.slug })).await;
    Ok(template_response(StatusCode::CREATED, record))
}

/// `GET /api/v1/templates` and `GET /api/templates/attachment`: paged, with `search` and `type`.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Paged<TemplateOut>>> {
    let named = query.get("environmentId").or(query.get("workspaceId")).map(String::as_str);
    let context = environment_for::<need::ReadTemplates>(&state, &caller, named).await?;
    let number = |name: &str| -> Result<Option<i64>, HttpError> {
        query
            .get(name)
            .map(|v| v.parse::<i64>().map_err(|_| HttpError(ApiError::invalid_field(name, "must be a whole number"))))
            .transpose()
    };
    let page = PageQuery { limit: number("limit")?, page: number("page")?, offset: number("offset")? };
    // A `both` template is a PDF template and an Excel template at once.
    let types: Vec<String> = match query.get("type").map(String::as_str).filter(|t| !t.is_empty()) {
        None => Vec::new(),
        Some("pdf") => vec!["pdf".into(), "both".into()],
        Some("excel") | Some("xlsx") => vec!["excel".into(), "both".into()],
        Some("both") => vec!["both".into()],
        Some(other) => {
            return Err(HttpError(ApiError::invalid_field(
                "type",
                format!("must be pdf, excel or both (got {other:?})"),
            )));
        }
    };
    let search = query.get("search").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let filter = TemplateQuery { search, types, offset: page.offset(), limit: page.limit() };
    let (records, total) = state.store.templates(&context.environment.id, &filter).await?;
    Ok(Json(Paged::new(records.into_iter().map(TemplateOut::summary).collect(), total, &page)))
}

/// `GET /api/v1/templates/:id` and `GET /api/templates/:id`: the template with its design.
pub async fn fetch(access: TemplateAccess<need::ReadTemplates>) -> Response {
    template_response(StatusCode::OK, access.template)
}

/// The revision the client edited: `draftVersion` in the body, else `If-Match` (`"3"`, `W/"3"` or `3`;
/// `*` means any).
fn expected_revision(body: Option<i64>, headers: &HeaderMap) -> Result<Option<i64>, HttpError> {
    if body.is_some() {
        return Ok(body);
    }
    let Some(value) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let text = value.to_str().unwrap_or_default().trim();
    if text == "*" {
        return Ok(None);
    }
    let bare = text.trim_start_matches("W/").trim_matches('"');
    bare.parse::<i64>()
        .map(Some)
        .map_err(|_| HttpError(ApiError::invalid_field("If-Match", "must be the template's draftVersion, e.g. \"3\"")))
}

fn stale(current_revision: i64) -> HttpError {
    HttpError(
        ApiError::with_message(
            ErrorCode::TemplateVersionConflict,
            format!(
                "The draft is now at draftVersion {current_revision}; reload the template and apply your edit again"
            ),
        )
        .related(json!({ "currentDraftVersion": current_revision })),
    )
}

/// The draft after `patch`, validated.
fn patched(current: &TemplateRecord, patch: &TemplatePatchIn, now: Timestamp) -> Result<TemplateRecord, HttpError> {
    let mut errors = Vec::new();
    let mut next = current.clone();
    if let Some(name) = &patch.name {
        next.name = checks::check_name(name, &mut errors);
    }
    if let Some(slug) = &patch.slug {
        next.slug = slug.as_deref().map(|s| checks::check_slug(s, &mut errors));
    }
    if let Some(description) = &patch.description {
        next.description = description.as_deref().and_then(|d| checks::check_description(d, &mut errors));
    }
    let kind = match &patch.template_type {
        Some(t) => checks::check_type(t, &mut errors),
        None => TemplateType::parse(&current.template_type).unwrap_or(TemplateType::Both),
    };
    checks::fail_if_any(errors)?;
    next.template_type = kind.as_str().to_string();
    if let Some(schema) = &patch.schema {
        next.schema = schema.clone();
    }
    if let Some(variables) = &patch.variables {
        next.variables = if variables.is_null() { json!([]) } else { variables.clone() };
    }
    next.output_formats = format_names(&checks::check_design(kind, &next.schema, &next.variables)?);
    next.updated_at = now;
    Ok(next)
}

/// `PATCH /api/v1/templates/:id`: edits the draft, conditional on `draftVersion` / `If-Match` when given.
pub async fn update(
    State(state): State<AppState>,
    access: TemplateAccess<need::ManageTemplates>,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> ApiResult<Response> {
    let patch: TemplatePatchIn = parse_json(&body)?;
    let wanted = expected_revision(patch.draft_version, &headers)?;
    let mut current = access.template;
    for _ in 0..UNCONDITIONAL_EDIT_ATTEMPTS {
        if wanted.is_some_and(|w| w != current.revision) {
            return Err(stale(current.revision));
        }
        if patch.is_empty() {
            return Ok(template_response(StatusCode::OK, current));
        }
        let next = patched(&current, &patch, Timestamp::now())?;
        match state.store.update_template_draft(&next, current.revision).await {
            Ok(DraftWrite::Done(updated)) => {
                let details = json!({ "name": updated.name, "draftVersion": updated.revision });
                log(&state, &access.caller, &updated, "template.updated", details).await;
                return Ok(template_response(StatusCode::OK, updated));
            }
            Ok(DraftWrite::Stale { current_revision }) if wanted.is_some() => return Err(stale(current_revision)),
            Ok(DraftWrite::Stale { .. }) => {
                current = state
                    .store
                    .template(&current.environment_id, &current.id)
                    .await?
                    .ok_or_else(|| template_not_found(&current.id))?;
            }
            Ok(DraftWrite::Missing) => return Err(template_not_found(&current.id)),
            Err(e) => return Err(slug_conflict(e, next.slug.as_deref())),
        }
    }
    Err(stale(current.revision))
}

/// `DELETE /api/v1/templates/:id`: hides the template and frees its slug; versions stay for documents.
pub async fn remove(
    State(state): State<AppState>,
    access: TemplateAccess<need::ManageTemplates>,
) -> ApiResult<StatusCode> {
    let record = access.template;
    match state.store.delete_template(&record.environment_id, &record.id, Timestamp::now()).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(template_not_found(&record.id)),
        Err(e) => return Err(e.into()),
    }
    log(&state, &access.caller, &record, "template.deleted", json!({ "name": record.name, "slug": record.slug })).await;
    Ok(StatusCode::NO_CONTENT)
}
