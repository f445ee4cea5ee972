//! Projects ("teams"), environments, members and invitations.

use async_trait::async_trait;
use quire_core::{Role, Timestamp};
use serde::Serialize;

use crate::StoreResult;

/// A project.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub is_personal: bool,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A project as listed for one user.
#[derive(Debug, Clone)]
pub struct ProjectSummary {
    pub project: Project,
    pub role: Role,
    pub member_count: i64,
}

/// An environment ("workspace") of a project.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    pub id: String,
    pub project_id: String,
    pub name: String,
    /// How long document files are kept, in seconds; `None` uses the server's default.
    pub retention_seconds: Option<i64>,
    /// Documents the environment may generate per calendar month (UTC), whoever asks; `None`: no quota.
    pub monthly_document_quota: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A user's membership of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: String,
    pub project_id: String,
    pub user_id: String,
    pub role: Role,
    /// `None`: every environment; `Some(ids)`: only these.
    pub environment_ids: Option<Vec<String>>,
    pub created_at: Timestamp,
}

impl Member {
    /// Whether this member may see the environment.
    pub fn can_access_environment(&self, environment_id: &str) -> bool {
        self.environment_ids.as_ref().is_none_or(|ids| ids.iter().any(|id| id == environment_id))
    }
}

/// A member with the user's email and name, for member lists.
#[derive(Debug, Clone)]
pub struct MemberView {
    pub member: Member,
    pub email: String,
    pub name: String,
}

/// State of an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Rejected,
    Cancelled,
}

impl InvitationStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "pending",
            InvitationStatus::Accepted => "accepted",
            InvitationStatus::Rejected => "rejected",
            InvitationStatus::Cancelled => "cancelled",
        }
    }

    /// From the stored name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Rejected, Self::Cancelled].into_iter().find(|s| s.as_str() == text)
    }
}

/// An invitation of an email address into a project.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    pub id: String,
    pub project_id: String,
    pub email: String,
    pub role: Role,
    pub environment_ids: Option<Vec<String>>,
    pub invited_by: String,
    pub status: InvitationStatus,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// Projects, environments, members and invitations.
#[async_trait]
pub trait ProjectStore: Send + Sync {
    /// Creates a project with its owner membership and first environment, atomically.
    async fn create_project(&self, project: &Project, owner: &Member, environment: &Environment) -> StoreResult<()>;
    /// The projects a user belongs to, with the user's role.
    async fn projects_of_user(&self, user_id: &str) -> StoreResult<Vec<ProjectSummary>>;
    /// Every project (operator tooling only).
    async fn all_projects(&self) -> StoreResult<Vec<Project>>;
    /// A project by id.
    async fn project(&self, id: &str) -> StoreResult<Option<Project>>;
    /// Renames a project.
    async fn rename_project(&self, id: &str, name: &str, slug: &str, at: Timestamp) -> StoreResult<()>;
    /// Deletes a project and everything in it.
    async fn delete_project(&self, id: &str) -> StoreResult<()>;
    /// Number of members of a project.
    async fn member_count(&self, project_id: &str) -> StoreResult<i64>;

    /// The environments of a project, oldest first.
    async fn environments(&self, project_id: &str) -> StoreResult<Vec<Environment>>;
    /// An environment by id.
    async fn environment(&self, id: &str) -> StoreResult<Option<Environment>>;
    /// Creates an environment; a duplicate name in the project is a conflict.
    async fn create_environment(&self, environment: &Environment) -> StoreResult<()>;
    /// Renames an environment.
    async fn rename_environment(&self, id: &str, name: &str, at: Timestamp) -> StoreResult<()>;
    /// Sets (or, with `None`, clears) the environment's document retention.
    async fn set_environment_retention(&self, id: &str, seconds: Option<i64>, at: Timestamp) -> StoreResult<()>;
    /// Sets (or with `None` removes) an environment's monthly document quota.
    async fn set_environment_document_quota(&self, id: &str, quota: Option<i64>, at: Timestamp) -> StoreResult<()>;
    /// Deletes an environment and everything in it.
    async fn delete_environment(&self, id: &str) -> StoreResult<()>;

    /// The membership of a user in a project.
    async fn membership(&self, project_id: &str, user_id: &str) -> StoreResult<Option<Member>>;
    /// The members of a project with their names.
    async fn members(&self, project_id: &str) -> StoreResult<Vec<MemberView>>;
    /// A member by id, within a project.
    async fn member(&self, project_id: &str, member_id: &str) -> StoreResult<Option<MemberView>>;
    /// Changes a member's role (and optionally the environment restriction).
    async fn update_member(&self, member: &Member) -> StoreResult<()>;
    /// Removes a member.
    async fn remove_member(&self, project_id: &str, member_id: &str) -> StoreResult<()>;

    /// Stores a new invitation.
    async fn create_invitation(&self, invitation: &Invitation) -> StoreResult<()>;
    /// An invitation by id.
    async fn invitation(&self, id: &str) -> StoreResult<Option<Invitation>>;
    /// Pending, unexpired invitations for an email address.
    async fn pending_invitations_for(&self, email: &str, now: Timestamp) -> StoreResult<Vec<Invitation>>;
    /// Pending invitations of a project.
    async fn pending_invitations_of(&self, project_id: &str, now: Timestamp) -> StoreResult<Vec<Invitation>>;
    /// Marks an invitation accepted and adds the membership, atomically.
    async fn accept_invitation(&self, invitation_id: &str, member: &Member) -> StoreResult<()>;
    /// Sets an invitation's status (rejected, cancelled).
    async fn set_invitation_status(&self, invitation_id: &str, status: InvitationStatus) -> StoreResult<()>;
}
