//! `:id` is the id, the shortId or the slug on every template route; anything else is ERR_TMPL_001.

use reqwest::StatusCode;
use serde_json::json;

use super::support::*;
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn every_route_accepts_the_id_the_short_id_and_the_slug() {
    let server = TestServer::start().await;
    let owner = server.register("owner@lookup.test").await;
    let created = create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let id = created["id"].as_str().unwrap();
    let (key, _) = server.create_key(&owner.token, &owner.env_id, &["templates:manage"]).await;
    let keys = [id, created["shortId"].as_str().unwrap(), "invoice"];
    for (n, k) in keys.iter().enumerate() {
        for path in [format!("/api/v1/templates/{k}"), format!("/api/templates/{k}")] {
            let answer = server.get(&path, &key).await;
            assert_eq!(answer.status, StatusCode::OK, "GET {path}: {}", answer.body);
            assert_eq!(answer.body["id"], id);
        }
        let renamed =
            server.patch(&format!("/api/v1/templates/{k}"), &key, json!({ "name": format!("Invoice {n}") })).await;
        assert_eq!(renamed.status, StatusCode::OK, "PATCH by {k}: {}", renamed.body);
        let published = server.post(&format!("/api/v1/templates/{k}/publish"), &key, json!({})).await;
        assert_eq!(published.body["publishedVersion"], n as i64 + 1, "publish by {k}: {}", published.body);
        let versions = server.get(&format!("/api/v1/templates/{k}/versions"), &key).await;
        assert_eq!(versions.body["total"], n as i64 + 1);
        let one = server.get(&format!("/api/v1/templates/{k}/versions/1"), &key).await;
        assert_eq!(one.body["version"], 1, "{}", one.body);
        let fields = server.get(&format!("/api/v1/templates/{k}/variables"), &key).await;
        assert_eq!(fields.body["fields"][1]["key"], "customer", "{}", fields.body);
        let file =
            post_for_file(&server, &format!("/api/v1/templates/{k}/preview"), &key, json!({ "format": "csv" })).await;
        assert_eq!(file.status, StatusCode::OK, "preview by {k}: {:?}", file.json());
        let unpublished = server.post(&format!("/api/v1/templates/{k}/unpublish"), &key, json!({})).await;
        assert_eq!(unpublished.body["status"], "draft", "{}", unpublished.body);
    }
    assert_eq!(server.delete("/api/v1/templates/invoice", &key).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_unknown_key_is_404_err_tmpl_001_on_every_route() {
    let server = TestServer::start().await;
    let owner = server.register("owner@unknown.test").await;
    let (key, _) = server.create_key(&owner.token, &owner.env_id, &["templates:manage"]).await;
    for missing in ["tmpl_doesNotExist000000000", "atpl_zzzzzzzz", "no-such-slug"] {
        let base = format!("/api/v1/templates/{missing}");
        assert_error(&server.get(&base, &key).await, 404, "ERR_TMPL_001");
        assert_error(&server.get(&format!("/api/templates/{missing}"), &key).await, 404, "ERR_TMPL_001");
        assert_error(&server.patch(&base, &key, json!({ "name": "x" })).await, 404, "ERR_TMPL_001");
        assert_error(&server.delete(&base, &key).await, 404, "ERR_TMPL_001");
        assert_error(&server.post(&format!("{base}/publish"), &key, json!({})).await, 404, "ERR_TMPL_001");
        assert_error(&server.post(&format!("{base}/unpublish"), &key, json!({})).await, 404, "ERR_TMPL_001");
        assert_error(&server.get(&format!("{base}/versions"), &key).await, 404, "ERR_TMPL_001");
        assert_error(&server.get(&format!("{base}/variables"), &key).await, 404, "ERR_TMPL_001");
        assert_error(
            &server.post(&format!("{base}/preview"), &key, json!({ "format": "pdf" })).await,
            404,
            "ERR_TMPL_001",
        );
    }
}

#[tokio::test]
async fn a_dashboard_caller_may_leave_the_environment_out_for_ids_but_not_slugs() {
    let server = TestServer::start().await;
    let owner = server.register("owner@noenv.test").await;
    let created = create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    for k in [created["id"].as_str().unwrap(), created["shortId"].as_str().unwrap()] {
        let answer = server.get(&format!("/api/v1/templates/{k}"), &owner.token).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    }
    let by_slug = server.get("/api/v1/templates/invoice", &owner.token).await;
    assert_error(&by_slug, 400, "ERR_VALID_001");
    assert_eq!(by_slug.body["relatedInfo"]["errors"][0]["field"], "environmentId");
    let with_env = server.get(&in_env("/api/v1/templates/invoice", &owner.env_id), &owner.token).await;
    assert_eq!(with_env.status, StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_version_is_404_err_tmpl_001() {
    let server = TestServer::start().await;
    let owner = server.register("owner@version404.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    for n in ["1", "0", "-1", "abc"] {
        let answer =
            server.get(&in_env(&format!("/api/v1/templates/invoice/versions/{n}"), &owner.env_id), &owner.token).await;
        assert_error(&answer, 404, "ERR_TMPL_001");
    }
}
