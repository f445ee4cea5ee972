//! Mapping SQLite rows to records (the mappers are shared with PostgreSQL, see `crate::row_mappers`).

use sqlx::sqlite::SqliteRow;

crate::row_mappers::define_row_mappers!(SqliteRow);
