//! PostgreSQL: users and sessions.

use async_trait::async_trait;

use super::{PostgresStore, rows};
use crate::accounts::{AccountStore, Session, User, UserCredentials};
use crate::projects::{Environment, Member, Project};
use crate::{StoreError, StoreResult};

#[async_trait]
impl AccountStore for PostgresStore {
    async fn count_users(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(self.pool()).await?)
    }

    async fn create_user_with_project(
        &self,
        credentials: &UserCredentials,
        project: &Project,
        environment: &Environment,
        member_id: &str,
    ) -> StoreResult<()> {
        let user = &credentials.user;
        let mut tx = self.begin().await?;
        sqlx::query("INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&user.id)
            .bind(user.email.to_lowercase())
            .bind(&user.name)
            .bind(&credentials.password_hash)
            .bind(user.created_at.as_millis())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_sqlx)?;
        let owner = Member {
            id: member_id.to_string(),
            project_id: project.id.clone(),
            user_id: user.id.clone(),
            role: quire_core::Role::Owner,
            environment_ids: None,
            created_at: user.created_at,
        };
        super::projects::insert_project(&mut tx, project, &owner, environment).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn user_credentials(&self, email: &str) -> StoreResult<Option<UserCredentials>> {
        let row = sqlx::query("SELECT * FROM users WHERE email = $1")
            .bind(email.to_lowercase())
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            Ok(UserCredentials { user: rows::user(&row)?, password_hash: sqlx::Row::try_get(&row, "password_hash")? })
        })
        .transpose()
        .map_err(StoreError::Database)
    }

    async fn user(&self, id: &str) -> StoreResult<Option<User>> {
        let row = sqlx::query("SELECT * FROM users WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| rows::user(&r)).transpose()?)
    }

    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_digest, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&session.token_digest)
            .bind(&session.user_id)
            .bind(session.expires_at.as_millis())
            .bind(session.created_at.as_millis())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn take_session(&self, token_digest: &str) -> StoreResult<Option<Session>> {
        let row = sqlx::query("DELETE FROM sessions WHERE token_digest = $1 RETURNING *")
            .bind(token_digest)
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            Ok(Session {
                token_digest: sqlx::Row::try_get(&row, "token_digest")?,
                user_id: sqlx::Row::try_get(&row, "user_id")?,
                expires_at: rows::ts(&row, "expires_at")?,
                created_at: rows::ts(&row, "created_at")?,
            })
        })
        .transpose()
        .map_err(StoreError::Database)
    }

    async fn delete_sessions(&self, user_id: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(self.pool()).await?;
        Ok(())
    }
}
