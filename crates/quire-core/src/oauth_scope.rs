//! OAuth scopes: the four API key permissions plus Rynko's integration scopes (API.md §10).

use crate::Scope;
use crate::role::Action;

/// A scope an OAuth app may ask for and a user may grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OAuthScope {
    /// One of the API key permissions, with the same meaning.
    Key(Scope),
    /// Read documents (jobs, batches, downloads) and templates.
    DocumentsRead,
    /// Read templates.
    TemplatesRead,
    /// Read webhook subscriptions and deliveries.
    WebhooksRead,
    /// Manage webhook subscriptions.
    WebhooksWrite,
    /// Read the user's profile (`/api/oauth/userinfo`).
    ProfileRead,
}

impl OAuthScope {
    /// Every scope, in documentation order.
    pub const ALL: [OAuthScope; 9] = [
        OAuthScope::Key(Scope::DocumentsGenerate),
        OAuthScope::Key(Scope::TemplatesManage),
        OAuthScope::Key(Scope::AnalyticsView),
        OAuthScope::Key(Scope::ProjectManage),
        OAuthScope::DocumentsRead,
        OAuthScope::TemplatesRead,
        OAuthScope::WebhooksRead,
        OAuthScope::WebhooksWrite,
        OAuthScope::ProfileRead,
    ];

    /// The wire name, e.g. `templates:read`.
    pub fn as_str(self) -> &'static str {
        match self {
            OAuthScope::Key(scope) => scope.as_str(),
            OAuthScope::DocumentsRead => "documents:read",
            OAuthScope::TemplatesRead => "templates:read",
            OAuthScope::WebhooksRead => "webhooks:read",
            OAuthScope::WebhooksWrite => "webhooks:write",
            OAuthScope::ProfileRead => "profile:read",
        }
    }

    /// What the consent page says the scope lets the app do.
    pub fn label(self) -> &'static str {
        match self {
            OAuthScope::Key(scope) => scope.label(),
            OAuthScope::DocumentsRead => "Read Documents",
            OAuthScope::TemplatesRead => "Read Templates",
            OAuthScope::WebhooksRead => "Read Webhooks",
            OAuthScope::WebhooksWrite => "Manage Webhooks",
            OAuthScope::ProfileRead => "Read Your Profile",
        }
    }

    /// Whether this scope lets a token through a route that API keys pass with any of `key_scopes` and users with
    /// a role allowing `action`: a key permission as for keys; `templates:read` the template reads;
    /// `documents:read` those and the reads (`GET`s, `read_only`) of jobs and batches; `webhooks:write` the webhook
    /// subscriptions and `webhooks:read` their `GET`s.
    pub fn grants(self, action: Action, key_scopes: &[Scope], read_only: bool) -> bool {
        match self {
            OAuthScope::Key(scope) => key_scopes.contains(&scope),
            OAuthScope::TemplatesRead => action == Action::Read && key_scopes.contains(&Scope::DocumentsGenerate),
            OAuthScope::DocumentsRead => {
                (action == Action::Read && key_scopes.contains(&Scope::DocumentsGenerate))
                    || (read_only && action == Action::GenerateDocuments)
            }
            OAuthScope::WebhooksWrite => action == Action::ManageWebhooks,
            OAuthScope::WebhooksRead => read_only && action == Action::ManageWebhooks,
            OAuthScope::ProfileRead => false,
        }
    }

    /// From the wire name.
    pub fn parse(text: &str) -> Option<OAuthScope> {
        OAuthScope::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A space-separated scope list (RFC 6749 §3.3) parsed, sorted and without duplicates; `Err` names the first
/// unknown scope.
pub fn parse_scope_list(text: &str) -> Result<Vec<OAuthScope>, String> {
    let mut scopes = Vec::new();
    for name in text.split(' ').filter(|s| !s.is_empty()) {
        scopes.push(OAuthScope::parse(name).ok_or_else(|| name.to_string())?);
    }
    scopes.sort();
    scopes.dedup();
    Ok(scopes)
}

/// The RFC 6749 form: space-separated wire names.
pub fn format_scope_list(scopes: &[OAuthScope]) -> String {
    scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_lists_round_trip_and_name_the_unknown_scope() {
        for scope in OAuthScope::ALL {
            assert_eq!(OAuthScope::parse(scope.as_str()), Some(scope));
        }
        let parsed = parse_scope_list("profile:read  documents:generate profile:read").unwrap();
        assert_eq!(parsed, vec![OAuthScope::Key(Scope::DocumentsGenerate), OAuthScope::ProfileRead]);
        assert_eq!(format_scope_list(&parsed), "documents:generate profile:read");
        assert_eq!(parse_scope_list("profile:read admin"), Err("admin".to_string()));
    }

    #[test]
    fn integration_scopes_grant_only_their_reads_and_writes() {
        let read_templates = [Scope::DocumentsGenerate, Scope::TemplatesManage];
        assert!(OAuthScope::TemplatesRead.grants(Action::Read, &read_templates, true));
        assert!(!OAuthScope::TemplatesRead.grants(Action::ManageTemplates, &[Scope::TemplatesManage], false));
        assert!(OAuthScope::WebhooksWrite.grants(Action::ManageWebhooks, &[Scope::ProjectManage], false));
        assert!(OAuthScope::WebhooksRead.grants(Action::ManageWebhooks, &[Scope::ProjectManage], true));
        assert!(!OAuthScope::WebhooksRead.grants(Action::ManageWebhooks, &[Scope::ProjectManage], false));
        assert!(!OAuthScope::ProfileRead.grants(Action::Read, &read_templates, true));
        let jobs = [Scope::DocumentsGenerate];
        assert!(OAuthScope::DocumentsRead.grants(Action::GenerateDocuments, &jobs, true));
        assert!(!OAuthScope::DocumentsRead.grants(Action::GenerateDocuments, &jobs, false));
        assert!(!OAuthScope::TemplatesRead.grants(Action::GenerateDocuments, &jobs, true));
        let generate = OAuthScope::Key(Scope::DocumentsGenerate);
        assert!(generate.grants(Action::GenerateDocuments, &[Scope::DocumentsGenerate], false));
        assert!(!generate.grants(Action::ViewAnalytics, &[Scope::AnalyticsView], true));
    }
}
