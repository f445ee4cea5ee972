//! Assets (images, fonts) of an environment: multipart upload with a size limit, type detection from
//! the bytes and SVG checks; list; delete; and, for renders, loading every `assets://asset_…` a design
//! or its data references — only from the render's own environment — behind the engine's resolver.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use axum::Router;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, FieldError, Timestamp};
use quire_render::{Asset, AssetResolver, OutputFormat, ProjectFont};

use super::remote_images::RemoteImages;
use quire_store::{AssetRecord, StoreError};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::model::AssetOut;
use super::sniff::{AssetType, sniff};
use super::svg::svg_problems;
use crate::activity::{self, Activity};
use crate::auth::EnvironmentAccess;
use crate::auth::access::need;
use crate::http::multipart::{multipart_body, multipart_error, next_part, read_limited};
use crate::http::pagination::{PageQuery, Paged};
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;
use quire_render::font_files::{looks_like_font, read_font_file};

/// Largest asset: 5 MB. A constant for now; an operator setting belongs in the server config.
pub const MAX_ASSET_BYTES: usize = 5 * 1024 * 1024;
/// Most distinct assets one render may reference (the engine's default image limit).
pub const MAX_ASSETS_PER_RENDER: usize = 500;
/// Longest stored file name.
const MAX_ASSET_NAME_CHARS: usize = 255;

/// The asset routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/assets", get(list).post(upload))
        .route("/api/v1/assets/{assetId}", delete(remove).get(fetch))
}

fn asset_not_found(id: &str) -> HttpError {
    HttpError(ApiError::with_message(ErrorCode::AssetNotFound, format!("Asset {id:?} not found")))
}

/// A display name without folders or control characters.
fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(MAX_ASSET_NAME_CHARS).collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() { "asset".into() } else { cleaned }
}

/// `POST /api/v1/assets`: multipart with a `file` part and an optional `name` part.
pub async fn upload(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageTemplates>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<(StatusCode, Json<AssetOut>)> {
    let mut multipart = multipart_body(multipart)?;
    let (mut file, mut name) = (None, None);
    while let Some(field) = next_part(&mut multipart).await? {
        match field.name() {
            Some("file") => {
                let file_name = field.file_name().map(str::to_string);
                let too_large = format!("Asset is larger than the limit of {} MB", MAX_ASSET_BYTES / (1024 * 1024));
                file = Some((file_name, read_limited(field, MAX_ASSET_BYTES, &too_large).await?));
            }
            Some("name") => name = Some(field.text().await.map_err(|e| multipart_error(e.status(), e.body_text()))?),
            _ => {}
        }
    }
    let Some((file_name, bytes)) = file else {
        return Err(HttpError(ApiError::invalid_field("file", "is required (a multipart part named \"file\")")));
    };
    let (kind, bytes) = if looks_like_font(&bytes) {
        font_upload(&bytes)?
    } else if bytes.starts_with(b"%PDF-") {
        (pdf_upload(&bytes)?, bytes)
    } else {
        (image_upload(&bytes)?, bytes)
    };
    if kind == AssetType::Svg {
        let problems =
            std::str::from_utf8(&bytes).map(svg_problems).unwrap_or_else(|_| vec!["SVG must be UTF-8".into()]);
        if !problems.is_empty() {
            let errors = problems.into_iter().map(|p| FieldError::new("file", p)).collect();
            return Err(HttpError(ApiError::validation(errors)));
        }
    }
    let environment = &access.environment;
    let record = AssetRecord {
        id: new_id(prefix::ASSET),
        project_id: environment.project_id.clone(),
        environment_id: environment.id.clone(),
        name: clean_name(name.as_deref().or(file_name.as_deref()).unwrap_or_default()),
        content_type: kind.content_type().to_string(),
        kind: kind.kind().to_string(),
        size_bytes: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(&bytes)),
        created_by: access.caller.actor_id().to_string(),
        created_at: Timestamp::now(),
    };
    state.store.create_asset(&record, &bytes).await?;
    log(&state, &access, &record, "asset.uploaded").await;
    Ok((StatusCode::CREATED, Json(AssetOut::from(record))))
}

