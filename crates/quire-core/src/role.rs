//! Project roles and the one role matrix of API.md §3.

use serde::{Deserialize, Serialize};

/// A member's role in a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Admin,
    Member,
    Viewer,
}

/// Something a dashboard user may be allowed to do inside a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See the project, its environments, members, templates and documents.
    Read,
    /// Rename the project.
    UpdateProject,
    /// Delete the project.
    DeleteProject,
    /// Invite, re-role and remove members; read the activity log.
    ManageMembers,
    /// Create, rename and delete environments.
    ManageEnvironments,
    /// Create, change, revoke, rotate and delete API keys.
    ManageKeys,
    /// Create, change, publish and delete templates and assets.
    ManageTemplates,
    /// Generate documents and manage jobs.
    GenerateDocuments,
    /// Read analytics.
    ViewAnalytics,
    /// Manage webhook subscriptions.
    ManageWebhooks,
    /// Upload and revoke the project's signing certificates.
    ManageSigningCertificates,
}

impl Role {
    /// The role matrix: whether this role may perform `action`.
    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Owner => true,
            Role::Admin => !matches!(action, DeleteProject),
            Role::Member => matches!(action, Read | ManageTemplates | GenerateDocuments | ViewAnalytics),
            Role::Viewer => matches!(action, Read),
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Viewer => "viewer",
        }
    }

    /// From the wire name.
    pub fn parse(text: &str) -> Option<Role> {
        [Role::Owner, Role::Admin, Role::Member, Role::Viewer].into_iter().find(|r| r.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_matches_the_api_contract() {
        assert!(Role::Owner.allows(Action::DeleteProject));
        assert!(!Role::Admin.allows(Action::DeleteProject));
        assert!(Role::Admin.allows(Action::ManageKeys));
        assert!(!Role::Member.allows(Action::ManageKeys));
        assert!(Role::Member.allows(Action::ManageTemplates));
        assert!(!Role::Viewer.allows(Action::GenerateDocuments));
        assert!(Role::Viewer.allows(Action::Read));
        assert!(Role::Admin.allows(Action::ManageSigningCertificates));
        assert!(!Role::Member.allows(Action::ManageSigningCertificates));
    }
}
