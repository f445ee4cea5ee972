//! Optimistic concurrency on the draft: an edit (or publish) made on a stale `draftVersion`, given in
//! the body or as `If-Match`, is 409 ERR_TMPL_006 and changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::support::*;
use crate::common::{Answer, TestServer, assert_error};

#[tokio::test]
async fn an_edit_on_a_stale_draft_version_is_409_and_changes_nothing() {
    let server = TestServer::start().await;
    let owner = server.register("owner@stale.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let path = in_env("/api/v1/templates/invoice", &owner.env_id);
    let first = server.patch(&path, &owner.token, json!({ "name": "Alice's edit", "draftVersion": 1 })).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["draftVersion"], 2);

    let second = server.patch(&path, &owner.token, json!({ "name": "Bob's edit", "draftVersion": 1 })).await;
    assert_error(&second, 409, "ERR_TMPL_006");
    assert_eq!(second.body["relatedInfo"]["currentDraftVersion"], 2);
    let now = server.get(&path, &owner.token).await;
    assert_eq!((now.body["name"].as_str(), now.body["draftVersion"].as_i64()), (Some("Alice's edit"), Some(2)));
}

async fn patch_if_match(server: &TestServer, path: &str, token: &str, if_match: &str, name: &str) -> Answer {
    let auth = format!("Bearer {token}");
    let headers = [("authorization", auth.as_str()), ("content-type", "application/json"), ("if-match", if_match)];
    server.raw(Method::PATCH, path, &headers, Some(json!({ "name": name }).to_string().into_bytes())).await
}

#[tokio::test]
async fn if_match_carries_the_draft_version_too() {
    let server = TestServer::start().await;
    let owner = server.register("owner@ifmatch.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let path = in_env("/api/v1/templates/invoice", &owner.env_id);
    let etag = server.get(&path, &owner.token).await.header("etag").unwrap();
    assert_eq!(etag, "\"1\"");
    let fresh = patch_if_match(&server, &path, &owner.token, &etag, "first").await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.body);
    assert_eq!(fresh.header("etag").as_deref(), Some("\"2\""));
    assert_error(&patch_if_match(&server, &path, &owner.token, &etag, "second").await, 409, "ERR_TMPL_006");
    assert_error(&patch_if_match(&server, &path, &owner.token, "W/\"7\"", "third").await, 409, "ERR_TMPL_006");
    assert_eq!(patch_if_match(&server, &path, &owner.token, "*", "any").await.status, StatusCode::OK);
    assert_error(&patch_if_match(&server, &path, &owner.token, "yesterday", "bad").await, 400, "ERR_VALID_001");
}

#[tokio::test]
async fn an_edit_without_a_version_applies_to_the_latest_draft() {
    let server = TestServer::start().await;
    let owner = server.register("owner@latest.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let path = in_env("/api/v1/templates/invoice", &owner.env_id);
    let edits = (0..8).map(|i| server.patch(&path, &owner.token, json!({ "description": format!("edit {i}") })));
    let answers = futures::future::join_all(edits).await;
    assert!(
        answers.iter().all(|a| a.status == StatusCode::OK),
        "{:?}",
        answers.iter().map(|a| &a.body).collect::<Vec<_>>()
    );
    let mut versions: Vec<i64> = answers.iter().map(|a| a.body["draftVersion"].as_i64().unwrap()).collect();
    versions.sort();
    assert_eq!(versions, (2..=9).collect::<Vec<i64>>(), "every edit got its own revision");
}

#[tokio::test]
async fn publishing_a_stale_draft_version_is_409() {
    let server = TestServer::start().await;
    let owner = server.register("owner@stalepublish.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let path = in_env("/api/v1/templates/invoice", &owner.env_id);
    server.patch(&path, &owner.token, json!({ "name": "edited" })).await;
    let publish = in_env("/api/v1/templates/invoice/publish", &owner.env_id);
    assert_error(&server.post(&publish, &owner.token, json!({ "draftVersion": 1 })).await, 409, "ERR_TMPL_006");
    assert_eq!(server.get(&path, &owner.token).await.body["publishedVersion"], json!(null));
    let ok = server.post(&publish, &owner.token, json!({ "draftVersion": 2 })).await;
    assert_eq!(ok.body["publishedVersion"], 1, "{}", ok.body);
}

#[tokio::test]
async fn an_empty_edit_changes_nothing() {
    let server = TestServer::start().await;
    let owner = server.register("owner@empty.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let path = in_env("/api/v1/templates/invoice", &owner.env_id);
    let answer = server.patch(&path, &owner.token, json!({ "draftVersion": 1 })).await;
    assert_eq!((answer.status, answer.body["draftVersion"].as_i64()), (StatusCode::OK, Some(1)));
    assert_error(&server.patch(&path, &owner.token, json!({ "draftVersion": 0 })).await, 409, "ERR_TMPL_006");
}