/// The type of an uploaded image, or 415.
fn image_upload(bytes: &[u8]) -> Result<AssetType, HttpError> {
    sniff(bytes).ok_or_else(|| {
        HttpError(ApiError::with_message(
            ErrorCode::UnsupportedMedia,
            "Unsupported file type: upload a PNG, JPEG, GIF, WebP or SVG image, a PDF, or a TrueType, OpenType, WOFF or \
             WOFF2 font",
        ))
    })
}

/// An uploaded PDF (for merging), read once now so a broken or encrypted file is refused at upload.
fn pdf_upload(bytes: &[u8]) -> Result<AssetType, HttpError> {
    quire_pdf_post::page_count(bytes, "file").map_err(|e| {
        HttpError(ApiError::with_message(ErrorCode::UnsupportedMedia, format!("The PDF cannot be used: {e}")))
    })?;
    Ok(AssetType::Pdf)
}

/// An uploaded font as the engine reads it (WOFF and WOFF2 decoded), or 415 saying why it cannot be used.
fn font_upload(bytes: &[u8]) -> Result<(AssetType, Vec<u8>), HttpError> {
    let font = read_font_file(bytes).map_err(|reason| {
        HttpError(ApiError::with_message(ErrorCode::UnsupportedMedia, format!("The font cannot be used: {reason}")))
    })?;
    Ok((if font.cff { AssetType::OpenType } else { AssetType::TrueType }, font.bytes))
}

async fn log(state: &AppState, access: &EnvironmentAccess<need::ManageTemplates>, record: &AssetRecord, action: &str) {
    let details = json!({ "name": record.name, "contentType": record.content_type, "size": record.size_bytes });
    let entry = Activity {
        project_id: &record.project_id,
        environment_id: Some(&record.environment_id),
        action,
        target_type: "asset",
        target_id: &record.id,
        details: Some(details),
    };
    activity::record(state, &access.caller, entry).await;
}

/// `GET /api/v1/assets`: the environment's assets, newest first, paged.
pub async fn list(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageTemplates>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Paged<AssetOut>>> {
    let (records, total) = state.store.assets(&access.environment.id, page.offset(), page.limit()).await?;
    Ok(Json(Paged::new(records.into_iter().map(AssetOut::from).collect(), total, &page)))
}

/// `GET /api/v1/assets/:id`: one asset's metadata.
pub async fn fetch(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageTemplates>,
    Path(id): Path<String>,
) -> ApiResult<Json<AssetOut>> {
    let record = state.store.asset(&access.environment.id, &id).await?.ok_or_else(|| asset_not_found(&id))?;
    Ok(Json(AssetOut::from(record)))
}

/// `DELETE /api/v1/assets/:id`: deletes the asset for good (renders using it then fail naming it).
pub async fn remove(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageTemplates>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let record = state.store.asset(&access.environment.id, &id).await?.ok_or_else(|| asset_not_found(&id))?;
    match state.store.delete_asset(&access.environment.id, &id).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(asset_not_found(&id)),
        Err(e) => return Err(e.into()),
    }
    log(&state, &access, &record, "asset.deleted").await;
    Ok(StatusCode::NO_CONTENT)
}

/// Assets loaded before a render, looked up by id (`asset_…`, without the `assets://` scheme), and remote images
/// fetched during the render when the operator allows them.
#[derive(Debug, Default)]
pub struct PrefetchedAssets {
    by_id: HashMap<String, Asset>,
    /// The environment's uploaded fonts.
    fonts: Vec<ProjectFont>,
    /// The fetcher and the runtime it runs on (renders run on blocking threads, which may wait for it).
    remote: Option<(Arc<RemoteImages>, tokio::runtime::Handle)>,
    /// The certificate `schema.pdf.sign` names, unsealed, or why it cannot sign.
    signer: Option<(String, Result<Arc<quire_render::Signer>, String>)>,
}

