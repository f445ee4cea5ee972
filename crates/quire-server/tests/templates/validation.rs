//! The engine validates every design on create and update (422 ERR_TMPL_003 with each problem's
//! path); `POST /api/v1/templates/validate` reports the same without storing anything, including what a PDF
//! standard needs of the template.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::support::*;
use crate::common::{TestServer, assert_error};

fn broken_schema() -> Value {
    json!({ "components": [
        { "id": "ok", "type": "text", "props": { "text": "fine" } },
        { "id": "bad", "type": "marquee", "props": {} }
    ] })
}

fn paths(answer_errors: &Value) -> Vec<String> {
    answer_errors.as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn an_invalid_design_is_422_err_tmpl_003_naming_every_path() {
    let server = TestServer::start().await;
    let owner = server.register("owner@invalid.test").await;
    let body = json!({
        "name": "Broken", "type": "pdf", "schema": broken_schema(),
        "variables": [ { "name": "n", "type": "decimal" } ]
    });
    let answer = server.post(&in_env("/api/v1/templates", &owner.env_id), &owner.token, body).await;
    assert_error(&answer, 422, "ERR_TMPL_003");
    let found = paths(&answer.body["relatedInfo"]["errors"]);
    assert!(found.iter().any(|p| p.starts_with("schema.components[1]")), "{found:?}");
    assert!(found.iter().any(|p| p.starts_with("variables[0]")), "{found:?}");
    for error in answer.body["relatedInfo"]["errors"].as_array().unwrap() {
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let list = server.get(&in_env("/api/v1/templates", &owner.env_id), &owner.token).await;
    assert_eq!(list.body["total"], 0, "nothing was stored");
}

#[tokio::test]
async fn an_invalid_edit_is_refused_and_the_draft_stays() {
    let server = TestServer::start().await;
    let owner = server.register("owner@invalid-edit.test").await;
    let created = create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let path = in_env("/api/v1/templates/invoice", &owner.env_id);
    let answer = server.patch(&path, &owner.token, json!({ "schema": broken_schema() })).await;
    assert_error(&answer, 422, "ERR_TMPL_003");
    assert_eq!(paths(&answer.body["relatedInfo"]["errors"])[0], "schema.components[1].type");
    let bad_variables = server.patch(&path, &owner.token, json!({ "variables": { "not": "an array" } })).await;
    assert_error(&bad_variables, 422, "ERR_TMPL_003");
    let now = server.get(&path, &owner.token).await;
    assert_eq!(now.body["schema"], created["schema"]);
    assert_eq!(now.body["draftVersion"], 1);
}

#[tokio::test]
async fn the_validate_endpoint_reports_without_storing() {
    let server = TestServer::start().await;
    let owner = server.register("owner@validate.test").await;
    let (key, _) = server.create_key(&owner.token, &owner.env_id, &["documents:generate"]).await;
    let good = json!({ "schema": invoice_schema("Item"), "variables": invoice_variables() });
    let answer = server.post("/api/v1/templates/validate", &key, good).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["valid"], true);
    assert_eq!(answer.body["errors"], json!([]));

    let bad = server.post("/api/v1/templates/validate", &owner.token, json!({ "schema": broken_schema() })).await;
    assert_eq!(bad.status, StatusCode::OK);
    assert_eq!(bad.body["valid"], false);
    assert_eq!(paths(&bad.body["errors"])[0], "schema.components[1].type");
    let list = server.get(&in_env("/api/v1/templates", &owner.env_id), &owner.token).await;
    assert_eq!(list.body["total"], 0);
}

#[tokio::test]
async fn the_validate_endpoint_reports_what_a_pdf_standard_needs() {
    let server = TestServer::start().await;
    let owner = server.register("owner@standards.test").await;
    let schema = json!({ "pdf": { "standard": ["pdf/a-2b", "pdf/ua-1"],
                                  "attachments": [ { "contentBase64": "eA==", "filename": "a.txt", "mimeType": "text/plain" } ] },
                         "components": [ { "id": "logo", "type": "image", "props": { "src": "assets://asset_logo" } } ] });
    let answer = server.post("/api/v1/templates/validate", &owner.token, json!({ "schema": schema })).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["valid"], false);
    let found = paths(&answer.body["errors"]);
    for wanted in ["schema.pdf.title", "schema.pdf.attachments", "schema.components[0].props.alt"] {
        assert!(found.iter().any(|p| p == wanted), "{wanted} not reported: {}", answer.body);
    }
}

#[tokio::test]
async fn malformed_json_is_400_err_valid_002() {
    let server = TestServer::start().await;
    let owner = server.register("owner@malformed.test").await;
    let auth = format!("Bearer {}", owner.token);
    let headers = [("authorization", auth.as_str()), ("content-type", "application/json")];
    let path = in_env("/api/v1/templates", &owner.env_id);
    let answer = server.raw(reqwest::Method::POST, &path, &headers, Some(b"{\"name\": ".to_vec())).await;
    assert_error(&answer, 400, "ERR_VALID_002");
}
