//! What `quire copy` moves: the target's tables in foreign-key order, their columns and types, checked against
//! the source's tables so nothing the source holds is left behind.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnection;

use crate::{StoreError, StoreResult};

/// Tables that are not copied: the migration ledgers (each store records its own) and the key-change feed (a
/// short-lived signal for running nodes, meaningless in a new database; the target starts its own).
const NOT_COPIED: &[&str] = &["_sqlx_migrations", "sqlite_sequence", "api_key_changes"];

/// How a column's values travel from SQLite to PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnKind {
    Text,
    BigInt,
    Integer,
    Boolean,
    Bytes,
    Double,
}

impl ColumnKind {
    fn from_postgres(type_name: &str) -> Option<Self> {
        Some(match type_name {
            "text" | "character varying" => Self::Text,
            "bigint" => Self::BigInt,
            "integer" | "smallint" => Self::Integer,
            "boolean" => Self::Boolean,
            "bytea" => Self::Bytes,
            "double precision" | "real" => Self::Double,
            _ => return None,
        })
    }
}

/// A column to copy.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub kind: ColumnKind,
    /// `GENERATED ALWAYS AS IDENTITY`: written with `OVERRIDING SYSTEM VALUE`, its sequence moved past the copy.
    pub identity: bool,
}

/// A table to copy, with the columns both stores have.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub name: String,
    pub columns: Vec<Column>,
}

/// The target's tables, parents before children, after checking that the source has nothing the target lacks.
pub(crate) async fn tables_to_copy(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
) -> StoreResult<Vec<Table>> {
    let source_tables = source_tables(source).await?;
    let target_columns = target_columns(target).await?;
    if let Some(missing) = source_tables.keys().find(|t| !target_columns.contains_key(*t)) {
        return Err(StoreError::Config(format!(
            "the target database has no table {missing:?}, which the source holds; are both at the same Quire version?"
        )));
    }
    let mut tables = Vec::new();
    for name in foreign_key_order(target, &target_columns).await? {
        let Some(source_columns) = source_tables.get(&name) else {
            return Err(StoreError::Config(format!(
                "the source database has no table {name:?}; run `quire migrate` on it first"
            )));
        };
        let columns = &target_columns[&name];
        if let Some(lost) = source_columns.iter().find(|c| !columns.iter().any(|t| &t.name == *c)) {
            return Err(StoreError::Config(format!(
                "the target table {name:?} has no column {lost:?}, which the source holds"
            )));
        }
        let columns = columns.iter().filter(|c| source_columns.contains(&c.name)).cloned().collect();
        tables.push(Table { name, columns });
    }
    Ok(tables)
}

/// Source tables and their column names.
async fn source_tables(source: &mut SqliteConnection) -> StoreResult<BTreeMap<String, BTreeSet<String>>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
    )
    .fetch_all(&mut *source)
    .await?;
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (table, column) in rows.into_iter().filter(|(t, _)| !NOT_COPIED.contains(&t.as_str())) {
        tables.entry(table).or_default().insert(column);
    }
    Ok(tables)
}

/// Target tables of the current schema and their columns, in column order.
async fn target_columns(target: &mut PgConnection) -> StoreResult<BTreeMap<String, Vec<Column>>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_identity::text
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
         ORDER BY c.table_name, c.ordinal_position",
    )
    .fetch_all(&mut *target)
    .await?;
    let mut tables: BTreeMap<String, Vec<Column>> = BTreeMap::new();
    for (table, name, type_name, identity) in rows.into_iter().filter(|r| !NOT_COPIED.contains(&r.0.as_str())) {
        let kind = ColumnKind::from_postgres(&type_name).ok_or_else(|| {
            StoreError::Config(format!(
                "cannot copy column {table}.{name}: its type {type_name:?} is not known to quire copy"
            ))
        })?;
        tables.entry(table).or_default().push(Column { name, kind, identity: identity == "YES" });
    }
    Ok(tables)
}

/// Table names sorted so every table comes after the tables its foreign keys point at.
async fn foreign_key_order(
    target: &mut PgConnection,
    tables: &BTreeMap<String, Vec<Column>>,
) -> StoreResult<Vec<String>> {
    let edges: Vec<(String, String)> = sqlx::query_as(
        "SELECT child.relname::text, parent.relname::text
         FROM pg_constraint k
         JOIN pg_class child ON child.oid = k.conrelid
         JOIN pg_class parent ON parent.oid = k.confrelid
         WHERE k.contype = 'f' AND child.relnamespace = current_schema()::regnamespace",
    )
    .fetch_all(&mut *target)
    .await?;
    let mut parents: BTreeMap<&str, BTreeSet<&str>> = tables.keys().map(|t| (t.as_str(), BTreeSet::new())).collect();
    for (child, parent) in &edges {
        if child != parent
            && tables.contains_key(parent)
            && let Some(set) = parents.get_mut(child.as_str())
        {
            set.insert(parent.as_str());
        }
    }
    let mut ordered: Vec<String> = Vec::new();
    while ordered.len() < parents.len() {
        let ready: Vec<&str> = parents
            .iter()
            .filter(|(table, needs)| {
                !ordered.iter().any(|o| o == *table) && needs.iter().all(|p| ordered.iter().any(|o| o == p))
            })
            .map(|(table, _)| *table)
            .collect();
        if ready.is_empty() {
            return Err(StoreError::Config(
                "the target's foreign keys form a cycle; quire copy cannot order the tables".into(),
            ));
        }
        ordered.extend(ready.into_iter().map(str::to_owned));
    }
    Ok(ordered)
}
