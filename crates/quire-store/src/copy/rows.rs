//! Moving one table's rows: read from the SQLite snapshot in pages, written to PostgreSQL in multi-row inserts.

use futures::TryStreamExt;
use sqlx::postgres::{PgConnection, Postgres};
use sqlx::sqlite::{SqliteConnection, SqliteRow};
use sqlx::{AssertSqlSafe, QueryBuilder, Row};

use super::schema::{ColumnKind, Table};
use crate::{StoreError, StoreResult};

/// PostgreSQL accepts at most 65,535 bind parameters in one statement; stay well below.
const MAX_PARAMETERS: usize = 30_000;
/// Rows per insert however narrow the table.
const MAX_ROWS_PER_INSERT: usize = 1_000;

/// One value on its way.
#[derive(Debug, Clone)]
enum Cell {
    Text(Option<String>),
    BigInt(Option<i64>),
    Integer(Option<i32>),
    Boolean(Option<bool>),
    Bytes(Option<Vec<u8>>),
    Double(Option<f64>),
}

/// Copies every row of `table`; returns how many.
pub(crate) async fn copy_table(
    table: &Table,
    source: &mut SqliteConnection,
    target: &mut PgConnection,
) -> StoreResult<u64> {
    let columns: Vec<String> = table.columns.iter().map(|c| quoted(&c.name)).collect();
    // Table and column names come from the two catalogs, quoted; no value is ever spliced in.
    let select = AssertSqlSafe(format!("SELECT {} FROM {}", columns.join(", "), quoted(&table.name)));
    let rows_per_insert = (MAX_PARAMETERS / table.columns.len().max(1)).clamp(1, MAX_ROWS_PER_INSERT);
    let mut pending: Vec<Vec<Cell>> = Vec::with_capacity(rows_per_insert);
    let mut copied = 0;
    let mut stream = sqlx::query(select).fetch(&mut *source);
    while let Some(row) = stream.try_next().await? {
        pending.push(read_row(table, &row)?);
        if pending.len() == rows_per_insert {
            copied += insert(table, &columns, &pending, target).await?;
            pending.clear();
        }
    }
    if !pending.is_empty() {
        copied += insert(table, &columns, &pending, target).await?;
    }
    Ok(copied)
}

/// Moves identity sequences past the copied values, so the next row the target writes gets a fresh number.
pub(crate) async fn advance_identities(table: &Table, target: &mut PgConnection) -> StoreResult<()> {
    for column in table.columns.iter().filter(|c| c.identity) {
        let sql = AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX({}) FROM {}), 0) + 1, false)",
            quoted(&column.name),
            quoted(&table.name)
        ));
        sqlx::query(sql).bind(&table.name).bind(&column.name).execute(&mut *target).await?;
    }
    Ok(())
}

fn read_row(table: &Table, row: &SqliteRow) -> StoreResult<Vec<Cell>> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let cell = match column.kind {
                ColumnKind::Text => row.try_get(i).map(Cell::Text),
                ColumnKind::BigInt => row.try_get(i).map(Cell::BigInt),
                ColumnKind::Integer => row.try_get(i).map(Cell::Integer),
                ColumnKind::Boolean => row.try_get(i).map(Cell::Boolean),
                ColumnKind::Bytes => row.try_get(i).map(Cell::Bytes),
                ColumnKind::Double => row.try_get(i).map(Cell::Double),
            };
            cell.map_err(|e| {
                StoreError::Config(format!(
                    "cannot read {}.{} from the source as {:?}: {e}",
                    table.name, column.name, column.kind
                ))
            })
        })
        .collect()
}

async fn insert(table: &Table, columns: &[String], rows: &[Vec<Cell>], target: &mut PgConnection) -> StoreResult<u64> {
    let overriding = if table.columns.iter().any(|c| c.identity) { " OVERRIDING SYSTEM VALUE" } else { "" };
    let mut insert: QueryBuilder<Postgres> =
        QueryBuilder::new(format!("INSERT INTO {} ({}){overriding} ", quoted(&table.name), columns.join(", ")));
    insert.push_values(rows, |mut values, row| {
        for cell in row {
            match cell.clone() {
                Cell::Text(v) => values.push_bind(v),
                Cell::BigInt(v) => values.push_bind(v),
                Cell::Integer(v) => values.push_bind(v),
                Cell::Boolean(v) => values.push_bind(v),
                Cell::Bytes(v) => values.push_bind(v),
                Cell::Double(v) => values.push_bind(v),
            };
        }
    });
    Ok(insert.build().execute(&mut *target).await?.rows_affected())
}

/// An identifier as SQL (both engines accept double quotes); names come from the catalogs, never from users.
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
