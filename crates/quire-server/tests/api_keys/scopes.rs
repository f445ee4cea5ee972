//! Scopes: `project:manage` opens the member endpoints (list, invite, change role, remove) and nothing
//! else does; `/api/auth/verify` reports exactly the key's permissions; keys never manage keys.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Account, TestServer, assert_error};
use crate::support::{owner, server, verify};

const ALL_SCOPES: [&str; 4] = ["documents:generate", "templates:manage", "analytics:view", "project:manage"];

/// One member endpoint, called with `key` against `account`'s project where `member_id` is a removable member.
async fn call_member_endpoint(
    server: &TestServer,
    account: &Account,
    key: &str,
    endpoint: &str,
    member_id: &str,
) -> u16 {
    let team = &account.team_id;
    let (method, path, body): (Method, String, Option<Value>) = match endpoint {
        "list" => (Method::GET, format!("/api/teams/{team}/members"), None),
        "invite" => (
            Method::POST,
            format!("/api/teams/{team}/members/invite"),
            Some(json!({ "email": "invitee@example.com", "role": "member", "environmentIds": [account.env_id] })),
        ),
        "change role" => {
            (Method::PATCH, format!("/api/teams/{team}/members/{member_id}/role"), Some(json!({ "role": "viewer" })))
        }
        "remove" => (Method::DELETE, format!("/api/teams/{team}/members/{member_id}"), None),
        other => panic!("unknown endpoint {other}"),
    };
    let answer = server.call(method, &path, Some(key), body).await;
    if answer.status.is_client_error() {
        assert_error(&answer, answer.status.as_u16(), answer.code());
    }
    answer.status.as_u16()
}

/// A project with a second member limited to the project's environment (a key may only grant its own).
async fn project_with_member(server: &TestServer, name: &str) -> (Account, String) {
    let account = owner(server, name).await;
    let colleague = server.register(&format!("{name}-colleague@example.com")).await;
    let member_id = server.add_member(&account, &colleague, "member", Some(vec![account.env_id.clone()])).await;
    (account, member_id)
}

#[tokio::test]
async fn project_manage_opens_every_member_endpoint() {
    let server = server().await;
    let (account, member_id) = project_with_member(&server, "pm-allowed").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["project:manage"]).await;
    let expected = [("list", 200), ("invite", 201), ("change role", 200), ("remove", 204)];
    for (endpoint, status) in expected {
        let got = call_member_endpoint(&server, &account, &key, endpoint, &member_id).await;
        assert_eq!(got, status, "{endpoint} with project:manage");
    }
    let members = server.get(&format!("/api/teams/{}/members", account.team_id), &account.token).await;
    assert!(!members.body.to_string().contains(&member_id), "the key removed the member");
}

#[tokio::test]
async fn every_other_scope_is_refused_on_member_endpoints() {
    let server = server().await;
    let (account, member_id) = project_with_member(&server, "pm-refused").await;
    let others: Vec<&str> = ALL_SCOPES.iter().copied().filter(|s| *s != "project:manage").collect();
    let (key, _) = server.create_key(&account.token, &account.env_id, &others).await;
    for endpoint in ["list", "invite", "change role", "remove"] {
        let got = call_member_endpoint(&server, &account, &key, endpoint, &member_id).await;
        assert_eq!(got, 403, "{endpoint} without project:manage");
    }
}

#[tokio::test]
async fn verify_reports_exactly_the_keys_permissions() {
    let server = server().await;
    let account = owner(&server, "verify-scopes").await;
    let teams = server.get("/api/teams", &account.token).await;
    let team_name = teams.body["data"][0]["name"].clone();
    let mut sets: Vec<Vec<&str>> = ALL_SCOPES.iter().map(|s| vec![*s]).collect();
    sets.push(ALL_SCOPES.to_vec());
    for scopes in sets {
        let (key, id) = server.create_key(&account.token, &account.env_id, &scopes).await;
        let answer = verify(&server, &key).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.body["permissions"], json!(scopes));
        assert_eq!(answer.body["authType"], "api_key");
        assert_eq!(answer.body["id"], id);
        assert_eq!(answer.body["teamId"], account.team_id);
        assert_eq!(answer.body["workspaceId"], account.env_id);
        assert_eq!(answer.body["teamName"], team_name);
        assert_eq!(answer.body["workspaceName"], "production");
    }
}

#[tokio::test]
async fn unknown_or_missing_permissions_are_refused_at_creation() {
    let server = server().await;
    let account = owner(&server, "bad-scope").await;
    for permissions in [json!(["documents:delete"]), json!([]), json!(["project:manage", "everything"])] {
        let body = json!({ "environmentId": account.env_id, "name": "x", "permissions": permissions });
        let answer = server.post("/api/v1/api-keys", &account.token, body).await;
        assert_error(&answer, 400, "ERR_VALID_001");
    }
}

