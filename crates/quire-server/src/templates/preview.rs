//! Synchronous preview (the draft by default, a published version on request) with given or sample
//! variables, the variables form of a template, and stateless validation of a design.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use quire_core::{ApiError, ErrorCode, FieldError, Scope};
use quire_render::{OutputFormat, RenderError, TemplateDoc, VariableDef};
use serde::Deserialize;
use serde_json::{Value, json};

use super::checks::{self, TemplateType};
use super::lookup::TemplateAccess;
use super::sample_data::{field_label, sample_variables};
use super::versions::not_published;
use crate::auth::Caller;
use crate::auth::access::need;
use crate::http::json::parse_json;
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// Largest `variables` of a preview, serialised (as for generate).
pub const MAX_PREVIEW_VARIABLES_BYTES: usize = 1024 * 1024;

/// `POST …/preview` body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewIn {
    /// `pdf`, `xlsx` (or `excel`) or `csv`.
    pub format: String,
    /// Input data; when absent, defaults and sample values stand in.
    pub variables: Option<Value>,
    /// `true` (default): render the draft; `false`: the published version.
    pub use_draft: Option<bool>,
    /// A specific published version (wins over `useDraft`).
    pub version: Option<i64>,
}

/// What a preview renders: which design and what to call it.
struct Design {
    label: String,
    schema: Value,
    variables: Value,
    formats: Vec<OutputFormat>,
}

async fn chosen_design(
    state: &AppState,
    access: &TemplateAccess<need::ReadTemplates>,
    body: &PreviewIn,
) -> ApiResult<Design> {
    let t = &access.template;
    let number = match (body.version, body.use_draft.unwrap_or(true)) {
        (Some(n), _) => Some(n),
        (None, true) => None,
        (None, false) => Some(t.published_version.ok_or_else(|| not_published(&t.name))?),
    };
    let Some(n) = number else {
        let formats = super::offered_formats(t);
        return Ok(Design { label: "draft".into(), schema: t.schema.clone(), variables: t.variables.clone(), formats });
    };
    let version = state.store.template_version(&t.id, n).await?.ok_or_else(|| {
        HttpError(ApiError::with_message(
            ErrorCode::TemplateNotFound,
            format!("Template {:?} has no version {n}", t.name),
        ))
    })?;
    let formats = super::offered_version_formats(&version);
    Ok(Design { label: n.to_string(), schema: version.schema, variables: version.variables, formats })
}

/// A render failure as an API error with its documented code.
pub fn render_failure(error: RenderError) -> HttpError {
    let code = ErrorCode::from_code(error.code).unwrap_or(ErrorCode::GenerationFailed);
    let mut api = ApiError::with_message(code, error.message.clone());
    if let Some(path) = error.path {
        api = api.related(json!({ "errors": [{ "path": path, "field": path, "message": error.message }] }));
    }
    HttpError(api)
}

/// `POST /api/v1/templates/:id/preview`: renders now and answers the file.
pub async fn preview(
    State(state): State<AppState>,
    access: TemplateAccess<need::ReadTemplates>,
    body: bytes::Bytes,
) -> ApiResult<Response> {
    let body: PreviewIn = parse_json(&body)?;
    let format = crate::documents::prepare::parse_format(&body.format)?;
    let design = chosen_design(&state, &access, &body).await?;
    if !design.formats.contains(&format) {
        let offered: Vec<&str> = design.formats.iter().map(|f| f.as_str()).collect();
        return Err(HttpError(ApiError::with_message(
            ErrorCode::TemplateFormatNotOffered,
            format!("Template {:?} does not offer {format}; it offers {}", access.template.name, offered.join(", ")),
        )));
    }
    let doc = TemplateDoc::from_json(&json!({ "schema": design.schema, "variables": design.variables }))
        .map_err(|report| checks::invalid_template(&report.problems))?;
    let input = match body.variables.filter(|v| !v.is_null()) {
        Some(given) if !given.is_object() => {
            return Err(HttpError(ApiError::invalid_field("variables", "must be a JSON object")));
        }
        Some(given) if given.to_string().len() > MAX_PREVIEW_VARIABLES_BYTES => {
            return Err(HttpError(ApiError::with_message(
                ErrorCode::BodyTooLarge,
                format!("variables must be at most {MAX_PREVIEW_VARIABLES_BYTES} bytes"),
            )));
        }
        Some(given) => given,
        None => sample_variables(&doc.variables),
    };
    let scanned = json!([design.variables, input]);
    let assets = super::prefetch_assets(
        &state,
        (&access.environment.project_id, &access.environment.id),
        &design.schema,
        &scanned,
        format,
    )
    .await?;
    let file = state.renderer.render(Arc::new(doc), input, format, assets).await.map_err(render_failure)?;
    let name = access.template.slug.clone().unwrap_or_else(|| access.template.short_id.clone());
    let disposition = format!("inline; filename=\"{name}-preview.{}\"", format.extension());
    let mut response =
        ([(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type))], file.bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(value) = HeaderValue::from_str(&design.label) {
        headers.insert("x-template-version", value);
    }
    if let Some(pages) = file.page_count {
        headers.insert("x-page-count", HeaderValue::from(pages));
    }
    Ok(response)
}

/// `GET /api/v1/templates/:id/variables`: the variables as form fields (`?useDraft=false`: published).
pub async fn variables(
    State(state): State<AppState>,
    access: TemplateAccess<need::ReadTemplates>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let use_draft = query.get("useDraft").is_none_or(|v| v != "false");
    let request = PreviewIn { format: String::new(), variables: None, use_draft: Some(use_draft), version: None };
    let design = chosen_design(&state, &access, &request).await?;
    let raw = design.variables.as_array().cloned().unwrap_or_default();
    let fields: Vec<Value> = raw
        .iter()
        .filter_map(|item| Some((item, serde_json::from_value::<VariableDef>(item.clone()).ok()?)))
        .map(|(item, d)| {
            let label = item.get("label").and_then(Value::as_str).map(str::to_string);
            json!({
                "key": d.name,
                "label": label.unwrap_or_else(|| field_label(&d.name)),
                "type": d.kind.as_str(),
                "required": d.required,
                "helpText": d.description,
                "default": d.default_value,
            })
        })
        .collect();
    Ok(Json(json!({ "templateId": access.template.id, "version": design.label, "fields": fields })))
}

/// `POST /api/v1/templates/validate` body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidateIn {
    pub schema: Value,
    #[serde(default)]
    pub variables: Option<Value>,
    /// Also checks the schema's `outputFormats` against this type.
    #[serde(rename = "type")]
    pub template_type: Option<String>,
}

/// Stateless: any signed-in user, or an API key with a template scope.
pub async fn validate(caller: Caller, Json(body): Json<ValidateIn>) -> ApiResult<Json<Value>> {
    if !(caller.has_scope(Scope::DocumentsGenerate) || caller.has_scope(Scope::TemplatesManage)) {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::AuthForbidden,
            "This API key lacks the documents:generate or templates:manage permission",
        )));
    }
    let mut errors: Vec<FieldError> = Vec::new();
    let kind = body.template_type.as_deref().map(|t| checks::check_type(t, &mut errors)).unwrap_or(TemplateType::Both);
    checks::fail_if_any(errors)?;
    let variables = body.variables.filter(|v| !v.is_null()).unwrap_or_else(|| json!([]));
    let (problems, offered) = checks::design_problems(kind, &body.schema, &variables);
    Ok(Json(json!({
        "valid": problems.is_empty(),
        "errors": checks::problem_list(&problems),
        "outputFormats": checks::format_names(&offered),
    })))
}
