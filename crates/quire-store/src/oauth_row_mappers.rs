//! Mapping rows to the OAuth records, written once for both stores (like `crate::row_mappers`): each backend's
//! `oauth` module instantiates these mappers for its own row type.

/// Defines `oauth_app`, `oauth_code`, `oauth_grant`, `oauth_token`, `grant_view` and the scope and URI codecs for
/// the row type `$row`. Joined queries name the app's columns with the prefix `app_` (see `oauth_app_columns!`).
macro_rules! define_oauth_row_mappers {
    ($row:ty) => {
        use crate::oauth::{
            OAuthApp, OAuthClientType, OAuthCode, OAuthGrant, OAuthGrantKind, OAuthGrantView, OAuthToken,
            OAuthTokenKind,
        };
        use quire_core::{OAuthScope, Timestamp, oauth_scope};
        use sqlx::Row;

        fn ts(row: &$row, col: &str) -> Result<Timestamp, sqlx::Error> {
            Ok(Timestamp::from_millis(row.try_get::<i64, _>(col)?))
        }

        fn opt_ts(row: &$row, col: &str) -> Result<Option<Timestamp>, sqlx::Error> {
            Ok(row.try_get::<Option<i64>, _>(col)?.map(Timestamp::from_millis))
        }

        /// Scopes as stored: space-separated wire names.
        pub(crate) fn encode_scopes(scopes: &[OAuthScope]) -> String {
            oauth_scope::format_scope_list(scopes)
        }

        fn scopes(row: &$row, col: &str) -> Result<Vec<OAuthScope>, sqlx::Error> {
            let text: String = row.try_get(col)?;
            oauth_scope::parse_scope_list(&text)
                .map_err(|name| sqlx::Error::Decode(format!("unknown OAuth scope {name:?}").into()))
        }

        /// Redirect URIs as stored: a JSON array.
        pub(crate) fn encode_uris(uris: &[String]) -> String {
            serde_json::Value::from(uris.to_vec()).to_string()
        }

        fn uris(row: &$row, col: &str) -> Result<Vec<String>, sqlx::Error> {
            let text: String = row.try_get(col)?;
            serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
        }

        /// An app from its own columns (`prefix` empty) or from a join's `app_…` columns.
        fn app_columns(row: &$row, prefix: &str, id_column: &str) -> Result<OAuthApp, sqlx::Error> {
            let col = |name: &str| format!("{prefix}{name}");
            Ok(OAuthApp {
                id: row.try_get(id_column)?,
                project_id: row.try_get(col("project_id").as_str())?,
                name: row.try_get(col("name").as_str())?,
                redirect_uris: uris(row, &col("redirect_uris"))?,
                client_type: OAuthClientType::parse(&row.try_get::<String, _>(col("client_type").as_str())?),
                secret_digest: row.try_get(col("secret_digest").as_str())?,
                scopes: scopes(row, &col("scopes"))?,
                credentials_environment_id: row.try_get(col("credentials_environment_id").as_str())?,
                created_by: row.try_get(col("created_by").as_str())?,
                created_at: ts(row, &col("created_at"))?,
            })
        }

        pub(crate) fn oauth_app(row: &$row) -> Result<OAuthApp, sqlx::Error> {
            app_columns(row, "", "id")
        }

        pub(crate) fn oauth_code(row: &$row) -> Result<OAuthCode, sqlx::Error> {
            Ok(OAuthCode {
                digest: row.try_get("digest")?,
                app_id: row.try_get("app_id")?,
                user_id: row.try_get("user_id")?,
                environment_id: row.try_get("environment_id")?,
                redirect_uri: row.try_get("redirect_uri")?,
                scopes: scopes(row, "scopes")?,
                code_challenge: row.try_get("code_challenge")?,
                created_at: ts(row, "created_at")?,
                expires_at: ts(row, "expires_at")?,
            })
        }

        /// A grant from `g.*` columns (joined queries name the grant's own times `grant_created_at` and
        /// `grant_revoked_at`, see `GRANT_COLUMNS`).
        pub(crate) fn oauth_grant(row: &$row) -> Result<OAuthGrant, sqlx::Error> {
            Ok(OAuthGrant {
                id: row.try_get("id")?,
                app_id: row.try_get("app_id")?,
                project_id: row.try_get("project_id")?,
                environment_id: row.try_get("environment_id")?,
                user_id: row.try_get("user_id")?,
                kind: OAuthGrantKind::parse(&row.try_get::<String, _>("kind")?),
                scopes: scopes(row, "scopes")?,
                created_at: ts(row, "created_at")?,
                revoked_at: opt_ts(row, "revoked_at")?,
            })
        }

        /// A token from a row holding its columns under the prefix `t_` (see `oauth_token_columns!`).
        pub(crate) fn oauth_token(row: &$row) -> Result<OAuthToken, sqlx::Error> {
            Ok(OAuthToken {
                digest: row.try_get("t_digest")?,
                kind: OAuthTokenKind::parse(&row.try_get::<String, _>("t_kind")?),
                grant_id: row.try_get("t_grant_id")?,
                created_at: ts(row, "t_created_at")?,
                expires_at: ts(row, "t_expires_at")?,
                revoked_at: opt_ts(row, "t_revoked_at")?,
                rotated_at: opt_ts(row, "t_rotated_at")?,
            })
        }

        /// A grant (`g.*`) joined with its app (`oauth_app_columns!`).
        pub(crate) fn grant_view(row: &$row) -> Result<OAuthGrantView, sqlx::Error> {
            Ok(OAuthGrantView { grant: oauth_grant(row)?, app: app_columns(row, "app_", "app_id_")? })
        }
    };
}

pub(crate) use define_oauth_row_mappers;

/// The app's columns, each as `app_<column>`, for queries that join grants (`g`) with apps (`a`); a literal, as
/// sqlx takes only literal SQL.
macro_rules! oauth_app_columns {
    () => {
        "a.id AS app_id_, a.project_id AS app_project_id, a.name AS app_name, \
             a.redirect_uris AS app_redirect_uris, a.client_type AS app_client_type, \
             a.secret_digest AS app_secret_digest, a.scopes AS app_scopes, \
             a.credentials_environment_id AS app_credentials_environment_id, a.created_by AS app_created_by, \
             a.created_at AS app_created_at"
    };
}

/// The token's (`t`) columns under the prefix `t_`.
macro_rules! oauth_token_columns {
    () => {
        "t.digest AS t_digest, t.kind AS t_kind, t.grant_id AS t_grant_id, \
             t.created_at AS t_created_at, t.expires_at AS t_expires_at, t.revoked_at AS t_revoked_at, \
             t.rotated_at AS t_rotated_at"
    };
}

pub(crate) use {oauth_app_columns, oauth_token_columns};