#[tokio::test]
async fn keys_cannot_manage_keys_whatever_their_scopes() {
    let server = server().await;
    let account = owner(&server, "no-key-admin").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &ALL_SCOPES).await;
    let create =
        json!({ "environmentId": account.env_id, "name": "minted by a key", "permissions": ["project:manage"] });
    assert_error(&server.post("/api/v1/api-keys", &key, create).await, 403, "ERR_AUTH_005");
    assert_error(&server.get("/api/v1/api-keys", &key).await, 403, "ERR_AUTH_005");
    assert_error(&server.get(&format!("/api/v1/api-keys/{id}"), &key).await, 403, "ERR_AUTH_005");
    assert_error(&server.post(&format!("/api/v1/api-keys/{id}/rotate"), &key, json!({})).await, 403, "ERR_AUTH_005");
    assert_error(&server.delete(&format!("/api/v1/api-keys/{id}"), &key).await, 403, "ERR_AUTH_005");
}

#[tokio::test]
async fn dashboard_only_endpoints_refuse_keys() {
    let server = server().await;
    let account = owner(&server, "dashboard-only").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &ALL_SCOPES).await;
    let team = &account.team_id;
    let env = &account.env_id;
    assert_error(&server.get(&format!("/api/teams/{team}/environments"), &key).await, 403, "ERR_AUTH_005");
    assert_error(&server.get(&format!("/api/environments/{env}"), &key).await, 403, "ERR_AUTH_005");
    assert_error(&server.delete(&format!("/api/teams/{team}"), &key).await, 403, "ERR_AUTH_005");
}

#[tokio::test]
async fn narrowing_permissions_applies_to_the_next_request() {
    let server = server().await;
    let account = owner(&server, "narrowed").await;
    let (key, id) = server.create_key(&account.token, &account.env_id, &["project:manage"]).await;
    let members = format!("/api/teams/{}/members", account.team_id);
    assert_eq!(server.get(&members, &key).await.status, StatusCode::OK);
    let patched = server
        .patch(&format!("/api/v1/api-keys/{id}"), &account.token, json!({ "permissions": ["analytics:view"] }))
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(patched.body["permissions"], json!(["analytics:view"]));
    assert_error(&server.get(&members, &key).await, 403, "ERR_AUTH_005");
    assert_eq!(verify(&server, &key).await.body["permissions"], json!(["analytics:view"]));
}

/// Which single scope opens which endpoint (API.md §2 scope table, one read endpoint per area).
const SCOPE_MATRIX: [(&str, [bool; 4]); 6] = [
    // endpoint: opened by [documents:generate, templates:manage, analytics:view, project:manage]
    ("/api/v1/templates", [true, true, false, false]),
    ("/api/v1/assets", [false, true, false, false]),
    ("/api/v1/documents/jobs", [true, false, false, false]),
    ("/api/v1/documents/analytics", [false, false, true, false]),
    ("/api/v1/webhook-subscriptions", [false, false, false, true]),
    ("/api/teams/{team}/members", [false, false, false, true]),
];

#[tokio::test]
async fn each_scope_opens_exactly_its_endpoints() {
    let server = server().await;
    let account = owner(&server, "scope-matrix").await;
    let mut keys = Vec::new();
    for scope in ALL_SCOPES {
        keys.push(server.create_key(&account.token, &account.env_id, &[scope]).await.0);
    }
    for (endpoint, opened_by) in SCOPE_MATRIX {
        let path = endpoint.replace("{team}", &account.team_id);
        for ((scope, key), opens) in ALL_SCOPES.iter().zip(&keys).zip(opened_by) {
            let answer = server.get(&path, key).await;
            if opens {
                assert_eq!(answer.status, StatusCode::OK, "{scope} should open {path}: {}", answer.body);
            } else {
                assert_error(&answer, 403, "ERR_AUTH_005");
            }
        }
    }
}

#[tokio::test]
async fn verify_shows_renamed_project_and_environment_at_once() {
    let server = server().await;
    let account = owner(&server, "renamed-place").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    assert_eq!(verify(&server, &key).await.body["workspaceName"], "production", "names are now cached");
    let team = server.put(&format!("/api/teams/{}", account.team_id), &account.token, json!({ "name": "Acme" })).await;
    assert_eq!(team.status, StatusCode::OK, "{}", team.body);
    let env =
        server.patch(&format!("/api/environments/{}", account.env_id), &account.token, json!({ "name": "live" })).await;
    assert_eq!(env.status, StatusCode::OK, "{}", env.body);
    let answer = verify(&server, &key).await;
    assert_eq!((answer.body["teamName"].as_str(), answer.body["workspaceName"].as_str()), (Some("Acme"), Some("live")));
}
