//! The requirement markers against the scope table of API.md §2.

use quire_store::{ApiKeyRecord, ApiKeyStatus};

use super::*;

/// A marker's scope check, as a plain function of the key's scopes.
type ScopeCheck = fn(&[Scope]) -> bool;

fn key_with(scopes: &[Scope]) -> ApiKeyRecord {
    ApiKeyRecord {
        id: "key_test".into(),
        digest: String::new(),
        prefix: "fm_00000000".into(),
        name: "test".into(),
        project_id: "team_test".into(),
        environment_id: "ws_test".into(),
        scopes: scopes.to_vec(),
        status: ApiKeyStatus::Active,
        expires_at: None,
        rate_limit_per_minute: None,
        monthly_document_quota: None,
        created_by: "usr_test".into(),
        created_at: quire_core::Timestamp::from_millis(0),
        updated_at: quire_core::Timestamp::from_millis(0),
        last_used_at: None,
        total_requests: 0,
        rotated_to: None,
        rotated_from: None,
        grace_until: None,
    }
}

fn allows<R: Requirement>(scopes: &[Scope]) -> bool {
    check_key_scope(R::KEY_SCOPES, &key_with(scopes)).is_ok()
}

#[test]
fn each_marker_admits_exactly_the_scopes_of_the_api_table() {
    use Scope::*;
    let table: [(&str, ScopeCheck, &[Scope]); 13] = [
        ("ReadProject", allows::<need::ReadProject>, &[]),
        ("UpdateProject", allows::<need::UpdateProject>, &[]),
        ("DeleteProject", allows::<need::DeleteProject>, &[]),
        ("ReadMembers", allows::<need::ReadMembers>, &[ProjectManage]),
        ("ManageMembers", allows::<need::ManageMembers>, &[ProjectManage]),
        ("ReadActivity", allows::<need::ReadActivity>, &[ProjectManage]),
        ("ManageEnvironments", allows::<need::ManageEnvironments>, &[]),
        ("ManageKeys", allows::<need::ManageKeys>, &[]),
        ("ReadTemplates", allows::<need::ReadTemplates>, &[DocumentsGenerate, TemplatesManage]),
        ("ManageTemplates", allows::<need::ManageTemplates>, &[TemplatesManage]),
        ("GenerateDocuments", allows::<need::GenerateDocuments>, &[DocumentsGenerate]),
        ("ViewAnalytics", allows::<need::ViewAnalytics>, &[AnalyticsView]),
        ("ManageWebhooks", allows::<need::ManageWebhooks>, &[ProjectManage]),
    ];
    for (name, check, admitted) in table {
        for scope in Scope::ALL {
            assert_eq!(check(&[scope]), admitted.contains(&scope), "{name} with only {}", scope.as_str());
        }
        assert_eq!(check(&Scope::ALL), !admitted.is_empty(), "{name} with every scope");
        assert!(!check(&[]), "{name} with no scope");
    }
}

#[test]
fn refusal_names_the_missing_permission() {
    let refused = check_key_scope(need::ReadTemplates::KEY_SCOPES, &key_with(&[Scope::AnalyticsView]));
    let message = refused.err().map(|e| e.0.message).unwrap_or_default();
    assert!(message.contains("documents:generate or templates:manage"), "{message}");
    assert_eq!(need::GenerateDocuments::KEY_SCOPE, Some(Scope::DocumentsGenerate));
    assert_eq!(need::ManageKeys::KEY_SCOPE, None);
}
