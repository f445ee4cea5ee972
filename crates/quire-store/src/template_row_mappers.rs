//! Mapping rows of templates, versions and assets to records, and JSON columns to text, written once for both
//! stores: each backend's `templates::rows` module instantiates these for its own row type.

/// Defines `json_text`, `formats_text` and the `template`, `version` and `asset` mappers for the row type `$row`,
/// reading timestamps with the backend's `$ts`.
macro_rules! define_template_row_mappers {
    ($row:ty, $ts:path) => {
        use crate::templates::{AssetRecord, TemplateRecord, TemplateVersion};
        use sqlx::Row;
        use $ts as ts;

        /// A JSON value stored as text.
        pub(super) fn json_text(value: &serde_json::Value) -> String {
            value.to_string()
        }

        fn json_column(row: &$row, col: &str) -> Result<serde_json::Value, sqlx::Error> {
            let text: String = row.try_get(col)?;
            serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
        }

        fn formats_column(row: &$row, col: &str) -> Result<Vec<String>, sqlx::Error> {
            let text: String = row.try_get(col)?;
            serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
        }

        /// Format names stored as a JSON array.
        pub(super) fn formats_text(formats: &[String]) -> String {
            serde_json::Value::from(formats.to_vec()).to_string()
        }

        pub(super) fn template(row: &$row) -> Result<TemplateRecord, sqlx::Error> {
            Ok(TemplateRecord {
                id: row.try_get("id")?,
                short_id: row.try_get("short_id")?,
                slug: row.try_get("slug")?,
                project_id: row.try_get("project_id")?,
                environment_id: row.try_get("environment_id")?,
                name: row.try_get("name")?,
                description: row.try_get("description")?,
                template_type: row.try_get("template_type")?,
                output_formats: formats_column(row, "output_formats")?,
                variables: json_column(row, "variables")?,
                schema: json_column(row, "schema")?,
                revision: row.try_get("revision")?,
                published_version: row.try_get("published_version")?,
                created_by: row.try_get("created_by")?,
                created_at: ts(row, "created_at")?,
                updated_at: ts(row, "updated_at")?,
            })
        }

        pub(super) fn version(row: &$row) -> Result<TemplateVersion, sqlx::Error> {
            Ok(TemplateVersion {
                template_id: row.try_get("template_id")?,
                version: row.try_get("version")?,
                name: row.try_get("name")?,
                output_formats: formats_column(row, "output_formats")?,
                variables: json_column(row, "variables")?,
                schema: json_column(row, "schema")?,
                published_by: row.try_get("published_by")?,
                published_at: ts(row, "published_at")?,
            })
        }

        pub(super) fn asset(row: &$row) -> Result<AssetRecord, sqlx::Error> {
            Ok(AssetRecord {
                id: row.try_get("id")?,
                project_id: row.try_get("project_id")?,
                environment_id: row.try_get("environment_id")?,
                name: row.try_get("name")?,
                content_type: row.try_get("content_type")?,
                kind: row.try_get("kind")?,
                size_bytes: row.try_get("size_bytes")?,
                sha256: row.try_get("sha256")?,
                created_by: row.try_get("created_by")?,
                created_at: ts(row, "created_at")?,
            })
        }
    };
}

pub(crate) use define_template_row_mappers;
