//! Delivery: the signed request, who gets which event, retries with backoff after failures (a receiver
//! that is down and then up gets its delivery), giving up after `maxRetries`, timeouts, redirects.

use std::time::Duration;

use quire_core::Timestamp;
use quire_server::webhooks::publish;
use serde_json::json;

use crate::common::TestServer;
use crate::receiver::{Receiver, closed_port};
use crate::support::{
    deliveries, document_data, fast_retries, server_with_user, subscribe, verify_webhook_signature, wait_for_delivery,
};

#[tokio::test]
async fn a_delivered_event_is_signed_as_the_rynko_sdk_verifies() {
    let receiver = Receiver::start().await;
    let (server, owner) = server_with_user().await;
    let (_, secret) = subscribe(&server, &owner, &receiver.url("/hook"), &["document.generated"], json!({})).await;
    let event_id =
        publish(server.state(), &owner.env_id, "document.generated", document_data("job_1"), None).await.unwrap();
    let got = receiver.wait_for(1).await.remove(0);
    let signature = got.header("x-rynko-signature");
    let event = verify_webhook_signature(&got.body, &signature, &secret, 300).expect("signature verifies");
    assert!(event_id.starts_with("evt_"));
    assert_eq!(event["id"], event_id.as_str());
    assert_eq!(event["type"], "document.generated");
    assert_eq!(event["data"], document_data("job_1"));
    assert!(Timestamp::parse(event["timestamp"].as_str().unwrap()).is_some());
    assert_eq!(got.header("x-rynko-event-id"), event_id);
    assert_eq!(got.header("x-rynko-event-type"), "document.generated");
    assert!(signature.starts_with(&format!("t={},v1=", got.header("x-rynko-timestamp"))));
    assert_eq!(got.header("content-type"), "application/json");
    assert!(verify_webhook_signature(&got.body, &signature, "whsec_wrong", 300).is_err());
    let tampered = got.body.replace("job_1", "job_2");
    assert!(verify_webhook_signature(&tampered, &signature, &secret, 300).is_err());
}

#[tokio::test]
async fn only_active_subscriptions_listening_to_the_type_get_the_event() {
    let receiver = Receiver::start().await;
    let (server, owner) = server_with_user().await;
    subscribe(&server, &owner, &receiver.url("/generated"), &["document.generated"], json!({})).await;
    subscribe(&server, &owner, &receiver.url("/failed"), &["document.failed"], json!({})).await;
    let (inactive, _) =
        subscribe(&server, &owner, &receiver.url("/inactive"), &["document.generated"], json!({ "isActive": false }))
            .await;
    let state = server.state();
    publish(state, &owner.env_id, "document.failed", document_data("job_f"), None).await.unwrap();
    publish(state, &owner.env_id, "document.generated", document_data("job_g"), None).await.unwrap();
    let mut got: Vec<(String, String)> = receiver
        .wait_for(2)
        .await
        .iter()
        .map(|r| (r.path.clone(), r.json()["data"]["jobId"].as_str().unwrap().to_string()))
        .collect();
    got.sort();
    assert_eq!(got, [("/failed".into(), "job_f".into()), ("/generated".into(), "job_g".into())]);
    assert!(deliveries(&server, &owner, &inactive).await.is_empty());
}

#[tokio::test]
async fn a_receiver_that_is_down_then_up_gets_its_delivery_after_a_retry() {
    let addr = closed_port().await;
    let server = TestServer::start_with(|c| {
        fast_retries(c);
        c.webhooks_backoff_base_ms = 300;
        c.webhooks_backoff_max_ms = 600;
    })
    .await;
    let owner = server.register("owner@example.com").await;
    let url = format!("http://{addr}/hook");
    let (id, secret) = subscribe(&server, &owner, &url, &["document.generated"], json!({ "maxRetries": 10 })).await;
    publish(server.state(), &owner.env_id, "document.generated", document_data("job_1"), None).await.unwrap();
    let waiting = wait_for_delivery(&server, &owner, &id, |d| d["attempts"].as_i64() >= Some(1)).await;
    assert_eq!(waiting["status"], "pending");
    assert!(waiting["lastError"].as_str().is_some_and(|e| !e.is_empty()), "{waiting}");
    assert!(waiting["nextAttemptAt"].is_string());

    let receiver = Receiver::start_on(addr).await;
    let got = receiver.wait_for(1).await.remove(0);
    verify_webhook_signature(&got.body, &got.header("x-rynko-signature"), &secret, 300).unwrap();
    let done = wait_for_delivery(&server, &owner, &id, |d| d["status"] == "delivered").await;
    let log = done["attemptLog"].as_array().unwrap();
    assert!(log.len() >= 2, "{done}");
    assert!(log[0]["statusCode"].is_null() && log[0]["error"].is_string());
    assert_eq!(log.last().unwrap()["statusCode"], 200);
    assert!(done["deliveredAt"].is_string());
    assert!(done["lastError"].is_null());
}

