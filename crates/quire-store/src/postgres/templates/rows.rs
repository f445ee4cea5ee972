//! Mapping PostgreSQL rows of templates, versions and assets to records (shared with SQLite, see
//! `crate::template_row_mappers`).

use sqlx::postgres::PgRow;

crate::template_row_mappers::define_template_row_mappers!(PgRow, crate::postgres::rows::ts);
