//! Keys never reach the logs: a whole key session runs with debug logging captured in memory, and
//! neither any key nor its random part appears in what was written.

use quire_core::ApiKeySecret;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::{captured_logs, create_key_with, owner, random_part, server, verify};

#[tokio::test]
async fn no_key_appears_in_the_logs_of_a_full_session() {
    let server = server().await;
    let account = owner(&server, "logs").await;
    let created = create_key_with(&server, &account, json!({ "permissions": ["project:manage"] })).await;
    let key = created["key"].as_str().unwrap().to_string();
    let id = created["id"].as_str().unwrap().to_string();
    let mut secrets = vec![key.clone()];

    assert_eq!(verify(&server, &key).await.status, StatusCode::OK);
    server.get(&format!("/api/teams/{}/members", account.team_id), &key).await;
    server.get(&format!("/api/teams/{}/environments", account.team_id), &key).await;
    let mut mistyped = key.clone().into_bytes();
    mistyped[20] = if mistyped[20] == b'x' { b'y' } else { b'x' };
    let mistyped = String::from_utf8(mistyped).unwrap();
    verify(&server, &mistyped).await;
    verify(&server, ApiKeySecret::generate().expose()).await;
    server.get(&format!("/api/v1/api-keys?environmentId={}", account.env_id), &account.token).await;
    let rotated =
        server.post(&format!("/api/v1/api-keys/{id}/rotate"), &account.token, json!({ "gracePeriodSeconds": 0 })).await;
    let successor = rotated.body["key"].as_str().unwrap().to_string();
    let successor_id = rotated.body["id"].as_str().unwrap().to_string();
    secrets.push(successor.clone());
    verify(&server, &key).await;
    verify(&server, &successor).await;
    server.post(&format!("/api/v1/api-keys/{successor_id}/revoke"), &account.token, json!({})).await;
    verify(&server, &successor).await;
    server.get(&format!("/api/v1/api-keys/{successor_id}/usage"), &account.token).await;
    server.delete(&format!("/api/v1/api-keys/{successor_id}"), &account.token).await;
    verify(&server, &successor).await;
    server.stop().await;

    let logs = captured_logs().text();
    assert!(logs.contains("request finished"), "the capture saw the session's request logs");
    assert!(logs.contains(&id), "key ids may be logged; they are not secrets");
    for secret in &secrets {
        assert!(!logs.contains(random_part(secret)), "a key's random part was logged");
    }
    assert!(!logs.contains(random_part(&mistyped)), "even a mistyped key stays out of the logs");
}
