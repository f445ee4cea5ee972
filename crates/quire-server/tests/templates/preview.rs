//! Preview renders synchronously with given or sample variables, checks input like generate does,
//! refuses formats the template does not offer, and stays within the render limits.

use reqwest::StatusCode;
use serde_json::json;

use super::support::*;
use crate::common::TestServer;

#[tokio::test]
async fn a_pdf_preview_of_the_draft_carries_the_given_data() {
    let server = TestServer::start().await;
    let owner = server.register("owner@pdf.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let data = json!({ "title": "Invoice 42", "customer": "ACME GmbH", "items": [ { "name": "Desk", "qty": 1 } ] });
    let file =
        preview(&server, &owner.token, &owner.env_id, "invoice", json!({ "format": "pdf", "variables": data })).await;
    assert_eq!(file.status, StatusCode::OK, "{:?}", file.json());
    assert_eq!(file.header("content-type").as_deref(), Some("application/pdf"));
    assert_eq!(file.header("content-disposition").as_deref(), Some("inline; filename=\"invoice-preview.pdf\""));
    assert_eq!(file.header("x-page-count").as_deref(), Some("1"));
    let text = pdf_text(&file.bytes);
    for expected in ["Invoice 42", "Bill to ACME GmbH", "Desk"] {
        assert!(text.contains(expected), "{expected:?} missing from {text:?}");
    }
}

#[tokio::test]
async fn without_variables_defaults_and_samples_stand_in() {
    let server = TestServer::start().await;
    let owner = server.register("owner@sample.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let file = preview(&server, &owner.token, &owner.env_id, "invoice", json!({ "format": "pdf" })).await;
    assert_eq!(file.status, StatusCode::OK, "{:?}", file.json());
    let text = pdf_text(&file.bytes);
    assert!(text.contains("Invoice"), "the default title: {text:?}");
    assert!(text.contains("Bill to [customer]"), "a sample for the required variable: {text:?}");
}

#[tokio::test]
async fn given_variables_are_checked_like_generate() {
    let server = TestServer::start().await;
    let owner = server.register("owner@inputs.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let env = &owner.env_id;
    let missing = preview(&server, &owner.token, env, "invoice", json!({ "format": "pdf", "variables": {} })).await;
    assert_eq!(missing.status.as_u16(), 422);
    assert_eq!(missing.json()["code"], "ERR_MISSING_VARIABLE");
    assert_eq!(missing.json()["relatedInfo"]["errors"][0]["path"], "variables.customer");

    let wrong =
        preview(&server, &owner.token, env, "invoice", json!({ "format": "pdf", "variables": { "customer": 7 } }))
            .await;
    assert_eq!((wrong.status.as_u16(), wrong.json()["code"].as_str()), (400, Some("ERR_VALID_001")));
    let not_object = preview(&server, &owner.token, env, "invoice", json!({ "format": "pdf", "variables": [1] })).await;
    assert_eq!((not_object.status.as_u16(), not_object.json()["code"].as_str()), (400, Some("ERR_VALID_001")));
}

#[tokio::test]
async fn a_format_the_template_does_not_offer_is_422_err_tmpl_005() {
    let server = TestServer::start().await;
    let owner = server.register("owner@format.test").await;
    let mut body = template_body("PDF only", Some("pdf-only"));
    body["type"] = json!("pdf");
    create_template(&server, &owner, body).await;
    for format in ["csv", "xlsx", "excel"] {
        let file = preview(&server, &owner.token, &owner.env_id, "pdf-only", json!({ "format": format })).await;
        assert_eq!(file.status.as_u16(), 422, "{format}: {:?}", file.json());
        assert_eq!(file.json()["code"], "ERR_TMPL_005");
    }
    let unknown = preview(&server, &owner.token, &owner.env_id, "pdf-only", json!({ "format": "docx" })).await;
    assert_eq!((unknown.status.as_u16(), unknown.json()["code"].as_str()), (400, Some("ERR_VALID_001")));
}

#[tokio::test]
async fn spreadsheet_previews_are_real_files() {
    let server = TestServer::start().await;
    let owner = server.register("owner@sheets.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let data = json!({ "customer": "ACME", "items": [ { "name": "Lamp", "qty": 3 } ] });
    let xlsx =
        preview(&server, &owner.token, &owner.env_id, "invoice", json!({ "format": "xlsx", "variables": data })).await;
    assert_eq!(xlsx.status, StatusCode::OK, "{:?}", xlsx.json());
    assert!(xlsx.bytes.starts_with(b"PK"), "an xlsx is a zip");
    assert!(xlsx.header("content-type").unwrap().contains("spreadsheetml"));
    let csv =
        preview(&server, &owner.token, &owner.env_id, "invoice", json!({ "format": "csv", "variables": data })).await;
    assert_eq!(csv_rows(&csv.bytes), [vec!["Item", "Qty"], vec!["Lamp", "3"]]);
}

#[tokio::test]
async fn a_preview_over_the_loop_limit_is_refused_with_err_limit_007() {
    let server = TestServer::start().await;
    let owner = server.register("owner@limits.test").await;
    let body = json!({ "name": "Loops", "slug": "loops", "type": "pdf", "variables": [], "schema": { "components": [
        { "id": "l", "type": "loop", "props": { "items": "rows" }, "children": [
            { "id": "t", "type": "text", "props": { "text": "{{item}}" } } ] } ] } });
    create_template(&server, &owner, body).await;
    let rows = vec![0; 100_001];
    let file = preview(
        &server,
        &owner.token,
        &owner.env_id,
        "loops",
        json!({ "format": "pdf", "variables": { "rows": rows } }),
    )
    .await;
    assert_eq!((file.status.as_u16(), file.json()["code"].as_str()), (400, Some("ERR_LIMIT_007")), "{:?}", file.json());
}

#[tokio::test]
async fn the_variables_form_lists_every_field() {
    let server = TestServer::start().await;
    let owner = server.register("owner@form.test").await;
    create_template(&server, &owner, template_body("Invoice", Some("invoice"))).await;
    let answer = server.get(&in_env("/api/v1/templates/invoice/variables", &owner.env_id), &owner.token).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        answer.body["fields"][1],
        json!({ "key": "customer", "label": "Customer", "type": "string", "required": true, "helpText": "Who pays", "default": null })
    );
    assert_eq!(answer.body["fields"][0]["default"], "Invoice");
    let published =
        server.get(&in_env("/api/v1/templates/invoice/variables?useDraft=false", &owner.env_id), &owner.token).await;
    assert_eq!(published.status.as_u16(), 422);
    assert_eq!(published.body["code"], "ERR_TMPL_004");
}

#[tokio::test]
async fn rynkos_sample_invoice_is_accepted_as_it_is_and_previews() {
    let server = TestServer::start().await;
    let owner = server.register("owner@rynko.test").await;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../quire-render/tests/golden/rynko-invoice.json");
    let sample: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let created = create_template(&server, &owner, sample).await;
    assert_eq!((created["type"].as_str(), created["outputFormats"].clone()), (Some("pdf"), json!(["pdf"])));
    let id = created["id"].as_str().unwrap();
    let file = preview(&server, &owner.token, &owner.env_id, id, json!({ "format": "pdf" })).await;
    assert_eq!(file.status, StatusCode::OK, "{:?}", file.json());
    assert!(pdf_text(&file.bytes).contains("Acme Corp"), "the default customer is shown");
}
