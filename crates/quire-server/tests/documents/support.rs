//! Shared steps of the documents tests: a published invoice template, waiting for jobs, reading PDFs.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{Account, Answer, TestServer};

/// Rynko's sample invoice, as `examples/rynko-invoice.json` has it.
pub fn invoice_fixture() -> Value {
    serde_json::from_str(include_str!("../../../../examples/rynko-invoice.json")).unwrap()
}

/// An account, an API key with every scope, and a published invoice template offering pdf, xlsx and csv.
pub struct Setup {
    pub account: Account,
    pub key: String,
    pub template_id: String,
}

/// Creates and publishes the invoice template (type `both`) in the account's environment.
pub async fn published_invoice(server: &TestServer, account: &Account, key: &str) -> String {
    let fixture = invoice_fixture();
    let created = server
        .post("/api/v1/templates", key, json!({ "name": "Invoice", "type": "both", "schema": fixture["schema"], "variables": fixture["variables"] }))
        .await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_string();
    let published = server.post(&format!("/api/v1/templates/{id}/publish"), key, json!({})).await;
    assert!(published.status.is_success(), "{}", published.body);
    let _ = account;
    id
}

/// A fresh account with a full-scope key and the published invoice.
pub async fn setup(server: &TestServer, email: &str) -> Setup {
    let account = server.register(email).await;
    let (key, _) = server
        .create_key(
            &account.token,
            &account.env_id,
            &["documents:generate", "templates:manage", "analytics:view", "project:manage"],
        )
        .await;
    let template_id = published_invoice(server, &account, &key).await;
    Setup { account, key, template_id }
}

/// Variables of one invoice.
pub fn invoice_variables(customer: &str) -> Value {
    json!({
        "invoiceNumber": "INV-2042",
        "date": "2026-11-22",
        "company": { "name": "Quire Test Ltd", "address": { "line1": "1 Main St", "city": "Springfield", "state": "IL", "postalCode": "62701" } },
        "customer": { "name": customer },
        "items": [ { "description": "Consulting", "quantity": 3, "rate": 150, "amount": 450 } ],
        "total": 450
    })
}

/// Polls a job until it is completed, failed or cancelled.
pub async fn wait_for_job(server: &TestServer, key: &str, job_id: &str) -> Answer {
    for _ in 0..300 {
        let job = server.get(&format!("/api/v1/documents/jobs/{job_id}"), key).await;
        assert_eq!(job.status.as_u16(), 200, "{}", job.body);
        if matches!(job.body["status"].as_str(), Some("completed" | "failed" | "cancelled")) {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {job_id} did not finish");
}

/// Fetches a URL without credentials; returns status, headers and bytes.
pub async fn fetch_raw(server: &TestServer, url: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let response = server.client.get(url).send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// The text of a PDF, through poppler's `pdftotext` (installed by `.ci/run`).
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by these tests; .ci/run installs it");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}
