//! Template and asset changes appear in the project's activity log with who did them.

use serde_json::{Value, json};

use super::support::*;
use crate::common::TestServer;

#[tokio::test]
async fn create_update_publish_unpublish_and_delete_are_logged() {
    let server = TestServer::start().await;
    let owner = server.register("owner@log.test").await;
    let created = create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let id = created["id"].as_str().unwrap();
    let path = in_env("/api/v1/templates/invoice", &owner.env_id);
    server.patch(&path, &owner.token, json!({ "name": "Invoice v2" })).await;
    server.post(&in_env("/api/v1/templates/invoice/publish", &owner.env_id), &owner.token, json!({})).await;
    server.post(&in_env("/api/v1/templates/invoice/unpublish", &owner.env_id), &owner.token, json!({})).await;
    server.delete(&path, &owner.token).await;
    let asset = upload(&server, &owner.token, &owner.env_id, "a.png", "image/png", red_png()).await.body;

    let log = server.get(&format!("/api/teams/{}/activity?limit=100", owner.team_id), &owner.token).await;
    let entries: Vec<Value> = log.body["data"].as_array().unwrap().clone();
    let of_template: Vec<&Value> = entries.iter().filter(|e| e["targetId"] == id).collect();
    let actions: Vec<&str> = of_template.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["template.deleted", "template.unpublished", "template.published", "template.updated", "template.created"],
        "newest first"
    );
    for entry in &of_template {
        assert_eq!(entry["actorId"], owner.user_id.as_str());
        assert_eq!(entry["targetType"], "template");
        assert_eq!(entry["environmentId"], owner.env_id.as_str());
    }
    assert_eq!(of_template[2]["details"]["version"], 1);
    assert!(entries.iter().any(|e| e["action"] == "asset.uploaded" && e["targetId"] == asset["id"]));
}
