//! Mapping SQLite rows of templates, versions and assets to records (shared with PostgreSQL, see
//! `crate::template_row_mappers`).

use sqlx::sqlite::SqliteRow;

crate::template_row_mappers::define_template_row_mappers!(SqliteRow, crate::sqlite::rows::ts);
