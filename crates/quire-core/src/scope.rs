//! API key scopes (`documents:generate`, `templates:manage`, `analytics:view`, `project:manage`).

use serde::{Deserialize, Serialize};

/// A permission an API key may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// Generate, batch, read/cancel/retry/delete jobs, download, read templates.
    #[serde(rename = "documents:generate")]
    DocumentsGenerate,
    /// Create, update, delete, publish, unpublish templates; assets.
    #[serde(rename = "templates:manage")]
    TemplatesManage,
    /// Document and template analytics, usage reports.
    #[serde(rename = "analytics:view")]
    AnalyticsView,
    /// Invite members, update roles, webhook subscriptions.
    #[serde(rename = "project:manage")]
    ProjectManage,
}

impl Scope {
    /// Every scope, in documentation order.
    pub const ALL: [Scope; 4] =
        [Scope::DocumentsGenerate, Scope::TemplatesManage, Scope::AnalyticsView, Scope::ProjectManage];

    /// The wire name, e.g. `documents:generate`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::DocumentsGenerate => "documents:generate",
            Scope::TemplatesManage => "templates:manage",
            Scope::AnalyticsView => "analytics:view",
            Scope::ProjectManage => "project:manage",
        }
    }

    /// The dashboard label, e.g. "Generate Documents".
    pub fn label(self) -> &'static str {
        match self {
            Scope::DocumentsGenerate => "Generate Documents",
            Scope::TemplatesManage => "Manage Templates",
            Scope::AnalyticsView => "View Analytics",
            Scope::ProjectManage => "Manage Project",
        }
    }

    /// From the wire name.
    pub fn parse(text: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Scopes encoded for storage as a comma-separated list in documentation order, without duplicates.
pub fn encode_scopes(scopes: &[Scope]) -> String {
    let mut sorted: Vec<Scope> = scopes.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
}

/// The inverse of [`encode_scopes`]; unknown names are skipped.
pub fn decode_scopes(text: &str) -> Vec<Scope> {
    text.split(',').filter_map(Scope::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_through_wire_names_and_storage() {
        for s in Scope::ALL {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.as_str()));
        }
        let stored = encode_scopes(&[Scope::ProjectManage, Scope::DocumentsGenerate, Scope::ProjectManage]);
        assert_eq!(stored, "documents:generate,project:manage");
        assert_eq!(decode_scopes(&stored), vec![Scope::DocumentsGenerate, Scope::ProjectManage]);
    }
}
