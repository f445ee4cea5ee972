//! Mapping PostgreSQL rows to records (the mappers are shared with SQLite, see `crate::row_mappers`).

use sqlx::postgres::PgRow;

crate::row_mappers::define_row_mappers!(PgRow);