#[tokio::test]
async fn a_failing_receiver_is_retried_with_growing_waits_then_given_up() {
    let receiver = Receiver::start().await;
    receiver.answer_with(500);
    let server = TestServer::start_with(|c| {
        fast_retries(c);
        c.webhooks_backoff_base_ms = 200;
        c.webhooks_backoff_max_ms = 10_000;
    })
    .await;
    let owner = server.register("owner@example.com").await;
    let (id, _) =
        subscribe(&server, &owner, &receiver.url("/hook"), &["document.failed"], json!({ "maxRetries": 2 })).await;
    publish(server.state(), &owner.env_id, "document.failed", document_data("job_1"), None).await.unwrap();
    let failed = wait_for_delivery(&server, &owner, &id, |d| d["status"] == "failed").await;
    assert_eq!(failed["attempts"], 3);
    assert_eq!(failed["lastStatusCode"], 500);
    assert!(failed["nextAttemptAt"].is_null());
    let log = failed["attemptLog"].as_array().unwrap();
    assert_eq!(log.iter().map(|a| a["statusCode"].as_i64().unwrap()).collect::<Vec<_>>(), [500, 500, 500]);
    let started: Vec<i64> =
        log.iter().map(|a| Timestamp::parse(a["startedAt"].as_str().unwrap()).unwrap().as_millis()).collect();
    // 200 ms then 400 ms, each at least 80 % of nominal (the jitter's lower bound).
    assert!(started[1] - started[0] >= 160, "{started:?}");
    assert!(started[2] - started[1] >= 320, "{started:?}");
    let got = receiver.received();
    assert_eq!(got.len(), 3);
    assert!(
        got.iter().all(|r| r.body == got[0].body && r.header("x-rynko-event-id") == got[0].header("x-rynko-event-id"))
    );
}

#[tokio::test]
async fn a_receiver_slower_than_the_timeout_fails_the_attempt() {
    let receiver = Receiver::start().await;
    receiver.delay_answers(Duration::from_secs(3));
    let (server, owner) = server_with_user().await;
    let extra = json!({ "maxRetries": 0, "timeoutMs": 1000 });
    let (id, _) = subscribe(&server, &owner, &receiver.url("/slow"), &["document.generated"], extra).await;
    publish(server.state(), &owner.env_id, "document.generated", document_data("job_1"), None).await.unwrap();
    let failed = wait_for_delivery(&server, &owner, &id, |d| d["status"] == "failed").await;
    assert!(failed["lastError"].as_str().unwrap().contains("timed out"), "{failed}");
    assert!(failed["lastStatusCode"].is_null());
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let receiver = Receiver::start().await;
    receiver.answer_with(307);
    let (server, owner) = server_with_user().await;
    let (id, _) =
        subscribe(&server, &owner, &receiver.url("/moved"), &["batch.completed"], json!({ "maxRetries": 0 })).await;
    publish(server.state(), &owner.env_id, "batch.completed", json!({ "batchId": "batch_1" }), None).await.unwrap();
    let failed = wait_for_delivery(&server, &owner, &id, |d| d["status"] == "failed").await;
    assert_eq!(failed["lastStatusCode"], 307);
    assert!(failed["lastError"].as_str().unwrap().contains("redirect"));
}

#[tokio::test]
async fn after_rotation_deliveries_are_signed_with_the_new_secret() {
    let receiver = Receiver::start().await;
    let (server, owner) = server_with_user().await;
    let (id, old) = subscribe(&server, &owner, &receiver.url("/hook"), &["document.generated"], json!({})).await;
    let rotated =
        server.post(&format!("/api/v1/webhook-subscriptions/{id}/rotate-secret"), &owner.token, json!({})).await;
    let new = rotated.body["secret"].as_str().unwrap();
    publish(server.state(), &owner.env_id, "document.generated", document_data("job_1"), None).await.unwrap();
    let got = receiver.wait_for(1).await.remove(0);
    let signature = got.header("x-rynko-signature");
    assert!(verify_webhook_signature(&got.body, &signature, new, 300).is_ok());
    assert!(verify_webhook_signature(&got.body, &signature, &old, 300).is_err());
}
