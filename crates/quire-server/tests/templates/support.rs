//! Shared fixtures of the templates suite: a small invoice design, template creation, multipart
//! uploads, raw-byte answers (previews) and PDF/CSV read-back.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

pub use crate::common::multipart::Part;
use crate::common::{Account, Answer, TestServer};

/// A one-page invoice in Rynko's flat form: a heading, a line naming the customer, and a table of
/// items whose header is `item_header` (the table is what CSV exports).
pub fn invoice_schema(item_header: &str) -> Value {
    json!({
        "pageSize": "A4",
        "components": [
            { "id": "title", "type": "heading", "props": { "level": 1, "text": "{{title}}" } },
            { "id": "who", "type": "text", "props": { "text": "Bill to {{customer}}" } },
            { "id": "lines", "type": "table", "props": { "dataSource": "items", "columns": [
                { "header": item_header, "field": "name" },
                { "header": "Qty", "field": "qty", "type": "number" }
            ] } }
        ]
    })
}

/// Variables of [`invoice_schema`]: `title` has a default, `customer` is required.
pub fn invoice_variables() -> Value {
    json!([
        { "name": "title", "type": "string", "defaultValue": "Invoice" },
        { "name": "customer", "type": "string", "required": true, "description": "Who pays" },
        { "name": "items", "type": "array", "defaultValue": [] }
    ])
}

/// A create body for a `both` template.
pub fn template_body(name: &str, slug: Option<&str>) -> Value {
    let mut body = json!({
        "name": name,
        "description": "Monthly invoice",
        "type": "both",
        "schema": invoice_schema("Item"),
        "variables": invoice_variables()
    });
    if let Some(slug) = slug {
        body["slug"] = json!(slug);
    }
    body
}

/// `path` with `environmentId` in the query.
pub fn in_env(path: &str, env_id: &str) -> String {
    let joiner = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joiner}environmentId={env_id}")
}

/// Creates a template as `owner` in their environment and returns its body.
pub async fn create_template(server: &TestServer, owner: &Account, body: Value) -> Value {
    let answer = server.post(&in_env("/api/v1/templates", &owner.env_id), &owner.token, body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    answer.body
}

/// Creates a second environment in `owner`'s project and returns its id.
pub async fn second_environment(server: &TestServer, owner: &Account, name: &str) -> String {
    let path = format!("/api/teams/{}/environments", owner.team_id);
    let answer = server.post(&path, &owner.token, json!({ "name": name })).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    answer.body["id"].as_str().unwrap().to_string()
}

/// An answer whose body is kept as bytes (files).
pub struct FileAnswer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
}

impl FileAnswer {
    /// The body as JSON (for error answers).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_string())
    }
}

/// `POST` a JSON body and keep the answer as bytes.
pub async fn post_for_file(server: &TestServer, path: &str, token: &str, body: Value) -> FileAnswer {
    let response =
        server.client.post(format!("{}{path}", server.base)).bearer_auth(token).json(&body).send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    FileAnswer { status, headers, bytes: response.bytes().await.unwrap().to_vec() }
}

/// A preview of template `key` in `env_id`.
pub async fn preview(server: &TestServer, token: &str, env_id: &str, key: &str, body: Value) -> FileAnswer {
    post_for_file(server, &in_env(&format!("/api/v1/templates/{key}/preview"), env_id), token, body).await
}

/// The records of a CSV file.
pub fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(bytes.to_vec()).expect("CSV is UTF-8");
    text.lines().map(|line| line.split(',').map(|c| c.trim_matches('"').to_string()).collect()).collect()
}

/// The text of a PDF through `pdftotext` (poppler-utils), whitespace collapsed.
pub fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("preview.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (apt-get install poppler-utils)");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Uploads `parts` as `multipart/form-data` to the assets endpoint of `env_id`.
pub async fn upload_parts(server: &TestServer, token: &str, env_id: &str, parts: &[Part<'_>]) -> Answer {
    server.post_multipart(&in_env("/api/v1/assets", env_id), token, parts).await
}

/// Uploads one file, claiming `claimed_type`.
pub async fn upload(
    server: &TestServer,
    token: &str,
    env_id: &str,
    file_name: &str,
    claimed_type: &str,
    bytes: Vec<u8>,
) -> Answer {
    let part = Part { name: "file", file_name: Some(file_name), content_type: Some(claimed_type), bytes };
    upload_parts(server, token, env_id, &[part]).await
}

/// A valid 2×2 red PNG.
pub fn red_png() -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==")
        .unwrap()
}

/// A design showing one image from `src`.
pub fn image_schema(src: &str) -> Value {
    json!({ "components": [
        { "id": "logo", "type": "image", "props": { "src": src, "width": 40, "height": 40 } },
        { "id": "caption", "type": "text", "props": { "text": "with logo" } }
    ] })
}
