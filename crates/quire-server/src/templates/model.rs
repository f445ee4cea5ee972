//! Wire types of the Templates API: request bodies (`…In`) and answers (`…Out`).

use quire_core::Timestamp;
use quire_store::{AssetRecord, TemplateRecord, TemplateVersion};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST /api/v1/templates`. Unknown fields are ignored so that exported Rynko template files can be
/// posted as they are.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateIn {
    pub name: String,
    pub slug: Option<String>,
    pub description: Option<String>,
    /// `pdf`, `excel` or `both`; inferred from `schema.outputFormats` when absent.
    #[serde(rename = "type")]
    pub template_type: Option<String>,
    pub schema: Value,
    #[serde(default)]
    pub variables: Option<Value>,
    /// For dashboard callers; an API key's environment is implied.
    #[serde(alias = "workspaceId")]
    pub environment_id: Option<String>,
}

/// `PATCH /api/v1/templates/:id`: every field optional; `null` clears `slug` and `description`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplatePatchIn {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub slug: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub description: Option<Option<String>>,
    #[serde(rename = "type")]
    pub template_type: Option<String>,
    pub schema: Option<Value>,
    pub variables: Option<Value>,
    /// The draft revision the edit was made on (alternative to `If-Match`); stale → 409.
    pub draft_version: Option<i64>,
}

impl TemplatePatchIn {
    /// True when no editable field is given (an empty edit changes nothing and keeps `draftVersion`).
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.slug.is_none()
            && self.description.is_none()
            && self.template_type.is_none()
            && self.schema.is_none()
            && self.variables.is_none()
    }
}

/// A field that is present (possibly `null`) becomes `Some(..)`.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A template as answered. The Rynko SDKs read `id`, `name`, `type`, `description`, `variables`,
/// `outputFormats`, `createdAt` and `updatedAt` from it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateOut {
    pub id: String,
    pub short_id: String,
    pub slug: Option<String>,
    pub name: String,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub template_type: String,
    pub output_formats: Vec<String>,
    pub variables: Value,
    /// Left out of list items to keep lists small.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    /// `published` when a version is published, else `draft`.
    pub status: &'static str,
    pub draft_version: i64,
    pub published_version: Option<i64>,
    pub environment_id: String,
    pub workspace_id: String,
    pub team_id: String,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl TemplateOut {
    /// The whole template, design included.
    pub fn full(r: TemplateRecord) -> Self {
        let schema = r.schema.clone();
        Self { schema: Some(schema), ..Self::summary(r) }
    }

    /// The template without its schema, for lists.
    pub fn summary(r: TemplateRecord) -> Self {
        TemplateOut {
            status: if r.published_version.is_some() { "published" } else { "draft" },
            id: r.id,
            short_id: r.short_id,
            slug: r.slug,
            name: r.name,
            description: r.description,
            template_type: r.template_type,
            output_formats: r.output_formats,
            variables: r.variables,
            schema: None,
            draft_version: r.revision,
            published_version: r.published_version,
            workspace_id: r.environment_id.clone(),
            environment_id: r.environment_id,
            team_id: r.project_id,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A published version as answered.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionOut {
    pub template_id: String,
    pub version: i64,
    pub name: String,
    pub output_formats: Vec<String>,
    pub variables: Value,
    pub schema: Value,
    /// Whether generation uses this version by default.
    pub is_published: bool,
    pub published_by: String,
    pub published_at: Timestamp,
}

impl VersionOut {
    /// `v`, marked published when it is the template's published version.
    pub fn new(v: TemplateVersion, published_version: Option<i64>) -> Self {
        VersionOut {
            is_published: published_version == Some(v.version),
            template_id: v.template_id,
            version: v.version,
            name: v.name,
            output_formats: v.output_formats,
            variables: v.variables,
            schema: v.schema,
            published_by: v.published_by,
            published_at: v.published_at,
        }
    }
}

/// An asset as answered.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetOut {
    pub id: String,
    pub name: String,
    /// Detected from the file's bytes.
    pub content_type: String,
    /// `image` or `font`.
    pub kind: String,
    pub size: i64,
    pub sha256: String,
    /// How templates reference it: `assets://asset_…`.
    pub url: String,
    pub environment_id: String,
    pub created_by: String,
    pub created_at: Timestamp,
}

impl From<AssetRecord> for AssetOut {
    fn from(a: AssetRecord) -> Self {
        AssetOut {
            url: format!("assets://{}", a.id),
            id: a.id,
            name: a.name,
            content_type: a.content_type,
            kind: a.kind,
            size: a.size_bytes,
            sha256: a.sha256,
            environment_id: a.environment_id,
            created_by: a.created_by,
            created_at: a.created_at,
        }
    }
}