impl AssetResolver for PrefetchedAssets {
    fn resolve(&self, reference: &str) -> Option<Asset> {
        self.by_id.get(reference.trim()).cloned()
    }

    fn fonts(&self) -> Vec<ProjectFont> {
        self.fonts.clone()
    }

    fn signer(&self, certificate_id: &str) -> Result<Arc<quire_render::Signer>, String> {
        match &self.signer {
            Some((id, signer)) if id == certificate_id => signer.clone(),
            _ => Err(format!("signing certificate {certificate_id} was not found in this project")),
        }
    }

    fn fetch_remote(&self, url: &str) -> Result<Asset, String> {
        let Some((images, runtime)) = &self.remote else {
            return Err("remote image URLs are not allowed on this server (QUIRE_REMOTE_IMAGES is off); upload the \
                        image as an asset"
                .into());
        };
        runtime.block_on(images.fetch(url)).map(|asset| (*asset).clone())
    }
}

/// Every asset id referenced in a JSON value: after `assets://` anywhere in a string, or a whole
/// string that is a bare `asset_…` id.
pub fn referenced_asset_ids(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::String(text) => {
            let is_id_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
            if text.starts_with("asset_") && text.chars().all(is_id_char) {
                found.insert(text.clone());
            }
            for (start, _) in text.match_indices("assets://") {
                let id: String = text[start + "assets://".len()..].chars().take_while(|c| is_id_char(*c)).collect();
                if id.starts_with("asset_") {
                    found.insert(id);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| referenced_asset_ids(v, found)),
        Value::Object(map) => map.values().for_each(|v| referenced_asset_ids(v, found)),
        _ => {}
    }
}

/// Loads every `assets://asset_…` referenced in schema/variables of the environment, for a render.
/// `variables` may be any JSON holding strings to scan: pass the input data and the template's variable
/// definitions (for images given as defaults), e.g. `json!([definitions, input])`. Another
/// environment's asset is never loaded, so the render reports it as not found. A PDF render also gets the
/// environment's uploaded fonts (spreadsheets only name fonts, so theirs are not listed), and the project's
/// signing certificate that `schema.pdf.sign` names.
pub async fn prefetch_assets(
    state: &AppState,
    (project_id, environment_id): (&str, &str),
    schema: &Value,
    variables: &Value,
    format: OutputFormat,
) -> Result<Arc<dyn AssetResolver>, HttpError> {
    let mut ids = BTreeSet::new();
    referenced_asset_ids(schema, &mut ids);
    referenced_asset_ids(variables, &mut ids);
    if ids.len() > MAX_ASSETS_PER_RENDER {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::LimitImages,
            format!("The document references {} assets; the limit is {MAX_ASSETS_PER_RENDER}", ids.len()),
        )));
    }
    let ids: Vec<String> = ids.into_iter().collect();
    let mut by_id = HashMap::with_capacity(ids.len());
    if !ids.is_empty() {
        for (record, bytes) in state.store.asset_contents(environment_id, &ids).await? {
            by_id.insert(record.id, Asset { bytes, content_type: record.content_type });
        }
    }
    let remote = state.remote_images.clone().map(|images| (images, tokio::runtime::Handle::current()));
    let fonts = match format {
        OutputFormat::Pdf => super::project_fonts::project_fonts(state, environment_id).await?,
        OutputFormat::Xlsx | OutputFormat::Csv | OutputFormat::Xml => Vec::new(),
    };
    let certificate = schema.pointer("/pdf/sign/certificateId").and_then(Value::as_str);
    let signer = match (certificate, format) {
        (Some(id), OutputFormat::Pdf) => {
            let signer = crate::signing::signer_for(state, project_id, id).await.map_err(|e| {
                e.message.strip_prefix("pdf.sign.certificateId: ").map_or(e.message.clone(), str::to_owned)
            });
            Some((id.to_owned(), signer))
        }
        _ => None,
    };
    Ok(Arc::new(PrefetchedAssets { by_id, fonts, remote, signer }))
}
