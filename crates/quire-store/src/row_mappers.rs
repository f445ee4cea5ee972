//! Mapping rows to the account, project, activity and API key records, written once for both stores: SQLite and
//! PostgreSQL rows differ in type but not in columns, so each backend's `rows` module instantiates these
//! mappers for its own row type.

/// Defines `ts`, `opt_ts`, `encode_ids` and the record mappers (`user`, `project`, `environment`, `member`,
/// `invitation`, `activity`, `api_key`) for the row type `$row`.
macro_rules! define_row_mappers {
    ($row:ty) => {
        use crate::accounts::User;
        use crate::activity::{ActivityEntry, ActorType};
        use crate::api_keys::{ApiKeyRecord, ApiKeyStatus};
        use crate::projects::{Environment, Invitation, InvitationStatus, Member, Project};
        use quire_core::{Role, Timestamp, scope::decode_scopes};
        use sqlx::Row;

        pub(crate) fn ts(row: &$row, col: &str) -> Result<Timestamp, sqlx::Error> {
            Ok(Timestamp::from_millis(row.try_get::<i64, _>(col)?))
        }

        pub(crate) fn opt_ts(row: &$row, col: &str) -> Result<Option<Timestamp>, sqlx::Error> {
            Ok(row.try_get::<Option<i64>, _>(col)?.map(Timestamp::from_millis))
        }

        fn role(row: &$row, col: &str) -> Result<Role, sqlx::Error> {
            let text: String = row.try_get(col)?;
            Role::parse(&text).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {text:?}").into()))
        }

        /// JSON array of ids, or NULL for "all".
        pub(crate) fn encode_ids(ids: &Option<Vec<String>>) -> Option<String> {
            ids.as_ref().map(|ids| serde_json::Value::from(ids.clone()).to_string())
        }

        fn decode_ids(row: &$row, col: &str) -> Result<Option<Vec<String>>, sqlx::Error> {
            let text: Option<String> = row.try_get(col)?;
            text.map(|t| serde_json::from_str(&t).map_err(|e| sqlx::Error::Decode(Box::new(e)))).transpose()
        }

        pub(crate) fn user(row: &$row) -> Result<User, sqlx::Error> {
            Ok(User {
                id: row.try_get("id")?,
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                created_at: ts(row, "created_at")?,
            })
        }

        pub(crate) fn project(row: &$row) -> Result<Project, sqlx::Error> {
            Ok(Project {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                slug: row.try_get("slug")?,
                is_personal: row.try_get("is_personal")?,
                created_by: row.try_get("created_by")?,
                created_at: ts(row, "created_at")?,
                updated_at: ts(row, "updated_at")?,
            })
        }

        pub(crate) fn environment(row: &$row) -> Result<Environment, sqlx::Error> {
            Ok(Environment {
                id: row.try_get("id")?,
                project_id: row.try_get("project_id")?,
                name: row.try_get("name")?,
                retention_seconds: row.try_get("retention_seconds")?,
                monthly_document_quota: row.try_get("monthly_document_quota")?,
                created_at: ts(row, "created_at")?,
                updated_at: ts(row, "updated_at")?,
            })
        }

        pub(crate) fn member(row: &$row) -> Result<Member, sqlx::Error> {
            Ok(Member {
                id: row.try_get("id")?,
                project_id: row.try_get("project_id")?,
                user_id: row.try_get("user_id")?,
                role: role(row, "role")?,
                environment_ids: decode_ids(row, "environment_ids")?,
                created_at: ts(row, "created_at")?,
            })
        }

        pub(crate) fn invitation(row: &$row) -> Result<Invitation, sqlx::Error> {
            let status: String = row.try_get("status")?;
            Ok(Invitation {
                id: row.try_get("id")?,
                project_id: row.try_get("project_id")?,
                email: row.try_get("email")?,
                role: role(row, "role")?,
                environment_ids: decode_ids(row, "environment_ids")?,
                invited_by: row.try_get("invited_by")?,
                status: InvitationStatus::parse(&status).unwrap_or(InvitationStatus::Cancelled),
                created_at: ts(row, "created_at")?,
                expires_at: ts(row, "expires_at")?,
            })
        }

        pub(crate) fn activity(row: &$row) -> Result<ActivityEntry, sqlx::Error> {
            let details: Option<String> = row.try_get("details")?;
            let actor_type: String = row.try_get("actor_type")?;
            Ok(ActivityEntry {
                id: row.try_get("id")?,
                project_id: row.try_get("project_id")?,
                environment_id: row.try_get("environment_id")?,
                actor_id: row.try_get("actor_id")?,
                actor_type: ActorType::parse(&actor_type),
                actor_label: row.try_get("actor_label")?,
                action: row.try_get("action")?,
                target_type: row.try_get("target_type")?,
                target_id: row.try_get("target_id")?,
                details: details.and_then(|d| serde_json::from_str(&d).ok()),
                created_at: ts(row, "created_at")?,
            })
        }

        pub(crate) fn api_key(row: &$row) -> Result<ApiKeyRecord, sqlx::Error> {
            let scopes: String = row.try_get("scopes")?;
            let status: String = row.try_get("status")?;
            Ok(ApiKeyRecord {
                id: row.try_get("id")?,
                digest: row.try_get("digest")?,
                prefix: row.try_get("prefix")?,
                name: row.try_get("name")?,
                project_id: row.try_get("project_id")?,
                environment_id: row.try_get("environment_id")?,
                scopes: decode_scopes(&scopes),
                status: ApiKeyStatus::parse(&status),
                expires_at: opt_ts(row, "expires_at")?,
                rate_limit_per_minute: row.try_get("rate_limit_per_minute")?,
                monthly_document_quota: row.try_get("monthly_document_quota")?,
                created_by: row.try_get("created_by")?,
                created_at: ts(row, "created_at")?,
                updated_at: ts(row, "updated_at")?,
                last_used_at: opt_ts(row, "last_used_at")?,
                total_requests: row.try_get("total_requests")?,
                rotated_to: row.try_get("rotated_to")?,
                rotated_from: row.try_get("rotated_from")?,
                grace_until: opt_ts(row, "grace_until")?,
            })
        }
    };
}

pub(crate) use define_row_mappers;
