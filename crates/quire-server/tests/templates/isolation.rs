//! Environments are walls: another environment's templates and assets are 404 by every lookup form,
//! never listed, and a template can never render another environment's asset.

use reqwest::StatusCode;
use serde_json::json;

use super::support::*;
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn another_environments_template_is_404_by_every_lookup_form() {
    let server = TestServer::start().await;
    let owner = server.register("owner@walls.test").await;
    let staging = second_environment(&server, &owner, "staging").await;
    let created = create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let (staging_key, _) = server.create_key(&owner.token, &staging, &["templates:manage"]).await;
    for k in [created["id"].as_str().unwrap(), created["shortId"].as_str().unwrap(), "invoice"] {
        let base = format!("/api/v1/templates/{k}");
        assert_error(&server.get(&base, &staging_key).await, 404, "ERR_TMPL_001");
        assert_error(&server.get(&format!("/api/templates/{k}"), &staging_key).await, 404, "ERR_TMPL_001");
        assert_error(&server.patch(&base, &staging_key, json!({ "name": "x" })).await, 404, "ERR_TMPL_001");
        assert_error(&server.post(&format!("{base}/publish"), &staging_key, json!({})).await, 404, "ERR_TMPL_001");
        assert_error(
            &server.post(&format!("{base}/preview"), &staging_key, json!({ "format": "pdf" })).await,
            404,
            "ERR_TMPL_001",
        );
        assert_error(&server.delete(&base, &staging_key).await, 404, "ERR_TMPL_001");
        // A dashboard user naming the wrong environment sees nothing either.
        assert_error(&server.get(&in_env(&base, &staging), &owner.token).await, 404, "ERR_TMPL_001");
    }
    assert_eq!(server.get("/api/v1/templates", &staging_key).await.body["total"], 0);
    let still = server.get(&in_env("/api/v1/templates/invoice", &owner.env_id), &owner.token).await;
    assert_eq!((still.status, still.body["name"].as_str()), (StatusCode::OK, Some("Invoice")));
}

#[tokio::test]
async fn another_projects_user_cannot_reach_a_template_by_id() {
    let server = TestServer::start().await;
    let owner = server.register("owner@project-walls.test").await;
    let stranger = server.register("stranger@project-walls.test").await;
    let created = create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let id = created["id"].as_str().unwrap();
    assert_error(&server.get(&format!("/api/v1/templates/{id}"), &stranger.token).await, 404, "ERR_TMPL_001");
    assert_error(
        &server.get(&in_env(&format!("/api/v1/templates/{id}"), &owner.env_id), &stranger.token).await,
        404,
        "ERR_TMPL_001",
    );
    assert_error(&server.get(&in_env("/api/v1/templates", &owner.env_id), &stranger.token).await, 404, "ERR_ENV_001");
}

#[tokio::test]
async fn the_same_slug_may_live_in_two_environments() {
    let server = TestServer::start().await;
    let owner = server.register("owner@twoslugs.test").await;
    let staging = second_environment(&server, &owner, "staging").await;
    create_template(&server, &owner, template_body("Production invoice", Some("invoice"))).await;
    let answer = server
        .post(&in_env("/api/v1/templates", &staging), &owner.token, template_body("Staging invoice", Some("invoice")))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let found = server.get(&in_env("/api/v1/templates/invoice", &staging), &owner.token).await;
    assert_eq!(found.body["name"], "Staging invoice");
}

#[tokio::test]
async fn assets_never_cross_environments() {
    let server = TestServer::start().await;
    let owner = server.register("owner@assetwalls.test").await;
    let staging = second_environment(&server, &owner, "staging").await;
    let asset = upload(&server, &owner.token, &owner.env_id, "logo.png", "image/png", red_png()).await.body;
    let asset_id = asset["id"].as_str().unwrap();
    let url = asset["url"].as_str().unwrap();

    assert_eq!(server.get(&in_env("/api/v1/assets", &staging), &owner.token).await.body["total"], 0);
    let foreign = in_env(&format!("/api/v1/assets/{asset_id}"), &staging);
    assert_error(&server.get(&foreign, &owner.token).await, 404, "ERR_ASSET_001");
    assert_error(&server.delete(&foreign, &owner.token).await, 404, "ERR_ASSET_001");

    let design = |slug: &str| json!({ "name": "Logo", "slug": slug, "type": "pdf", "schema": image_schema(url) });
    let body = design("logo");
    let created = server.post(&in_env("/api/v1/templates", &staging), &owner.token, body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let borrowed = preview(&server, &owner.token, &staging, "logo", json!({ "format": "pdf" })).await;
    assert_eq!(
        (borrowed.status.as_u16(), borrowed.json()["code"].as_str()),
        (422, Some("ERR_DOC_004")),
        "{:?}",
        borrowed.json()
    );
    assert!(borrowed.json()["message"].as_str().unwrap().contains(asset_id), "{:?}", borrowed.json());

    create_template(&server, &owner, design("logo")).await;
    let own = preview(&server, &owner.token, &owner.env_id, "logo", json!({ "format": "pdf" })).await;
    assert_eq!(own.status, StatusCode::OK, "the same design renders in the asset's environment: {:?}", own.json());
}
