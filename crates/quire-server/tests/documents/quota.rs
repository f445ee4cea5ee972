//! A key's monthly document quota: generate, batch items, retries and synchronous renders all count; over the
//! quota is `429 ERR_QUOTA_001` with `retryAfter`, nothing is queued, an idempotent replay still answers, and
//! rotation keeps the count.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestServer, assert_error};
use crate::support::{invoice_variables, setup};

fn generate_body(template_id: &str, customer: &str) -> Value {
    json!({ "templateId": template_id, "format": "pdf", "variables": invoice_variables(customer) })
}

/// A key of the setup's environment with `documents:generate` and a quota of `quota` documents a month.
async fn key_with_quota(server: &TestServer, token: &str, env_id: &str, quota: i64) -> (String, String) {
    let created = server
        .post(
            "/api/v1/api-keys",
            token,
            json!({ "environmentId": env_id, "name": "capped", "permissions": ["documents:generate"], "monthlyDocumentQuota": quota }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["monthlyDocumentQuota"], quota);
    (created.body["key"].as_str().unwrap().to_string(), created.body["id"].as_str().unwrap().to_string())
}

/// `POST /api/v1/documents/render` (answers the file itself) with `key`: its status.
async fn render_now(server: &TestServer, key: &str, body: &Value) -> StatusCode {
    let answer = server.client.post(format!("{}/api/v1/documents/render", server.base)).bearer_auth(key).json(body);
    answer.send().await.unwrap().status()
}

async fn jobs_total(server: &TestServer, key: &str) -> i64 {
    server.get("/api/v1/documents/jobs?limit=100", key).await.body["total"].as_i64().unwrap()
}

#[tokio::test]
async fn every_kind_of_document_counts_and_the_quota_is_exact() {
    let server = TestServer::start().await;
    let s = setup(&server, "quota@example.com").await;
    let (key, _) = key_with_quota(&server, &s.account.token, &s.account.env_id, 4).await;

    let first = server.post("/api/v1/documents/generate", &key, generate_body(&s.template_id, "A")).await;
    assert_eq!(first.status, StatusCode::ACCEPTED, "{}", first.body);
    let rendered = render_now(&server, &key, &generate_body(&s.template_id, "B")).await;
    assert_eq!(rendered, StatusCode::OK);

    // Two used; a batch of three would make five: refused whole, nothing queued.
    let documents: Vec<Value> = ["C", "D", "E"].iter().map(|c| json!({ "variables": invoice_variables(c) })).collect();
    let batch_path = "/api/v1/documents/generate/batch";
    let too_big = server
        .post(batch_path, &key, json!({ "templateId": s.template_id, "format": "pdf", "documents": documents }))
        .await;
    assert_error(&too_big, 429, "ERR_QUOTA_001");
    assert!(too_big.body["message"].as_str().unwrap().contains("quota of 4"), "{}", too_big.body);
    assert!(too_big.body["retryAfter"].as_u64().is_some_and(|s| s > 0 && s <= 31 * 86400), "{}", too_big.body);
    assert_eq!(jobs_total(&server, &key).await, 1, "the refused batch queued nothing");

    let two = &documents[..2];
    let fits =
        server.post(batch_path, &key, json!({ "templateId": s.template_id, "format": "pdf", "documents": two })).await;
    assert_eq!(fits.status, StatusCode::ACCEPTED, "{}", fits.body);
    let over = server.post("/api/v1/documents/generate", &key, generate_body(&s.template_id, "F")).await;
    assert_error(&over, 429, "ERR_QUOTA_001");
    let render_over = render_now(&server, &key, &generate_body(&s.template_id, "G")).await;
    assert_eq!(render_over, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(jobs_total(&server, &key).await, 3);

    // Other callers are not limited by this key's quota.
    let other = server.post("/api/v1/documents/generate", &s.key, generate_body(&s.template_id, "H")).await;
    assert_eq!(other.status, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn concurrent_requests_cannot_overshoot_and_replays_still_answer() {
    let server = TestServer::start().await;
    let s = setup(&server, "quota-race@example.com").await;
    let (key, _) = key_with_quota(&server, &s.account.token, &s.account.env_id, 3).await;
    let replayed = server
        .client
        .post(format!("{}/api/v1/documents/generate", server.base))
        .bearer_auth(&key)
        .header("Idempotency-Key", "order-1")
        .json(&generate_body(&s.template_id, "first"))
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), StatusCode::ACCEPTED);
    let first_id = replayed.json::<Value>().await.unwrap()["jobId"].clone();

    let attempts = futures::future::join_all(
        (0..8)
            .map(|i| server.post("/api/v1/documents/generate", &key, generate_body(&s.template_id, &format!("c{i}")))),
    )
    .await;
    let accepted = attempts.iter().filter(|a| a.status == StatusCode::ACCEPTED).count();
    let refused = attempts.iter().filter(|a| a.code() == "ERR_QUOTA_001").count();
    assert_eq!((accepted, refused), (2, 6), "exactly the quota is queued");
    assert_eq!(jobs_total(&server, &key).await, 3);

    let again = server
        .client
        .post(format!("{}/api/v1/documents/generate", server.base))
        .bearer_auth(&key)
        .header("Idempotency-Key", "order-1")
        .json(&generate_body(&s.template_id, "first"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::ACCEPTED, "a replay answers its job even with the quota used up");
    assert_eq!(again.json::<Value>().await.unwrap()["jobId"], first_id);
}

#[tokio::test]
async fn rotation_keeps_the_count_and_the_quota_can_be_raised() {
    let server = TestServer::start().await;
    let s = setup(&server, "quota-rotate@example.com").await;
    let (key, id) = key_with_quota(&server, &s.account.token, &s.account.env_id, 2).await;
    for c in ["A", "B"] {
        let queued = server.post("/api/v1/documents/generate", &key, generate_body(&s.template_id, c)).await;
        assert_eq!(queued.status, StatusCode::ACCEPTED);
    }
    let rotated = server
        .post(&format!("/api/v1/api-keys/{id}/rotate"), &s.account.token, json!({ "gracePeriodSeconds": 0 }))
        .await;
    assert_eq!(rotated.body["monthlyDocumentQuota"], 2);
    let successor = rotated.body["key"].as_str().unwrap().to_string();
    let successor_id = rotated.body["id"].as_str().unwrap().to_string();
    let refused = server.post("/api/v1/documents/generate", &successor, generate_body(&s.template_id, "C")).await;
    assert_error(&refused, 429, "ERR_QUOTA_001");

    let raised = server
        .patch(&format!("/api/v1/api-keys/{successor_id}"), &s.account.token, json!({ "monthlyDocumentQuota": 3 }))
        .await;
    assert_eq!(raised.status, StatusCode::OK, "{}", raised.body);
    let allowed = server.post("/api/v1/documents/generate", &successor, generate_body(&s.template_id, "C")).await;
    assert_eq!(allowed.status, StatusCode::ACCEPTED, "the raised quota applies at once: {}", allowed.body);
    let lifted = server
        .patch(&format!("/api/v1/api-keys/{successor_id}"), &s.account.token, json!({ "monthlyDocumentQuota": null }))
        .await;
    assert!(lifted.body["monthlyDocumentQuota"].is_null());
    let unlimited = server.post("/api/v1/documents/generate", &successor, generate_body(&s.template_id, "D")).await;
    assert_eq!(unlimited.status, StatusCode::ACCEPTED);

    for bad in [json!(0), json!(-1), json!(100_000_001), json!("ten")] {
        let answer = server
            .patch(
                &format!("/api/v1/api-keys/{successor_id}"),
                &s.account.token,
                json!({ "monthlyDocumentQuota": bad }),
            )
            .await;
        assert_error(&answer, 400, "ERR_VALID_001");
    }
}

#[tokio::test]
async fn an_environment_quota_counts_every_caller_in_it() {
    let server = TestServer::start().await;
    let s = setup(&server, "quota-env@example.com").await;
    let env_path = format!("/api/environments/{}", s.account.env_id);
    let set = server.patch(&env_path, &s.account.token, json!({ "monthlyDocumentQuota": 2 })).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!(set.body["monthlyDocumentQuota"], 2);
    let (other_key, _) = server.create_key(&s.account.token, &s.account.env_id, &["documents:generate"]).await;

    let first = server.post("/api/v1/documents/generate", &s.key, generate_body(&s.template_id, "A")).await;
    assert_eq!(first.status, StatusCode::ACCEPTED, "{}", first.body);
    let rendered = render_now(&server, &other_key, &generate_body(&s.template_id, "B")).await;
    assert_eq!(rendered, StatusCode::OK, "another key's synchronous render counts too");
    let over = server.post("/api/v1/documents/generate", &s.key, generate_body(&s.template_id, "C")).await;
    assert_error(&over, 429, "ERR_QUOTA_001");
    assert!(
        over.body["message"].as_str().unwrap().starts_with("The environment's monthly document quota of 2"),
        "{}",
        over.body
    );

    let lifted = server.patch(&env_path, &s.account.token, json!({ "monthlyDocumentQuota": null })).await;
    assert!(lifted.body["monthlyDocumentQuota"].is_null(), "{}", lifted.body);
    let again = server.post("/api/v1/documents/generate", &other_key, generate_body(&s.template_id, "D")).await;
    assert_eq!(again.status, StatusCode::ACCEPTED);
    for bad in [json!(0), json!(100_000_001), json!("lots")] {
        let answer = server.patch(&env_path, &s.account.token, json!({ "monthlyDocumentQuota": bad })).await;
        assert_error(&answer, 400, "ERR_VALID_001");
    }
}
