//! Per-endpoint allowances on top of the per-caller ones; the headers report whichever is tighter.

use quire_server::config::EndpointAllowance;
use serde_json::json;

use crate::common::{TestServer, assert_error};
use crate::support::{invoice_variables, setup};

fn allowance(api_key: u32, jwt: u32) -> EndpointAllowance {
    EndpointAllowance { api_key, oauth: api_key, jwt }
}

#[tokio::test]
async fn batches_have_their_own_allowance_and_reads_go_on() {
    let server = TestServer::start_with(|c| {
        c.run_workers = false;
        c.endpoint_limits.batch = allowance(2, 2);
    })
    .await;
    let s = setup(&server, "batch-limit@example.com").await;
    let batch = json!({ "templateId": s.template_id, "format": "pdf",
        "documents": [ { "variables": invoice_variables("A") } ] });
    for n in 0..2 {
        let accepted = server.post("/api/v1/documents/generate/batch", &s.key, batch.clone()).await;
        assert_eq!(accepted.status.as_u16(), 202, "batch {n}: {}", accepted.body);
        assert_eq!(accepted.header("x-ratelimit-limit").as_deref(), Some("2"), "the batch allowance is the tighter");
    }
    let refused = server.post("/api/v1/documents/generate/batch", &s.key, batch.clone()).await;
    assert_error(&refused, 429, "ERR_QUOTA_003");
    assert!(refused.body["message"].as_str().unwrap().contains("2 requests per minute"), "{}", refused.body);
    assert!(refused.header("retry-after").is_some());

    let single = json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("S") });
    assert_eq!(server.post("/api/v1/documents/generate", &s.key, single).await.status.as_u16(), 202);
    assert_eq!(server.get("/api/v1/documents/jobs", &s.key).await.status.as_u16(), 200);
}

#[tokio::test]
async fn template_writes_are_counted_per_caller_with_the_jwt_allowance_for_users() {
    let server = TestServer::start_with(|c| c.endpoint_limits.template_write = allowance(2, 2)).await;
    let s = setup(&server, "writes@example.com").await;
    // `setup` made and published a template with the key: the key's two writes this minute are used up.
    let body = |name: &str| {
        json!({ "name": name, "schema": { "components": [ { "id": "t", "type": "text", "props": { "text": "hi" } } ] },
            "variables": [] })
    };
    let refused = server.post("/api/v1/templates", &s.key, body("Second")).await;
    assert_error(&refused, 429, "ERR_QUOTA_003");
    assert_eq!(refused.header("x-ratelimit-limit").as_deref(), Some("2"));

    let path = format!("/api/v1/templates?environmentId={}", s.account.env_id);
    let first = server.post(&path, &s.account.token, body("By user")).await;
    assert_eq!(first.status.as_u16(), 201, "{}", first.body);
    assert_eq!(first.header("x-ratelimit-limit").as_deref(), Some("2"), "dashboard users have the JWT allowance");
    assert_eq!(server.post(&path, &s.account.token, body("By user 2")).await.status.as_u16(), 201);
    assert_error(&server.post(&path, &s.account.token, body("By user 3")).await, 429, "ERR_QUOTA_003");

    // Reading is another class: still allowed.
    assert_eq!(server.get("/api/v1/templates", &s.key).await.status.as_u16(), 200);
}

#[tokio::test]
async fn the_callers_own_limit_answers_when_it_is_the_tighter() {
    let server = TestServer::start_with(|c| {
        c.rate_limits.api_key_per_minute = 5;
        c.endpoint_limits.read = allowance(50, 50);
    })
    .await;
    let s = setup(&server, "tighter@example.com").await;
    let read = server.get("/api/v1/documents/jobs", &s.key).await;
    assert_eq!(read.header("x-ratelimit-limit").as_deref(), Some("5"));
}
