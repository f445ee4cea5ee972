//! Scopes and roles: reading templates needs `documents:generate` or `templates:manage`; changing them
//! and assets needs `templates:manage`; viewers read, members write; no token is 401.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::support::*;
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn a_generate_key_reads_but_cannot_change_templates_or_assets() {
    let server = TestServer::start().await;
    let owner = server.register("owner@genkey.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let (key, _) = server.create_key(&owner.token, &owner.env_id, &["documents:generate"]).await;
    for path in [
        "/api/v1/templates",
        "/api/v1/templates/invoice",
        "/api/v1/templates/invoice/versions",
        "/api/v1/templates/invoice/variables",
    ] {
        assert_eq!(server.get(path, &key).await.status, StatusCode::OK, "GET {path}");
    }
    let file = post_for_file(&server, "/api/v1/templates/invoice/preview", &key, json!({ "format": "csv" })).await;
    assert_eq!(file.status, StatusCode::OK);

    assert_error(&server.post("/api/v1/templates", &key, template_body("x", None)).await, 403, "ERR_AUTH_005");
    assert_error(&server.patch("/api/v1/templates/invoice", &key, json!({ "name": "x" })).await, 403, "ERR_AUTH_005");
    assert_error(&server.post("/api/v1/templates/invoice/publish", &key, json!({})).await, 403, "ERR_AUTH_005");
    assert_error(&server.post("/api/v1/templates/invoice/unpublish", &key, json!({})).await, 403, "ERR_AUTH_005");
    assert_error(&server.delete("/api/v1/templates/invoice", &key).await, 403, "ERR_AUTH_005");
    assert_error(&server.get("/api/v1/assets", &key).await, 403, "ERR_AUTH_005");
    assert_error(&upload(&server, &key, &owner.env_id, "a.png", "image/png", red_png()).await, 403, "ERR_AUTH_005");
    assert_error(&server.delete("/api/v1/assets/asset_x", &key).await, 403, "ERR_AUTH_005");
}

#[tokio::test]
async fn a_manage_key_does_everything_in_its_environment() {
    let server = TestServer::start().await;
    let owner = server.register("owner@managekey.test").await;
    let (key, key_id) = server.create_key(&owner.token, &owner.env_id, &["templates:manage"]).await;
    let created = server.post("/api/v1/templates", &key, template_body("Invoice", Some("invoice"))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["environmentId"], owner.env_id.as_str(), "the key's environment is implied");
    assert_eq!(created.body["createdBy"], key_id.as_str());
    assert_eq!(server.get("/api/v1/templates/invoice", &key).await.status, StatusCode::OK);
    assert_eq!(server.post("/api/v1/templates/invoice/publish", &key, json!({})).await.status, StatusCode::OK);
    let asset = upload(&server, &key, &owner.env_id, "a.png", "image/png", red_png()).await;
    assert_eq!(asset.status, StatusCode::CREATED, "{}", asset.body);
    assert_eq!(server.delete("/api/v1/templates/invoice", &key).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_key_without_a_template_scope_reads_nothing() {
    let server = TestServer::start().await;
    let owner = server.register("owner@analytics.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let (key, _) = server.create_key(&owner.token, &owner.env_id, &["analytics:view"]).await;
    assert_error(&server.get("/api/v1/templates", &key).await, 403, "ERR_AUTH_005");
    assert_error(&server.get("/api/templates/attachment", &key).await, 403, "ERR_AUTH_005");
    assert_error(&server.get("/api/v1/templates/invoice", &key).await, 403, "ERR_AUTH_005");
    let validate = server.post("/api/v1/templates/validate", &key, json!({ "schema": invoice_schema("Item") })).await;
    assert_error(&validate, 403, "ERR_AUTH_005");
}

#[tokio::test]
async fn viewers_read_and_members_write() {
    let server = TestServer::start().await;
    let owner = server.register("owner@roles.test").await;
    let viewer = server.register("viewer@roles.test").await;
    let member = server.register("member@roles.test").await;
    server.add_member(&owner, &viewer, "viewer", None).await;
    server.add_member(&owner, &member, "member", None).await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let env = &owner.env_id;
    assert_eq!(server.get(&in_env("/api/v1/templates/invoice", env), &viewer.token).await.status, StatusCode::OK);
    assert_error(
        &server.post(&in_env("/api/v1/templates", env), &viewer.token, template_body("x", None)).await,
        403,
        "ERR_AUTH_005",
    );
    assert_error(
        &server.patch(&in_env("/api/v1/templates/invoice", env), &viewer.token, json!({ "name": "x" })).await,
        403,
        "ERR_AUTH_005",
    );
    assert_error(&server.get(&in_env("/api/v1/assets", env), &viewer.token).await, 403, "ERR_AUTH_005");

    let created = server.post(&in_env("/api/v1/templates", env), &member.token, template_body("Member's", None)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let published = server.post(&in_env("/api/v1/templates/invoice/publish", env), &member.token, json!({})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
}

#[tokio::test]
async fn no_token_is_401_err_auth_001() {
    let server = TestServer::start().await;
    for (method, path) in [
        (Method::GET, "/api/v1/templates"),
        (Method::POST, "/api/v1/templates"),
        (Method::GET, "/api/templates/x"),
        (Method::GET, "/api/v1/assets"),
        (Method::POST, "/api/v1/assets"),
    ] {
        let answer = server.call(method.clone(), path, None, None).await;
        assert_error(&answer, 401, "ERR_AUTH_001");
    }
}
