//! Isolation: a key sees only its own environment, a user only the keys of environments they may see;
//! everything of another environment or project is 404, never 403.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Account, TestServer, assert_error};
use crate::support::{owner, second_environment, server, verify};

const ALL_SCOPES: [&str; 4] = ["documents:generate", "templates:manage", "analytics:view", "project:manage"];

/// Every key-management call on `key_id` as `token`, each expected to be `status` with `code`.
async fn assert_every_management_call(server: &TestServer, token: &str, key_id: &str, status: u16, code: &str) {
    let base = format!("/api/v1/api-keys/{key_id}");
    let answers = [
        ("get", server.get(&base, token).await),
        ("patch", server.patch(&base, token, json!({ "name": "taken over" })).await),
        ("revoke", server.post(&format!("{base}/revoke"), token, json!({})).await),
        ("reactivate", server.post(&format!("{base}/reactivate"), token, json!({})).await),
        ("rotate", server.post(&format!("{base}/rotate"), token, json!({})).await),
        ("usage", server.get(&format!("{base}/usage"), token).await),
        ("delete", server.delete(&base, token).await),
    ];
    for (what, answer) in answers {
        assert_eq!(answer.status.as_u16(), status, "{what}: {}", answer.body);
        assert_error(&answer, status, code);
    }
}

#[tokio::test]
async fn key_sees_nothing_of_another_environment_of_its_project() {
    let server = server().await;
    let account = owner(&server, "iso-env").await;
    let staging = second_environment(&server, &account, "staging").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &ALL_SCOPES).await;
    assert_error(&server.get(&format!("/api/environments/{staging}"), &key).await, 404, "ERR_ENV_001");
    let list = format!("/api/v1/api-keys?environmentId={staging}");
    assert_error(&server.get(&list, &key).await, 404, "ERR_ENV_001");
    let in_staging = json!({ "environmentId": staging, "name": "x", "permissions": ["documents:generate"] });
    assert_error(&server.post("/api/v1/api-keys", &key, in_staging).await, 403, "ERR_AUTH_005");
    assert_eq!(verify(&server, &key).await.body["workspaceId"], account.env_id);
}

#[tokio::test]
async fn key_sees_nothing_of_another_project() {
    let server = server().await;
    let alice = owner(&server, "iso-alice").await;
    let bob = owner(&server, "iso-bob").await;
    let (alice_key, _) = server.create_key(&alice.token, &alice.env_id, &ALL_SCOPES).await;
    let (_, bob_key_id) = server.create_key(&bob.token, &bob.env_id, &["documents:generate"]).await;
    assert_eq!(server.get(&format!("/api/teams/{}/members", alice.team_id), &alice_key).await.status, StatusCode::OK);
    assert_error(&server.get(&format!("/api/teams/{}/members", bob.team_id), &alice_key).await, 404, "ERR_PROJ_001");
    let invite = json!({ "email": "spy@example.com", "role": "admin", "environmentIds": [bob.env_id] });
    let answer = server.post(&format!("/api/teams/{}/members/invite", bob.team_id), &alice_key, invite).await;
    assert_error(&answer, 404, "ERR_PROJ_001");
    assert_error(&server.get(&format!("/api/teams/{}/activity", bob.team_id), &alice_key).await, 404, "ERR_PROJ_001");
    assert_error(&server.get(&format!("/api/environments/{}", bob.env_id), &alice_key).await, 404, "ERR_ENV_001");
    assert_every_management_call(&server, &alice_key, &bob_key_id, 404, "ERR_AKEY_001").await;
}

#[tokio::test]
async fn users_of_another_project_get_404_for_its_keys() {
    let server = server().await;
    let alice = owner(&server, "iso-users-a").await;
    let bob = owner(&server, "iso-users-b").await;
    let (alice_key, alice_key_id) = server.create_key(&alice.token, &alice.env_id, &["documents:generate"]).await;
    assert_every_management_call(&server, &bob.token, &alice_key_id, 404, "ERR_AKEY_001").await;
    let list = server.get(&format!("/api/v1/api-keys?environmentId={}", alice.env_id), &bob.token).await;
    assert_error(&list, 404, "ERR_ENV_001");
    let create = json!({ "environmentId": alice.env_id, "name": "x", "permissions": ["documents:generate"] });
    assert_error(&server.post("/api/v1/api-keys", &bob.token, create).await, 404, "ERR_ENV_001");
    assert_eq!(verify(&server, &alice_key).await.status, StatusCode::OK, "none of that touched alice's key");
}

/// Alice's project with a staging environment and an admin limited to staging.
async fn project_with_restricted_admin(server: &TestServer) -> (Account, Account, String) {
    let alice = owner(server, "iso-restricted-owner").await;
    let staging = second_environment(server, &alice, "staging").await;
    let carol = server.register("iso-restricted-admin@example.com").await;
    server.add_member(&alice, &carol, "admin", Some(vec![staging.clone()])).await;
    (alice, carol, staging)
}

#[tokio::test]
async fn an_admin_limited_to_one_environment_sees_only_its_keys() {
    let server = server().await;
    let (alice, carol, staging) = project_with_restricted_admin(&server).await;
    let (_, production_key_id) = server.create_key(&alice.token, &alice.env_id, &["documents:generate"]).await;
    let (_, staging_key_id) = server.create_key(&carol.token, &staging, &["documents:generate"]).await;
    let own = server.get(&format!("/api/v1/api-keys?environmentId={staging}"), &carol.token).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert_eq!(own.body["data"][0]["id"], staging_key_id);
    let hidden = server.get(&format!("/api/v1/api-keys?environmentId={}", alice.env_id), &carol.token).await;
    assert_error(&hidden, 404, "ERR_ENV_001");
    assert_every_management_call(&server, &carol.token, &production_key_id, 404, "ERR_AKEY_001").await;
}

#[tokio::test]
async fn members_and_viewers_may_not_manage_keys() {
    let server = server().await;
    let alice = owner(&server, "iso-roles").await;
    let (_, key_id) = server.create_key(&alice.token, &alice.env_id, &["documents:generate"]).await;
    for role in ["member", "viewer"] {
        let someone = server.register(&format!("iso-roles-{role}@example.com")).await;
        server.add_member(&alice, &someone, role, None).await;
        let list = server.get(&format!("/api/v1/api-keys?environmentId={}", alice.env_id), &someone.token).await;
        assert_error(&list, 403, "ERR_AUTH_005");
        let create = json!({ "environmentId": alice.env_id, "name": "x", "permissions": ["documents:generate"] });
        assert_error(&server.post("/api/v1/api-keys", &someone.token, create).await, 403, "ERR_AUTH_005");
        assert_every_management_call(&server, &someone.token, &key_id, 403, "ERR_AUTH_005").await;
    }
    let admin = server.register("iso-roles-admin@example.com").await;
    server.add_member(&alice, &admin, "admin", None).await;
    let list = server.get(&format!("/api/v1/api-keys?environmentId={}", alice.env_id), &admin.token).await;
    assert_eq!(list.status, StatusCode::OK, "admins manage keys: {}", list.body);
}
