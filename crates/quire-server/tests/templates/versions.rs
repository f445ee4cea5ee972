//! Publishing makes immutable versions 1, 2, … recording who and when; editing the draft never changes
//! a published version; unpublishing clears the choice; deleting keeps versions for documents.

use reqwest::StatusCode;
use serde_json::json;

use super::support::*;
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn publish_makes_version_1_recording_who_and_when() {
    let server = TestServer::start().await;
    let owner = server.register("owner@publish.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let answer =
        server.post(&in_env("/api/v1/templates/invoice/publish", &owner.env_id), &owner.token, json!({})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        (answer.body["status"].as_str(), answer.body["publishedVersion"].as_i64()),
        (Some("published"), Some(1))
    );
    let v1 = server.get(&in_env("/api/v1/templates/invoice/versions/1", &owner.env_id), &owner.token).await;
    assert_eq!(v1.status, StatusCode::OK, "{}", v1.body);
    assert_eq!(v1.body["publishedBy"], owner.user_id.as_str());
    assert!(v1.body["publishedAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(v1.body["isPublished"], true);
    assert_eq!(v1.body["schema"], invoice_schema("Item"));
    assert_eq!(v1.body["outputFormats"], json!(["pdf", "xlsx", "csv"]));
}

#[tokio::test]
async fn a_published_version_stays_as_published_while_preview_shows_the_draft() {
    let server = TestServer::start().await;
    let owner = server.register("owner@pinning.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let env = &owner.env_id;
    server.post(&in_env("/api/v1/templates/invoice/publish", env), &owner.token, json!({})).await;
    let edit = server
        .patch(&in_env("/api/v1/templates/invoice", env), &owner.token, json!({ "schema": invoice_schema("Article") }))
        .await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);

    let v1 = server.get(&in_env("/api/v1/templates/invoice/versions/1", env), &owner.token).await;
    assert_eq!(v1.body["schema"], invoice_schema("Item"), "version 1 is immutable");

    let data = json!({ "customer": "ACME", "items": [ { "name": "Chair", "qty": 2 } ] });
    let draft = preview(&server, &owner.token, env, "invoice", json!({ "format": "csv", "variables": data })).await;
    assert_eq!(draft.status, StatusCode::OK, "{:?}", draft.json());
    assert_eq!(csv_rows(&draft.bytes)[0], ["Article", "Qty"]);
    assert_eq!(draft.header("x-template-version").as_deref(), Some("draft"));

    let published = preview(
        &server,
        &owner.token,
        env,
        "invoice",
        json!({ "format": "csv", "variables": data, "useDraft": false }),
    )
    .await;
    assert_eq!(csv_rows(&published.bytes)[0], ["Item", "Qty"]);
    assert_eq!(csv_rows(&published.bytes)[1], ["Chair", "2"]);
    assert_eq!(published.header("x-template-version").as_deref(), Some("1"));

    let pinned =
        preview(&server, &owner.token, env, "invoice", json!({ "format": "csv", "variables": data, "version": 1 }))
            .await;
    assert_eq!(csv_rows(&pinned.bytes)[0], ["Item", "Qty"]);
}

#[tokio::test]
async fn publishing_again_makes_version_2_and_lists_newest_first() {
    let server = TestServer::start().await;
    let owner = server.register("owner@republish.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let env = &owner.env_id;
    server.post(&in_env("/api/v1/templates/invoice/publish", env), &owner.token, json!({})).await;
    server.patch(&in_env("/api/v1/templates/invoice", env), &owner.token, json!({ "name": "Invoice 2" })).await;
    let again = server.post(&in_env("/api/v1/templates/invoice/publish", env), &owner.token, json!({})).await;
    assert_eq!(again.body["publishedVersion"], 2);
    let list = server.get(&in_env("/api/v1/templates/invoice/versions", env), &owner.token).await;
    assert_eq!(list.body["total"], 2);
    let data = list.body["data"].as_array().unwrap();
    assert_eq!((data[0]["version"].as_i64(), data[0]["name"].as_str()), (Some(2), Some("Invoice 2")));
    assert_eq!((data[1]["version"].as_i64(), data[1]["name"].as_str()), (Some(1), Some("Invoice")));
    assert_eq!((data[0]["isPublished"].as_bool(), data[1]["isPublished"].as_bool()), (Some(true), Some(false)));
}

#[tokio::test]
async fn unpublish_clears_the_published_version_and_keeps_the_history() {
    let server = TestServer::start().await;
    let owner = server.register("owner@unpublish.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let env = &owner.env_id;
    server.post(&in_env("/api/v1/templates/invoice/publish", env), &owner.token, json!({})).await;
    let answer = server.post(&in_env("/api/v1/templates/invoice/unpublish", env), &owner.token, json!({})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!((answer.body["status"].as_str(), answer.body["publishedVersion"].as_i64()), (Some("draft"), None));
    let list = server.get(&in_env("/api/v1/templates/invoice/versions", env), &owner.token).await;
    assert_eq!(list.body["total"], 1);

    let no_published =
        preview(&server, &owner.token, env, "invoice", json!({ "format": "pdf", "useDraft": false })).await;
    assert_eq!(no_published.status.as_u16(), 422);
    assert_eq!(no_published.json()["code"], "ERR_TMPL_004");
    let again = server.post(&in_env("/api/v1/templates/invoice/unpublish", env), &owner.token, json!({})).await;
    assert_error(&again, 422, "ERR_TMPL_004");
}

#[tokio::test]
async fn deleting_a_template_keeps_its_versions_for_documents_made_from_it() {
    let server = TestServer::start().await;
    let owner = server.register("owner@keep.test").await;
    let created = create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let id = created["id"].as_str().unwrap();
    server.post(&in_env("/api/v1/templates/invoice/publish", &owner.env_id), &owner.token, json!({})).await;
    assert_eq!(
        server.delete(&in_env("/api/v1/templates/invoice", &owner.env_id), &owner.token).await.status,
        StatusCode::NO_CONTENT
    );

    let store = &server.state().store;
    assert!(store.template(&owner.env_id, id).await.unwrap().is_none(), "lookups no longer see it");
    let kept = store.template_version(id, 1).await.unwrap().expect("version 1 is kept");
    assert_eq!((kept.name.as_str(), kept.schema.clone()), ("Invoice", invoice_schema("Item")));
}

#[tokio::test]
async fn a_document_made_from_a_deleted_template_stays_readable() {
    let server = TestServer::start().await;
    let owner = server.register("owner@orphan.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let (key, _) = server.create_key(&owner.token, &owner.env_id, &["documents:generate", "templates:manage"]).await;
    server.post("/api/v1/templates/invoice/publish", &key, json!({})).await;
    let body = json!({ "templateId": "invoice", "format": "csv", "variables": { "customer": "ACME" } });
    let queued = server.post("/api/v1/documents/generate", &key, body).await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{}", queued.body);
    let job_path = format!("/api/v1/documents/jobs/{}", queued.body["jobId"].as_str().unwrap());
    let mut job = server.get(&job_path, &key).await;
    for _ in 0..200 {
        if job.body["status"] == "completed" || job.body["status"] == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        job = server.get(&job_path, &key).await;
    }
    assert_eq!(job.body["status"], "completed", "{}", job.body);

    assert_eq!(server.delete("/api/v1/templates/invoice", &key).await.status, StatusCode::NO_CONTENT);
    let after = server.get(&job_path, &key).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
    assert_eq!(
        (after.body["templateName"].as_str(), after.body["templateVersion"].as_i64()),
        (Some("Invoice"), Some(1))
    );
}
