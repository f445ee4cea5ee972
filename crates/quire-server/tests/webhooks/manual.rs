//! The test endpoint (`POST …/:id/test`) and the manual retry of a delivery (`POST …/deliveries/:id/retry`).

use reqwest::StatusCode;
use serde_json::json;

use crate::common::assert_error;
use crate::receiver::{Receiver, closed_port};
use crate::support::{deliveries, server_with_user, subscribe, verify_webhook_signature, wait_for_delivery};

#[tokio::test]
async fn the_test_endpoint_sends_a_signed_test_event_now_and_logs_it() {
    let receiver = Receiver::start().await;
    let (server, owner) = server_with_user().await;
    let (id, secret) = subscribe(&server, &owner, &receiver.url("/hook"), &["document.generated"], json!({})).await;
    let answer = server.post(&format!("/api/v1/webhook-subscriptions/{id}/test"), &owner.token, json!({})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["success"], true);
    assert_eq!(answer.body["status"], "delivered");
    assert_eq!(answer.body["statusCode"], 200);
    // Sent before the answer: no waiting needed.
    let got = receiver.received();
    assert_eq!(got.len(), 1);
    let event = verify_webhook_signature(&got[0].body, &got[0].header("x-rynko-signature"), &secret, 300).unwrap();
    assert_eq!(event["type"], "webhook.test");
    assert_eq!(event["id"], answer.body["eventId"]);
    let log = deliveries(&server, &owner, &id).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["id"], answer.body["deliveryId"]);
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["attempts"], 1);
}

#[tokio::test]
async fn a_failed_test_can_be_retried_once_the_receiver_is_up() {
    let addr = closed_port().await;
    let (server, owner) = server_with_user().await;
    let (id, _) = subscribe(&server, &owner, &format!("http://{addr}/hook"), &["document.generated"], json!({})).await;
    let answer = server.post(&format!("/api/v1/webhook-subscriptions/{id}/test"), &owner.token, json!({})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["success"], false);
    assert_eq!(answer.body["status"], "failed");
    assert!(answer.body["error"].as_str().is_some_and(|e| !e.is_empty()));
    let delivery_id = answer.body["deliveryId"].as_str().unwrap();

    let receiver = Receiver::start_on(addr).await;
    let retry = format!("/api/v1/webhook-subscriptions/{id}/deliveries/{delivery_id}/retry");
    let requeued = server.post(&retry, &owner.token, json!({})).await;
    assert_eq!(requeued.status, StatusCode::ACCEPTED, "{}", requeued.body);
    assert_eq!(requeued.body["id"], delivery_id);
    receiver.wait_for(1).await;
    let done = wait_for_delivery(&server, &owner, &id, |d| d["status"] == "delivered").await;
    assert_eq!(done["attempts"], 2);
    assert_eq!(done["attemptLog"][1]["statusCode"], 200);
}

#[tokio::test]
async fn a_delivery_is_only_retried_through_its_own_subscription() {
    let receiver = Receiver::start().await;
    let (server, owner) = server_with_user().await;
    let (first, _) = subscribe(&server, &owner, &receiver.url("/a"), &["document.generated"], json!({})).await;
    let (second, _) = subscribe(&server, &owner, &receiver.url("/b"), &["document.generated"], json!({})).await;
    let test = server.post(&format!("/api/v1/webhook-subscriptions/{first}/test"), &owner.token, json!({})).await;
    let delivery_id = test.body["deliveryId"].as_str().unwrap();
    let wrong = format!("/api/v1/webhook-subscriptions/{second}/deliveries/{delivery_id}/retry");
    assert_error(&server.post(&wrong, &owner.token, json!({})).await, 404, "ERR_NOT_FOUND");
    let unknown = format!("/api/v1/webhook-subscriptions/{first}/deliveries/del_nothing/retry");
    assert_error(&server.post(&unknown, &owner.token, json!({})).await, 404, "ERR_NOT_FOUND");
}

#[tokio::test]
async fn the_delivery_log_pages_newest_first() {
    let receiver = Receiver::start().await;
    let (server, owner) = server_with_user().await;
    let (id, _) = subscribe(&server, &owner, &receiver.url("/hook"), &["document.generated"], json!({})).await;
    let mut sent = Vec::new();
    for _ in 0..3 {
        let answer = server.post(&format!("/api/v1/webhook-subscriptions/{id}/test"), &owner.token, json!({})).await;
        sent.push(answer.body["deliveryId"].as_str().unwrap().to_string());
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let page = server.get(&format!("/api/v1/webhook-subscriptions/{id}/deliveries?limit=2&page=1"), &owner.token).await;
    assert_eq!(page.body["total"], 3);
    assert_eq!(page.body["totalPages"], 2);
    let ids: Vec<&str> = page.body["data"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [sent[2].as_str(), sent[1].as_str()]);
    let rest =
        server.get(&format!("/api/v1/webhook-subscriptions/{id}/deliveries?limit=2&offset=2"), &owner.token).await;
    assert_eq!(rest.body["data"][0]["id"], sent[0].as_str());
}
