//! SQLite: OAuth apps, codes, grants and tokens (`crate::oauth`).

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use crate::oauth::{OAuthStore, RefreshOutcome};
use crate::{StoreError, StoreResult};

use crate::oauth_row_mappers::{oauth_app_columns, oauth_token_columns};

crate::oauth_row_mappers::define_oauth_row_mappers!(SqliteRow);

async fn insert_token<'e, E: sqlx::Executor<'e, Database = sqlx::Sqlite>>(
    executor: E,
    t: &OAuthToken,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO oauth_tokens (digest, kind, grant_id, created_at, expires_at, revoked_at, rotated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&t.digest)
    .bind(t.kind.as_str())
    .bind(&t.grant_id)
    .bind(t.created_at.as_millis())
    .bind(t.expires_at.as_millis())
    .bind(t.revoked_at.map(Timestamp::as_millis))
    .bind(t.rotated_at.map(Timestamp::as_millis))
    .execute(executor)
    .await
    .map_err(StoreError::from_sqlx)?;
    Ok(())
}

/// Revokes a grant inside a transaction; answers whether it was active.
async fn revoke_grant<'e, E: sqlx::Executor<'e, Database = sqlx::Sqlite>>(
    executor: E,
    grant_id: &str,
    now: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE oauth_grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(now.as_millis())
        .bind(grant_id)
        .execute(executor)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The joins of a token with its grant and app, by the token's digest.
macro_rules! token_context {
    () => {
        "FROM oauth_tokens t JOIN oauth_grants g ON g.id = t.grant_id \
     JOIN oauth_apps a ON a.id = g.app_id WHERE t.digest = ?"
    };
}

/// Active grants joined with their apps.
macro_rules! grant_views {
    () => {
        "FROM oauth_grants g JOIN oauth_apps a ON a.id = g.app_id WHERE g.revoked_at IS NULL"
    };
}

#[async_trait]
impl OAuthStore for SqliteStore {
    async fn create_oauth_app(&self, app: &OAuthApp) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO oauth_apps (id, project_id, name, redirect_uris, client_type, secret_digest, scopes, \
             credentials_environment_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&app.id)
        .bind(&app.project_id)
        .bind(&app.name)
        .bind(encode_uris(&app.redirect_uris))
        .bind(app.client_type.as_str())
        .bind(&app.secret_digest)
        .bind(encode_scopes(&app.scopes))
        .bind(&app.credentials_environment_id)
        .bind(&app.created_by)
        .bind(app.created_at.as_millis())
        .execute(self.pool())
        .await
        .map_err(StoreError::from_sqlx)?;
        Ok(())
    }

    async fn oauth_app(&self, id: &str) -> StoreResult<Option<OAuthApp>> {
        let row = sqlx::query("SELECT * FROM oauth_apps WHERE id = ?").bind(id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| oauth_app(&r)).transpose()?)
    }

    async fn oauth_apps(&self, project_id: &str) -> StoreResult<Vec<OAuthApp>> {
        let found = sqlx::query("SELECT * FROM oauth_apps WHERE project_id = ? ORDER BY created_at DESC, id")
            .bind(project_id)
            .fetch_all(self.pool())
            .await?;
        Ok(found.iter().map(oauth_app).collect::<Result<_, _>>()?)
    }

    async fn delete_oauth_app(&self, project_id: &str, id: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM oauth_apps WHERE id = ? AND project_id = ?")
            .bind(id)
            .bind(project_id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    async fn create_oauth_code(&self, code: &OAuthCode) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO oauth_codes (digest, app_id, user_id, environment_id, redirect_uri, scopes, code_challenge, \
             created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&code.digest)
        .bind(&code.app_id)
        .bind(&code.user_id)
        .bind(&code.environment_id)
        .bind(&code.redirect_uri)
        .bind(encode_scopes(&code.scopes))
        .bind(&code.code_challenge)
        .bind(code.created_at.as_millis())
        .bind(code.expires_at.as_millis())
        .execute(self.pool())
        .await
        .map_err(StoreError::from_sqlx)?;
        Ok(())
    }

    async fn take_oauth_code(&self, digest: &str) -> StoreResult<Option<OAuthCode>> {
        // One statement: of two concurrent exchanges of the same code, only one gets the row.
        let row = sqlx::query("DELETE FROM oauth_codes WHERE digest = ? RETURNING *")
            .bind(digest)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| oauth_code(&r)).transpose()?)
    }

    async fn create_oauth_grant(&self, grant: &OAuthGrant, tokens: &[OAuthToken]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO oauth_grants (id, app_id, project_id, environment_id, user_id, kind, scopes, created_at, \
             revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&grant.id)
        .bind(&grant.app_id)
        .bind(&grant.project_id)
        .bind(&grant.environment_id)
        .bind(&grant.user_id)
        .bind(grant.kind.as_str())
        .bind(encode_scopes(&grant.scopes))
        .bind(grant.created_at.as_millis())
        .bind(grant.revoked_at.map(Timestamp::as_millis))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_sqlx)?;
        for token in tokens {
            insert_token(&mut *tx, token).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn oauth_token(&self, digest: &str) -> StoreResult<Option<crate::oauth::OAuthTokenContext>> {
        let sql = concat!("SELECT ", oauth_token_columns!(), ", g.*, a.name AS app_name ", token_context!());
        let row = sqlx::query(sql).bind(digest).fetch_optional(self.pool()).await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(crate::oauth::OAuthTokenContext {
            token: oauth_token(&row)?,
            grant: oauth_grant(&row)?,
            app_name: row.try_get("app_name")?,
        }))
    }

    async fn rotate_oauth_refresh_token(
        &self,
        app_id: &str,
        digest: &str,
        successors: &[OAuthToken],
        now: Timestamp,
    ) -> StoreResult<RefreshOutcome> {
        let mut tx = self.begin_write().await?;
        let sql = concat!("SELECT ", oauth_token_columns!(), ", g.*, a.name AS app_name ", token_context!());
        let Some(row) = sqlx::query(sql).bind(digest).fetch_optional(&mut *tx).await? else {
            return Ok(RefreshOutcome::Invalid);
        };
        let (token, grant) = (oauth_token(&row)?, oauth_grant(&row)?);
        if token.kind != OAuthTokenKind::Refresh || grant.app_id != app_id {
            return Ok(RefreshOutcome::Invalid);
        }
        if token.rotated_at.is_some() {
            revoke_grant(&mut *tx, &grant.id, now).await?;
            tx.commit().await?;
            return Ok(RefreshOutcome::Reused);
        }
        if token.revoked_at.is_some() || grant.revoked_at.is_some() || token.expires_at <= now {
            return Ok(RefreshOutcome::Invalid);
        }
        sqlx::query("UPDATE oauth_tokens SET rotated_at = ? WHERE digest = ?")
            .bind(now.as_millis())
            .bind(digest)
            .execute(&mut *tx)
            .await?;
        for successor in successors {
            insert_token(&mut *tx, &OAuthToken { grant_id: grant.id.clone(), ..successor.clone() }).await?;
        }
        tx.commit().await?;
        Ok(RefreshOutcome::Rotated(grant))
    }

    async fn revoke_oauth_token(&self, digest: &str, now: Timestamp) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE oauth_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE digest = ?")
            .bind(now.as_millis())
            .bind(digest)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn revoke_oauth_grant(&self, grant_id: &str, now: Timestamp) -> StoreResult<bool> {
        revoke_grant(self.pool(), grant_id, now).await
    }

    async fn oauth_grant(&self, grant_id: &str) -> StoreResult<Option<OAuthGrant>> {
        let row =
            sqlx::query("SELECT * FROM oauth_grants WHERE id = ?").bind(grant_id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| oauth_grant(&r)).transpose()?)
    }

    async fn oauth_grants_of_user(&self, user_id: &str) -> StoreResult<Vec<OAuthGrantView>> {
        let sql = concat!(
            "SELECT g.*, ",
            oauth_app_columns!(),
            " ",
            grant_views!(),
            " AND g.user_id = ? ORDER BY g.created_at DESC, g.id"
        );
        let found = sqlx::query(sql).bind(user_id).fetch_all(self.pool()).await?;
        Ok(found.iter().map(grant_view).collect::<Result<_, _>>()?)
    }

    async fn oauth_grants_of_project(&self, project_id: &str) -> StoreResult<Vec<OAuthGrantView>> {
        let sql = concat!(
            "SELECT g.*, ",
            oauth_app_columns!(),
            " ",
            grant_views!(),
            " AND g.project_id = ? ORDER BY g.created_at DESC, g.id"
        );
        let found = sqlx::query(sql).bind(project_id).fetch_all(self.pool()).await?;
        Ok(found.iter().map(grant_view).collect::<Result<_, _>>()?)
    }
}
