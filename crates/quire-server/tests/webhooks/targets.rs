//! The SSRF guard: loopback, private, link-local and CGNAT targets are refused with `422 ERR_WHK_002` unless
//! `QUIRE_WEBHOOKS_ALLOW_PRIVATE`, when given and again when sent.

use quire_core::ErrorCode;
use serde_json::json;

use crate::common::{TestServer, assert_error};
use crate::receiver::Receiver;
use crate::support::{document_data, fast_retries, subscribe, wait_for_delivery};

async fn strict_server() -> TestServer {
    TestServer::start_with(|c| {
        fast_retries(c);
        c.webhooks_allow_private = false;
    })
    .await
}

#[tokio::test]
async fn internal_targets_are_refused_with_err_whk_002() {
    let server = strict_server().await;
    let owner = server.register("owner@example.com").await;
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.20/hook",
        "http://172.20.0.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.1.1/hook",
        "http://0.0.0.0/hook",
        "http://[::1]/hook",
        "http://[fe80::1]/hook",
        "http://[fd00::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://2130706433/hook",
    ] {
        let body = json!({ "environmentId": owner.env_id, "url": url, "events": ["document.generated"] });
        let answer = server.post("/api/v1/webhook-subscriptions", &owner.token, body).await;
        assert_error(&answer, 422, "ERR_WHK_002");
        assert_eq!(answer.body["relatedInfo"]["errors"][0]["field"], "url", "{url}");
    }
}

#[tokio::test]
async fn urls_that_are_not_http_are_refused() {
    let server = strict_server().await;
    let owner = server.register("owner@example.com").await;
    for url in ["ftp://example.com/hook", "file:///etc/passwd", "not a url", "http://"] {
        let body = json!({ "environmentId": owner.env_id, "url": url, "events": ["document.generated"] });
        assert_error(&server.post("/api/v1/webhook-subscriptions", &owner.token, body).await, 422, "ERR_WHK_002");
    }
}

#[tokio::test]
async fn moving_a_subscription_to_an_internal_target_is_refused() {
    let server = TestServer::start_with(fast_retries).await;
    let owner = server.register("owner@example.com").await;
    let (id, _) = subscribe(&server, &owner, "http://127.0.0.1:9/hook", &["document.generated"], json!({})).await;
    let mut config = server.config.clone();
    config.webhooks_allow_private = false;
    let server = server.restart_with(config).await;
    // Dashboard tokens outlive a restart (the JWT secret is kept in the data folder).
    let answer = server
        .patch(&format!("/api/v1/webhook-subscriptions/{id}"), &owner.token, json!({ "url": "http://10.1.1.1/x" }))
        .await;
    assert_error(&answer, 422, "ERR_WHK_002");
}

#[tokio::test]
async fn check_target_url_refuses_a_private_webhook_url_before_queueing() {
    let strict = strict_server().await;
    let refused = quire_server::webhooks::check_target_url(strict.state(), "http://127.0.0.1:3000/hook").await;
    let err = refused.expect_err("loopback must be refused");
    assert_eq!(err.0.code, ErrorCode::WebhookTargetRefused);
    assert_eq!(err.0.related_info.unwrap()["errors"][0]["field"], "webhookUrl");
    let open = TestServer::start_with(fast_retries).await;
    assert!(quire_server::webhooks::check_target_url(open.state(), "http://127.0.0.1:3000/hook").await.is_ok());
}

#[tokio::test]
async fn targets_are_checked_again_when_sent() {
    let receiver = Receiver::start().await;
    let server = TestServer::start_with(fast_retries).await;
    let owner = server.register("owner@example.com").await;
    let (id, _) =
        subscribe(&server, &owner, &receiver.url("/hook"), &["document.generated"], json!({ "maxRetries": 0 })).await;
    let mut config = server.config.clone();
    config.webhooks_allow_private = false;
    let server = server.restart_with(config).await;
    quire_server::webhooks::publish(server.state(), &owner.env_id, "document.generated", document_data("job_1"), None)
        .await
        .unwrap();
    let failed = wait_for_delivery(&server, &owner, &id, |d| d["status"] == "failed").await;
    assert!(failed["lastError"].as_str().unwrap().contains("target refused"), "{failed}");
    assert!(receiver.received().is_empty());
}
