//! PostgreSQL: projects, environments, members and invitations.

use async_trait::async_trait;
use quire_core::Timestamp;
use sqlx::{Postgres, Transaction};

use super::{PostgresStore, rows};
use crate::projects::{
    Environment, Invitation, InvitationStatus, Member, MemberView, Project, ProjectStore, ProjectSummary,
};
use crate::{StoreError, StoreResult};

/// Inserts a project with its owner and first environment inside `tx`.
pub(crate) async fn insert_project(
    tx: &mut Transaction<'_, Postgres>,
    project: &Project,
    owner: &Member,
    environment: &Environment,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO projects (id, name, slug, is_personal, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&project.id)
    .bind(&project.name)
    .bind(&project.slug)
    .bind(project.is_personal)
    .bind(&project.created_by)
    .bind(project.created_at.as_millis())
    .bind(project.updated_at.as_millis())
    .execute(&mut **tx)
    .await
    .map_err(StoreError::from_sqlx)?;
    insert_member(tx, owner).await?;
    insert_environment(&mut **tx, environment).await
}

async fn insert_member(tx: &mut Transaction<'_, Postgres>, member: &Member) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO members (id, project_id, user_id, role, environment_ids, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&member.id)
    .bind(&member.project_id)
    .bind(&member.user_id)
    .bind(member.role.as_str())
    .bind(rows::encode_ids(&member.environment_ids))
    .bind(member.created_at.as_millis())
    .execute(&mut **tx)
    .await
    .map_err(StoreError::from_sqlx)?;
    Ok(())
}

async fn insert_environment<'e, E: sqlx::Executor<'e, Database = Postgres>>(
    executor: E,
    environment: &Environment,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO environments (id, project_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&environment.id)
        .bind(&environment.project_id)
        .bind(&environment.name)
        .bind(environment.created_at.as_millis())
        .bind(environment.updated_at.as_millis())
        .execute(executor)
        .await
        .map_err(StoreError::from_sqlx)?;
    Ok(())
}

