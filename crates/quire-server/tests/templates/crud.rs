//! Create, list (both paths), get, edit and delete, with the documented fields and errors.

use reqwest::StatusCode;
use serde_json::json;

use super::support::*;
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn create_answers_201_with_the_documented_fields() {
    let server = TestServer::start().await;
    let owner = server.register("owner@crud.test").await;
    let answer = server
        .post(
            &in_env("/api/v1/templates", &owner.env_id),
            &owner.token,
            template_body("Invoice", Some("monthly-invoice")),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let t = &answer.body;
    assert!(t["id"].as_str().unwrap().starts_with("tmpl_"));
    let short_id = t["shortId"].as_str().unwrap();
    assert!(short_id.starts_with("atpl_") && short_id.len() == 13, "{short_id}");
    assert!(short_id[5..].chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(t["slug"], "monthly-invoice");
    assert_eq!(t["name"], "Invoice");
    assert_eq!(t["description"], "Monthly invoice");
    assert_eq!(t["type"], "both");
    assert_eq!(t["outputFormats"], json!(["pdf", "xlsx", "csv"]));
    assert_eq!(t["variables"], invoice_variables());
    assert_eq!(t["schema"], invoice_schema("Item"));
    assert_eq!(t["status"], "draft");
    assert_eq!(t["draftVersion"], 1);
    assert_eq!(t["publishedVersion"], json!(null));
    assert_eq!(t["environmentId"], owner.env_id.as_str());
    assert!(t["createdAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(answer.header("etag").as_deref(), Some("\"1\""));
}

#[tokio::test]
async fn the_type_decides_the_output_formats() {
    let server = TestServer::start().await;
    let owner = server.register("owner@types.test").await;
    for (kind, formats) in
        [("pdf", json!(["pdf"])), ("excel", json!(["xlsx", "csv"])), ("both", json!(["pdf", "xlsx", "csv"]))]
    {
        let mut body = template_body(kind, None);
        body["type"] = json!(kind);
        let created = create_template(&server, &owner, body).await;
        assert_eq!(created["outputFormats"], formats, "type {kind}");
    }
}

#[tokio::test]
async fn a_schema_listing_output_formats_narrows_the_type() {
    let server = TestServer::start().await;
    let owner = server.register("owner@narrow.test").await;
    let pages = |formats: serde_json::Value| {
        json!({ "outputFormats": formats, "pages": [ { "pageId": "p1", "sections": [
            { "id": "body", "type": "body", "components": [ { "id": "t", "type": "text", "props": { "text": "hi" } } ] }
        ] } ] })
    };
    let body = json!({ "name": "Narrow", "type": "both", "schema": pages(json!(["pdf"])), "variables": [] });
    assert_eq!(create_template(&server, &owner, body).await["outputFormats"], json!(["pdf"]));

    let contradiction = json!({ "name": "Bad", "type": "pdf", "schema": pages(json!(["xlsx"])), "variables": [] });
    let answer = server.post(&in_env("/api/v1/templates", &owner.env_id), &owner.token, contradiction).await;
    assert_error(&answer, 422, "ERR_TMPL_003");
    assert_eq!(answer.body["relatedInfo"]["errors"][0]["path"], "schema.outputFormats[0]");
}

#[tokio::test]
async fn a_missing_type_is_inferred_from_the_schemas_output_formats() {
    let server = TestServer::start().await;
    let owner = server.register("owner@infer.test").await;
    let pages = |formats: serde_json::Value| {
        json!({ "outputFormats": formats, "pages": [ { "pageId": "p1", "sections": [
            { "id": "body", "type": "body", "components": [ { "id": "t", "type": "text", "props": { "text": "hi" } } ] }
        ] } ] })
    };
    for (formats, kind) in [
        (json!(["pdf"]), "pdf"),
        (json!(["xlsx", "csv"]), "excel"),
        (json!(["csv"]), "excel"),
        (json!(["pdf", "xlsx"]), "both"),
        (json!([]), "pdf"),
    ] {
        let body = json!({ "name": "Inferred", "schema": pages(formats.clone()), "variables": [] });
        let created = create_template(&server, &owner, body).await;
        assert_eq!(created["type"], kind, "outputFormats {formats}");
    }
    let without_list = json!({ "name": "Plain", "schema": invoice_schema("Item"), "variables": invoice_variables() });
    let created = create_template(&server, &owner, without_list).await;
    assert_eq!((created["type"].as_str(), created["outputFormats"].clone()), (Some("pdf"), json!(["pdf"])));
}

#[tokio::test]
async fn lists_page_search_and_filter_by_type_on_both_paths() {
    let server = TestServer::start().await;
    let owner = server.register("owner@list.test").await;
    for (name, kind) in [("Weekly report", "excel"), ("Monthly invoice", "pdf"), ("Receipt", "both")] {
        let mut body = template_body(name, None);
        body["type"] = json!(kind);
        create_template(&server, &owner, body).await;
    }
    let page = server.get(&in_env("/api/v1/templates?limit=2&page=2", &owner.env_id), &owner.token).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!((page.body["total"].as_i64(), page.body["page"].as_i64()), (Some(3), Some(2)));
    assert_eq!((page.body["limit"].as_i64(), page.body["totalPages"].as_i64()), (Some(2), Some(2)));
    assert_eq!(page.body["data"].as_array().unwrap().len(), 1);
    assert!(page.body["data"][0].get("schema").is_none(), "list items leave the schema out");

    let found = server.get(&in_env("/api/v1/templates?search=WEEK", &owner.env_id), &owner.token).await;
    let names: Vec<&str> = found.body["data"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Weekly report"]);

    let pdf = server.get(&in_env("/api/v1/templates?type=pdf", &owner.env_id), &owner.token).await;
    let mut names: Vec<&str> =
        pdf.body["data"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["Monthly invoice", "Receipt"], "a `both` template is a PDF template too");

    let bad = server.get(&in_env("/api/v1/templates?type=word", &owner.env_id), &owner.token).await;
    assert_error(&bad, 400, "ERR_VALID_001");

    let (key, _) = server.create_key(&owner.token, &owner.env_id, &["documents:generate"]).await;
    let sdk = server.get("/api/templates/attachment?limit=20&page=1&search=receipt", &key).await;
    assert_eq!(sdk.status, StatusCode::OK, "{}", sdk.body);
    assert_eq!(sdk.body["total"], 1);
    assert_eq!(sdk.body["data"][0]["outputFormats"], json!(["pdf", "xlsx", "csv"]));
}

#[tokio::test]
async fn the_sdk_get_path_answers_the_template_itself() {
    let server = TestServer::start().await;
    let owner = server.register("owner@sdk.test").await;
    let created = create_template(&server, &owner, template_body("Invoice", None)).await;
    let (key, _) = server.create_key(&owner.token, &owner.env_id, &["documents:generate"]).await;
    let answer = server.get(&format!("/api/templates/{}", created["id"].as_str().unwrap()), &key).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    for field in ["id", "name", "type", "description", "variables", "outputFormats", "createdAt", "updatedAt"] {
        assert!(answer.body.get(field).is_some(), "SDK field {field} missing: {}", answer.body);
    }
    assert_eq!(answer.body["variables"][1]["name"], "customer");
}

#[tokio::test]
async fn patch_edits_the_draft_and_bumps_draft_version() {
    let server = TestServer::start().await;
    let owner = server.register("owner@patch.test").await;
    let created = create_template(&server, &owner, template_body("Invoice", Some("inv"))).await;
    let path = in_env(&format!("/api/v1/templates/{}", created["id"].as_str().unwrap()), &owner.env_id);
    let edit = json!({ "name": "Invoice v2", "description": null, "slug": null, "schema": invoice_schema("Article") });
    let answer = server.patch(&path, &owner.token, edit).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["name"], "Invoice v2");
    assert_eq!(answer.body["description"], json!(null));
    assert_eq!(answer.body["slug"], json!(null));
    assert_eq!(answer.body["draftVersion"], 2);
    assert_eq!(answer.body["schema"]["components"][2]["props"]["columns"][0]["header"], "Article");
    assert_eq!(server.get(&path, &owner.token).await.body["draftVersion"], 2);

    let typo = server.patch(&path, &owner.token, json!({ "shema": {} })).await;
    assert_error(&typo, 400, "ERR_VALID_001");
    let to_pdf = server.patch(&path, &owner.token, json!({ "type": "excel" })).await;
    assert_eq!(to_pdf.body["outputFormats"], json!(["xlsx", "csv"]), "{}", to_pdf.body);
}

#[tokio::test]
async fn a_taken_slug_is_409_err_tmpl_002_and_deleting_frees_it() {
    let server = TestServer::start().await;
    let owner = server.register("owner@slug.test").await;
    let first = create_template(&server, &owner, template_body("A", Some("invoice"))).await;
    let again = server
        .post(&in_env("/api/v1/templates", &owner.env_id), &owner.token, template_body("B", Some("invoice")))
        .await;
    assert_error(&again, 409, "ERR_TMPL_002");

    let other = create_template(&server, &owner, template_body("C", Some("receipt"))).await;
    let path = in_env(&format!("/api/v1/templates/{}", other["id"].as_str().unwrap()), &owner.env_id);
    assert_error(&server.patch(&path, &owner.token, json!({ "slug": "invoice" })).await, 409, "ERR_TMPL_002");

    let first_path = in_env(&format!("/api/v1/templates/{}", first["id"].as_str().unwrap()), &owner.env_id);
    assert_eq!(server.delete(&first_path, &owner.token).await.status, StatusCode::NO_CONTENT);
    assert_eq!(server.patch(&path, &owner.token, json!({ "slug": "invoice" })).await.status, StatusCode::OK);
}

#[tokio::test]
async fn delete_answers_204_then_the_template_is_gone() {
    let server = TestServer::start().await;
    let owner = server.register("owner@delete.test").await;
    let created = create_template(&server, &owner, template_body("Gone", Some("gone"))).await;
    let path = in_env(&format!("/api/v1/templates/{}", created["id"].as_str().unwrap()), &owner.env_id);
    assert_eq!(server.delete(&path, &owner.token).await.status, StatusCode::NO_CONTENT);
    assert_error(&server.get(&path, &owner.token).await, 404, "ERR_TMPL_001");
    assert_error(&server.delete(&path, &owner.token).await, 404, "ERR_TMPL_001");
    let list = server.get(&in_env("/api/v1/templates", &owner.env_id), &owner.token).await;
    assert_eq!(list.body["total"], 0);
}

#[tokio::test]
async fn bad_fields_are_400_err_valid_001_naming_each() {
    let server = TestServer::start().await;
    let owner = server.register("owner@fields.test").await;
    let mut body = template_body("  ", Some("Not A Slug"));
    body["type"] = json!("word");
    let answer = server.post(&in_env("/api/v1/templates", &owner.env_id), &owner.token, body).await;
    assert_error(&answer, 400, "ERR_VALID_001");
    let fields: Vec<&str> =
        answer.body["relatedInfo"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "slug", "type"]);

    let missing = server
        .post(&in_env("/api/v1/templates", &owner.env_id), &owner.token, json!({ "name": "x", "type": "pdf" }))
        .await;
    assert_error(&missing, 400, "ERR_VALID_001");
    assert_eq!(missing.body["relatedInfo"]["errors"][0]["field"], "schema");

    let no_env = server.post("/api/v1/templates", &owner.token, template_body("x", None)).await;
    assert_error(&no_env, 400, "ERR_VALID_001");
    assert_eq!(no_env.body["relatedInfo"]["errors"][0]["field"], "environmentId");
}
