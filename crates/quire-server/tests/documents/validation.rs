//! Everything refused before queueing, with its documented code, and isolation between environments.

use serde_json::json;

use crate::common::{TestServer, assert_error};
use crate::support::{invoice_fixture, invoice_variables, setup};

#[tokio::test]
async fn bad_requests_get_their_documented_codes() {
    let server = TestServer::start().await;
    let s = setup(&server, "valid@example.com").await;
    let generate = |body: serde_json::Value| {
        let server = &server;
        let key = s.key.clone();
        async move { server.post("/api/v1/documents/generate", &key, body).await }
    };
    let t = &s.template_id;
    assert_error(&generate(json!({ "templateId": "tmpl_missing", "format": "pdf" })).await, 404, "ERR_TMPL_001");
    assert_error(&generate(json!({ "templateId": t, "format": "docx" })).await, 400, "ERR_VALID_001");
    assert_error(&generate(json!({ "format": "pdf" })).await, 400, "ERR_VALID_001");
    assert_error(
        &generate(json!({ "templateId": t, "format": "pdf", "variables": { "total": "lots" } })).await,
        400,
        "ERR_VALID_001",
    );
    assert_error(
        &generate(json!({ "templateId": t, "format": "pdf", "metadata": { "nested": { "a": 1 } } })).await,
        400,
        "ERR_VALID_001",
    );
    assert_error(
        &generate(json!({ "templateId": t, "format": "pdf", "metadata": { "big": "x".repeat(11_000) } })).await,
        400,
        "ERR_VALID_001",
    );
    assert_error(
        &generate(json!({ "templateId": t, "format": "pdf", "filename": "../etc/passwd" })).await,
        400,
        "ERR_VALID_001",
    );
    assert_error(
        &generate(json!({ "templateId": t, "format": "pdf", "filename": "a".repeat(201) })).await,
        400,
        "ERR_VALID_001",
    );
    let huge = json!({ "templateId": t, "format": "pdf", "variables": { "blob": "x".repeat(1_100_000) } });
    assert_error(&generate(huge).await, 400, "ERR_VALID_001");
    let malformed = server
        .client
        .post(format!("{}/api/v1/documents/generate", server.base))
        .bearer_auth(&s.key)
        .header("content-type", "application/json")
        .body("{\"templateId\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status().as_u16(), 400);
    let oversized = server
        .client
        .post(format!("{}/api/v1/documents/generate", server.base))
        .bearer_auth(&s.key)
        .header("content-type", "application/json")
        .body(vec![b' '; 11 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(oversized.status().as_u16(), 413);
}

#[tokio::test]
async fn template_state_and_required_variables_are_checked() {
    let server = TestServer::start().await;
    let s = setup(&server, "tmplstate@example.com").await;
    let fixture = invoice_fixture();
    let mut variables = fixture["variables"].clone();
    variables.as_array_mut().unwrap().push(json!({ "name": "poNumber", "type": "string", "required": true }));
    let draft = server
        .post(
            "/api/v1/templates",
            &s.key,
            json!({ "name": "PDF only", "type": "pdf", "schema": fixture["schema"], "variables": variables }),
        )
        .await;
    assert_eq!(draft.status.as_u16(), 201, "{}", draft.body);
    let id = draft.body["id"].as_str().unwrap();
    let generate = |body: serde_json::Value| server.post("/api/v1/documents/generate", &s.key, body);
    assert_error(&generate(json!({ "templateId": id, "format": "pdf" })).await, 422, "ERR_TMPL_004");
    let missing = generate(json!({ "templateId": id, "format": "pdf", "useDraft": true })).await;
    assert_error(&missing, 422, "ERR_MISSING_VARIABLE");
    assert!(missing.body["relatedInfo"]["errors"].to_string().contains("poNumber"));
    assert_error(
        &generate(json!({ "templateId": id, "format": "xlsx", "useDraft": true, "variables": { "poNumber": "1" } }))
            .await,
        422,
        "ERR_TMPL_005",
    );
    let ok =
        generate(json!({ "templateId": id, "format": "pdf", "useDraft": true, "variables": { "poNumber": "PO-9" } }))
            .await;
    assert_eq!(ok.status.as_u16(), 202, "{}", ok.body);
}

#[tokio::test]
async fn idempotency_key_returns_the_first_job() {
    let server = TestServer::start().await;
    let s = setup(&server, "idem@example.com").await;
    let body = json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Idem") });
    let send = |body: serde_json::Value| {
        server
            .client
            .post(format!("{}/api/v1/documents/generate", server.base))
            .bearer_auth(&s.key)
            .header("Idempotency-Key", "order-77")
            .json(&body)
            .send()
    };
    let first: serde_json::Value = send(body.clone()).await.unwrap().json().await.unwrap();
    let again: serde_json::Value = send(body).await.unwrap().json().await.unwrap();
    assert_eq!(first["jobId"], again["jobId"]);
    let different = send(json!({ "templateId": s.template_id, "format": "csv" })).await.unwrap();
    assert_eq!(different.status().as_u16(), 409);
    let listed = server.get("/api/v1/documents/jobs", &s.key).await;
    assert_eq!(listed.body["total"], 1);
}

#[tokio::test]
async fn another_environment_sees_nothing_of_these_documents() {
    let server = TestServer::start().await;
    let a = setup(&server, "env-a@example.com").await;
    let b = setup(&server, "env-b@example.com").await;
    let queued = server
        .post(
            "/api/v1/documents/generate",
            &a.key,
            json!({ "templateId": a.template_id, "format": "pdf", "variables": invoice_variables("A") }),
        )
        .await;
    let job_id = queued.body["jobId"].as_str().unwrap();
    assert_error(&server.get(&format!("/api/v1/documents/jobs/{job_id}"), &b.key).await, 404, "ERR_DOC_001");
    assert_error(
        &server.post(&format!("/api/v1/documents/jobs/{job_id}/cancel"), &b.key, json!({})).await,
        404,
        "ERR_DOC_001",
    );
    assert_error(&server.delete(&format!("/api/v1/documents/jobs/{job_id}"), &b.key).await, 404, "ERR_DOC_001");
    let foreign_template = server
        .post("/api/v1/documents/generate", &b.key, json!({ "templateId": a.template_id, "format": "pdf" }))
        .await;
    assert_error(&foreign_template, 404, "ERR_TMPL_001");
    assert_eq!(server.get("/api/v1/documents/jobs", &b.key).await.body["total"], 0);
    let (templates_only, _) = server.create_key(&a.account.token, &a.account.env_id, &["templates:manage"]).await;
    let refused = server
        .post("/api/v1/documents/generate", &templates_only, json!({ "templateId": a.template_id, "format": "pdf" }))
        .await;
    assert_error(&refused, 403, "ERR_AUTH_005");
}