/// Fails with NotFound when an UPDATE/DELETE touched nothing.
fn touched(result: sqlx::postgres::PgQueryResult) -> StoreResult<()> {
    if result.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

macro_rules! member_view_sql {
    ($where:literal) => {
        concat!("SELECT m.*, u.email, u.name FROM members m JOIN users u ON u.id = m.user_id ", $where)
    };
}

fn member_view(row: &sqlx::postgres::PgRow) -> Result<MemberView, sqlx::Error> {
    Ok(MemberView {
        member: rows::member(row)?,
        email: sqlx::Row::try_get(row, "email")?,
        name: sqlx::Row::try_get(row, "name")?,
    })
}

#[async_trait]
impl ProjectStore for PostgresStore {
    async fn create_project(&self, project: &Project, owner: &Member, environment: &Environment) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        insert_project(&mut tx, project, owner, environment).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn projects_of_user(&self, user_id: &str) -> StoreResult<Vec<ProjectSummary>> {
        let found = sqlx::query(
            "SELECT p.*, m.role, (SELECT COUNT(*) FROM members c WHERE c.project_id = p.id) AS member_count \
             FROM projects p JOIN members m ON m.project_id = p.id WHERE m.user_id = $1 ORDER BY p.created_at",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        found
            .iter()
            .map(|row| {
                let role: String = sqlx::Row::try_get(row, "role")?;
                Ok(ProjectSummary {
                    project: rows::project(row)?,
                    role: quire_core::Role::parse(&role).unwrap_or(quire_core::Role::Viewer),
                    member_count: sqlx::Row::try_get(row, "member_count")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::Database)
    }

    async fn all_projects(&self) -> StoreResult<Vec<Project>> {
        let found = sqlx::query("SELECT * FROM projects ORDER BY created_at, id").fetch_all(self.pool()).await?;
        Ok(found.iter().map(rows::project).collect::<Result<_, _>>()?)
    }

    async fn project(&self, id: &str) -> StoreResult<Option<Project>> {
        let row = sqlx::query("SELECT * FROM projects WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| rows::project(&r)).transpose()?)
    }

    async fn rename_project(&self, id: &str, name: &str, slug: &str, at: Timestamp) -> StoreResult<()> {
        touched(
            sqlx::query("UPDATE projects SET name = $1, slug = $2, updated_at = $3 WHERE id = $4")
                .bind(name)
                .bind(slug)
                .bind(at.as_millis())
                .bind(id)
                .execute(self.pool())
                .await?,
        )
    }

    async fn delete_project(&self, id: &str) -> StoreResult<()> {
        touched(sqlx::query("DELETE FROM projects WHERE id = $1").bind(id).execute(self.pool()).await?)
    }

    async fn member_count(&self, project_id: &str) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM members WHERE project_id = $1")
            .bind(project_id)
            .fetch_one(self.pool())
            .await?)
    }

    async fn environments(&self, project_id: &str) -> StoreResult<Vec<Environment>> {
        let found = sqlx::query("SELECT * FROM environments WHERE project_id = $1 ORDER BY created_at, id")
            .bind(project_id)
            .fetch_all(self.pool())
            .await?;
        Ok(found.iter().map(rows::environment).collect::<Result<_, _>>()?)
    }

    async fn environment(&self, id: &str) -> StoreResult<Option<Environment>> {
        let row = sqlx::query("SELECT * FROM environments WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| rows::environment(&r)).transpose()?)
    }

    async fn create_environment(&self, environment: &Environment) -> StoreResult<()> {
        insert_environment(self.pool(), environment).await
    }

    async fn rename_environment(&self, id: &str, name: &str, at: Timestamp) -> StoreResult<()> {
        touched(
            sqlx::query("UPDATE environments SET name = $1, updated_at = $2 WHERE id = $3")
                .bind(name)
                .bind(at.as_millis())
                .bind(id)
                .execute(self.pool())
                .await
                .map_err(StoreError::from_sqlx)?,
        )
    }

    async fn set_environment_retention(&self, id: &str, seconds: Option<i64>, at: Timestamp) -> StoreResult<()> {
        touched(
            sqlx::query("UPDATE environments SET retention_seconds = $1, updated_at = $2 WHERE id = $3")
                .bind(seconds)
                .bind(at.as_millis())
                .bind(id)
                .execute(self.pool())
                .await?,
        )
    }

    async fn set_environment_document_quota(&self, id: &str, quota: Option<i64>, at: Timestamp) -> StoreResult<()> {
        touched(
            sqlx::query("UPDATE environments SET monthly_document_quota = $1, updated_at = $2 WHERE id = $3")
                .bind(quota)
                .bind(at.as_millis())
                .bind(id)
                .execute(self.pool())
                .await?,
        )
    }

    async fn delete_environment(&self, id: &str) -> StoreResult<()> {
        touched(sqlx::query("DELETE FROM environments WHERE id = $1").bind(id).execute(self.pool()).await?)
    }

    async fn membership(&self, project_id: &str, user_id: &str) -> StoreResult<Option<Member>> {
        let row = sqlx::query("SELECT * FROM members WHERE project_id = $1 AND user_id = $2")
            .bind(project_id)
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| rows::member(&r)).transpose()?)
    }

    async fn members(&self, project_id: &str) -> StoreResult<Vec<MemberView>> {
        let found = sqlx::query(member_view_sql!("WHERE m.project_id = $1 ORDER BY m.created_at, m.id"))
            .bind(project_id)
            .fetch_all(self.pool())
            .await?;
        Ok(found.iter().map(member_view).collect::<Result<_, _>>()?)
    }

    async fn member(&self, project_id: &str, member_id: &str) -> StoreResult<Option<MemberView>> {
        let row = sqlx::query(member_view_sql!("WHERE m.project_id = $1 AND m.id = $2"))
            .bind(project_id)
            .bind(member_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| member_view(&r)).transpose()?)
    }

    async fn update_member(&self, member: &Member) -> StoreResult<()> {
        touched(
            sqlx::query("UPDATE members SET role = $1, environment_ids = $2 WHERE id = $3 AND project_id = $4")
                .bind(member.role.as_str())
                .bind(rows::encode_ids(&member.environment_ids))
                .bind(&member.id)
                .bind(&member.project_id)
                .execute(self.pool())
                .await?,
        )
    }

    async fn remove_member(&self, project_id: &str, member_id: &str) -> StoreResult<()> {
        touched(
            sqlx::query("DELETE FROM members WHERE id = $1 AND project_id = $2")
                .bind(member_id)
                .bind(project_id)
                .execute(self.pool())
                .await?,
        )
    }

    async fn create_invitation(&self, invitation: &Invitation) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO invitations (id, project_id, email, role, environment_ids, invited_by, status, created_at, \
             expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&invitation.id)
        .bind(&invitation.project_id)
        .bind(invitation.email.to_lowercase())
        .bind(invitation.role.as_str())
        .bind(rows::encode_ids(&invitation.environment_ids))
        .bind(&invitation.invited_by)
        .bind(invitation.status.as_str())
        .bind(invitation.created_at.as_millis())
        .bind(invitation.expires_at.as_millis())
        .execute(self.pool())
        .await
        .map_err(StoreError::from_sqlx)?;
        Ok(())
    }

    async fn invitation(&self, id: &str) -> StoreResult<Option<Invitation>> {
        let row = sqlx::query("SELECT * FROM invitations WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| rows::invitation(&r)).transpose()?)
    }

    async fn pending_invitations_for(&self, email: &str, now: Timestamp) -> StoreResult<Vec<Invitation>> {
        let found = sqlx::query(
            "SELECT * FROM invitations WHERE email = $1 AND status = 'pending' AND expires_at > $2 ORDER BY created_at",
        )
        .bind(email.to_lowercase())
        .bind(now.as_millis())
        .fetch_all(self.pool())
        .await?;
        Ok(found.iter().map(rows::invitation).collect::<Result<_, _>>()?)
    }

    async fn pending_invitations_of(&self, project_id: &str, now: Timestamp) -> StoreResult<Vec<Invitation>> {
        let found = sqlx::query(
            "SELECT * FROM invitations WHERE project_id = $1 AND status = 'pending' AND expires_at > $2 \
             ORDER BY created_at",
        )
        .bind(project_id)
        .bind(now.as_millis())
        .fetch_all(self.pool())
        .await?;
        Ok(found.iter().map(rows::invitation).collect::<Result<_, _>>()?)
    }

    async fn accept_invitation(&self, invitation_id: &str, member: &Member) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        touched(
            sqlx::query("UPDATE invitations SET status = 'accepted' WHERE id = $1 AND status = 'pending'")
                .bind(invitation_id)
                .execute(&mut *tx)
                .await?,
        )?;
        insert_member(&mut tx, member).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_invitation_status(&self, invitation_id: &str, status: InvitationStatus) -> StoreResult<()> {
        touched(
            sqlx::query("UPDATE invitations SET status = $1 WHERE id = $2 AND status = 'pending'")
                .bind(status.as_str())
                .bind(invitation_id)
                .execute(self.pool())
                .await?,
        )
    }
}
