//! Templates (an editable draft plus immutable published versions) and the assets templates use,
//! every call scoped to one environment.

use async_trait::async_trait;
use quire_core::Timestamp;

use crate::StoreResult;

/// A template and its draft. Deleted templates keep their row (and versions) so that documents made
/// from them stay readable, but no lookup of this trait returns them.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateRecord {
    /// `tmpl_…`.
    pub id: String,
    /// `atpl_` + 8 base62 characters.
    pub short_id: String,
    /// Optional, unique among the environment's live templates.
    pub slug: Option<String>,
    pub project_id: String,
    pub environment_id: String,
    pub name: String,
    pub description: Option<String>,
    /// `pdf`, `excel` or `both`.
    pub template_type: String,
    /// The formats the draft offers, e.g. `["pdf","xlsx","csv"]`.
    pub output_formats: Vec<String>,
    /// The draft's variable definitions (a JSON array).
    pub variables: serde_json::Value,
    /// The draft's design.
    pub schema: serde_json::Value,
    /// The draft's revision (`draftVersion` on the wire): 1 at creation, +1 on every edit.
    pub revision: i64,
    /// The version generation uses by default; `None` when never published or unpublished.
    pub published_version: Option<i64>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An immutable published version of a template (1, 2, …).
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateVersion {
    pub template_id: String,
    pub version: i64,
    pub name: String,
    pub output_formats: Vec<String>,
    pub variables: serde_json::Value,
    pub schema: serde_json::Value,
    /// Actor id (user or API key) who published it.
    pub published_by: String,
    pub published_at: Timestamp,
}

/// Filters and paging of a template list.
#[derive(Debug, Clone, Default)]
pub struct TemplateQuery {
    /// Case-insensitive substring of the name or slug.
    pub search: Option<String>,
    /// The template types to include (e.g. `["pdf","both"]`); empty: every type.
    pub types: Vec<String>,
    pub offset: i64,
    pub limit: i64,
}

/// The outcome of a write that is conditional on the draft's revision.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftWrite<T> {
    /// Written; the new state.
    Done(T),
    /// The draft moved on since the caller read it; its revision now.
    Stale { current_revision: i64 },
    /// No live template with this id in the environment.
    Missing,
}

/// Metadata of an uploaded asset (image or font). The bytes are read separately.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetRecord {
    /// `asset_…`.
    pub id: String,
    pub project_id: String,
    pub environment_id: String,
    /// The uploaded file name (display only).
    pub name: String,
    /// The type detected from the bytes, never the client's claim.
    pub content_type: String,
    /// `image` or `font`.
    pub kind: String,
    pub size_bytes: i64,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    pub created_by: String,
    pub created_at: Timestamp,
}

/// Templates, their versions and assets. Every method takes the environment, so no caller can reach
/// another environment's rows by id.
#[async_trait]
pub trait TemplateStore: Send + Sync {
    /// Stores a new template; a taken slug (or short id) is [`crate::StoreError::Conflict`] naming the
    /// column.
    async fn create_template(&self, record: &TemplateRecord) -> StoreResult<()>;
    /// `key` is the id, the shortId or the slug; scoped to the environment.
    async fn template(&self, environment_id: &str, key: &str) -> StoreResult<Option<TemplateRecord>>;
    /// The environment of the live template with this id or shortId (for callers that name none).
    async fn template_environment(&self, key: &str) -> StoreResult<Option<String>>;
    /// Live templates of an environment, newest first, with the total matching count.
    async fn templates(&self, environment_id: &str, query: &TemplateQuery) -> StoreResult<(Vec<TemplateRecord>, i64)>;
    /// Replaces the draft (name, slug, description, type, formats, variables, schema) with `draft`'s
    /// when its revision is still `expected_revision`; the stored revision becomes `expected_revision + 1`.
    async fn update_template_draft(
        &self,
        draft: &TemplateRecord,
        expected_revision: i64,
    ) -> StoreResult<DraftWrite<TemplateRecord>>;
    /// Copies the draft into a new immutable version (max + 1) and makes it the published one, when the
    /// draft's revision is `expected_revision` (or always, for `None`).
    async fn publish_template(
        &self,
        environment_id: &str,
        template_id: &str,
        expected_revision: Option<i64>,
        published_by: &str,
        at: Timestamp,
    ) -> StoreResult<DraftWrite<TemplateVersion>>;
    /// Clears the published version (the versions themselves stay). `None` when no live template.
    async fn unpublish_template(
        &self,
        environment_id: &str,
        template_id: &str,
        at: Timestamp,
    ) -> StoreResult<Option<TemplateRecord>>;
    /// Marks a template deleted: lookups and lists no longer see it and its slug is free again, but the
    /// row and its versions stay for the documents made from it. [`crate::StoreError::NotFound`] if absent.
    async fn delete_template(&self, environment_id: &str, template_id: &str, at: Timestamp) -> StoreResult<()>;
    /// One version of a template (also of a deleted one, for documents pinned to it).
    async fn template_version(&self, template_id: &str, version: i64) -> StoreResult<Option<TemplateVersion>>;
    /// Every version of a template, newest first.
    async fn template_versions(&self, template_id: &str) -> StoreResult<Vec<TemplateVersion>>;

    /// Stores an asset and its bytes.
    async fn create_asset(&self, record: &AssetRecord, content: &[u8]) -> StoreResult<()>;
    /// Assets of an environment, newest first, with the total count.
    async fn assets(&self, environment_id: &str, offset: i64, limit: i64) -> StoreResult<(Vec<AssetRecord>, i64)>;
    /// One asset's metadata.
    async fn asset(&self, environment_id: &str, id: &str) -> StoreResult<Option<AssetRecord>>;
    /// The assets among `ids` that belong to the environment, with their bytes (ids of other
    /// environments are simply absent).
    async fn asset_contents(&self, environment_id: &str, ids: &[String]) -> StoreResult<Vec<(AssetRecord, Vec<u8>)>>;
    /// Deletes an asset for good; [`crate::StoreError::NotFound`] if absent.
    async fn delete_asset(&self, environment_id: &str, id: &str) -> StoreResult<()>;
}
