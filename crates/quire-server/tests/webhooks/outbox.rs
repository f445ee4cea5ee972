//! The durable outbox: per-request targets and their state for the job, deliveries that survive a restart,
//! and leases that keep two workers off the same attempt.

use quire_core::Timestamp;
use quire_server::webhooks::{DirectTarget, direct_delivery_state, publish};
use quire_store::{AfterAttempt, DeliveryAttempt, DeliveryStatus};
use serde_json::json;

use crate::common::TestServer;
use crate::receiver::{Receiver, closed_port};
use crate::support::{deliveries, document_data, fast_retries, server_with_user, subscribe, verify_webhook_signature};

#[tokio::test]
async fn a_per_request_target_is_signed_with_its_own_secret() {
    let receiver = Receiver::start().await;
    let (server, owner) = server_with_user().await;
    let direct = DirectTarget { url: receiver.url("/job-hook"), secret: Some("my-own-secret".into()) };
    publish(server.state(), &owner.env_id, "document.generated", document_data("job_7"), Some(direct)).await.unwrap();
    let got = receiver.wait_for(1).await.remove(0);
    let event = verify_webhook_signature(&got.body, &got.header("x-rynko-signature"), "my-own-secret", 300).unwrap();
    assert_eq!(event["data"]["jobId"], "job_7");
    // The sender records the attempt after the receiver answered, so the record may trail the request a little
    // (a network round trip to PostgreSQL makes that visible).
    for _ in 0..250 {
        let state = direct_delivery_state(&server.state().store, "job_7").await.unwrap().unwrap();
        if state.sent {
            assert!(state.error.is_none(), "{state:?}");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the delivered attempt was never recorded");
}

#[tokio::test]
async fn a_per_request_target_without_secret_uses_the_environment_signing_secret() {
    let receiver = Receiver::start().await;
    let (server, owner) = server_with_user().await;
    let direct = DirectTarget { url: receiver.url("/job-hook"), secret: None };
    publish(server.state(), &owner.env_id, "document.failed", document_data("job_8"), Some(direct)).await.unwrap();
    let got = receiver.wait_for(1).await.remove(0);
    let path = format!("/api/v1/webhook-subscriptions/signing-secret?environmentId={}", owner.env_id);
    let secret = server.get(&path, &owner.token).await.body["secret"].as_str().unwrap().to_string();
    verify_webhook_signature(&got.body, &got.header("x-rynko-signature"), &secret, 300).unwrap();
}

#[tokio::test]
async fn a_failing_per_request_target_reports_its_error_for_the_job() {
    let addr = closed_port().await;
    let (server, owner) = server_with_user().await;
    assert!(direct_delivery_state(&server.state().store, "job_9").await.unwrap().is_none());
    let direct = DirectTarget { url: format!("http://{addr}/down"), secret: None };
    publish(server.state(), &owner.env_id, "document.generated", document_data("job_9"), Some(direct)).await.unwrap();
    for _ in 0..1000 {
        let state = direct_delivery_state(&server.state().store, "job_9").await.unwrap().unwrap();
        if state.error.is_some() {
            assert!(!state.sent);
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the failed attempt was never recorded");
}

#[tokio::test]
async fn a_queued_delivery_survives_a_restart() {
    let receiver = Receiver::start().await;
    // No delivery worker in the first process: the event can only reach the receiver from the outbox.
    let server = TestServer::start_with(|c| {
        fast_retries(c);
        c.webhooks_concurrency = 0;
    })
    .await;
    let owner = server.register("owner@example.com").await;
    let (id, secret) = subscribe(&server, &owner, &receiver.url("/hook"), &["document.generated"], json!({})).await;
    let event_id =
        publish(server.state(), &owner.env_id, "document.generated", document_data("job_1"), None).await.unwrap();
    let queued = deliveries(&server, &owner, &id).await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0]["status"], "pending");
    assert_eq!(queued[0]["attempts"], 0);
    assert!(receiver.received().is_empty());

    let mut config = server.config.clone();
    config.webhooks_concurrency = 4;
    let server = server.restart_with(config).await;
    let got = receiver.wait_for(1).await.remove(0);
    let event = verify_webhook_signature(&got.body, &got.header("x-rynko-signature"), &secret, 300).unwrap();
    assert_eq!(event["id"], event_id.as_str());
    server.stop().await;
}

#[tokio::test]
async fn a_leased_delivery_goes_to_one_worker_until_its_lease_runs_out() {
    let server = TestServer::start_with(|c| {
        fast_retries(c);
        c.webhooks_concurrency = 0;
    })
    .await;
    let owner = server.register("owner@example.com").await;
    subscribe(&server, &owner, "http://127.0.0.1:9/hook", &["document.generated"], json!({})).await;
    publish(server.state(), &owner.env_id, "document.generated", document_data("job_1"), None).await.unwrap();
    let store = &server.state().store;
    let now = Timestamp::now();
    let lease_until = now.plus_seconds(60);
    let first = store.claim_due_webhook_deliveries(now, "worker-a", lease_until, 10).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(store.claim_due_webhook_deliveries(now, "worker-b", lease_until, 10).await.unwrap().is_empty());

    let attempt = DeliveryAttempt {
        delivery_id: first[0].id.clone(),
        attempt: 1,
        started_at: now,
        duration_ms: 3,
        status_code: Some(503),
        error: Some("target answered HTTP 503".into()),
    };
    let retry_at = AfterAttempt::RetryAt(now);
    assert!(!store.finish_webhook_attempt("worker-b", &attempt, retry_at).await.unwrap(), "not b's lease");
    // Worker a dies without recording; after the lease, b may take the delivery.
    let later = lease_until.plus_seconds(1);
    let taken = store.claim_due_webhook_deliveries(later, "worker-b", later.plus_seconds(60), 10).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert!(!store.finish_webhook_attempt("worker-a", &attempt, retry_at).await.unwrap(), "a's lease is gone");
    assert!(store.finish_webhook_attempt("worker-b", &attempt, AfterAttempt::GiveUp).await.unwrap());
    let stored = store.webhook_delivery(&first[0].id).await.unwrap().unwrap();
    assert_eq!(stored.status, DeliveryStatus::Failed);
    assert_eq!(stored.attempts, 1);
    assert_eq!(stored.last_status_code, Some(503));
}

#[tokio::test]
async fn an_event_nobody_listens_to_stores_no_delivery() {
    let (server, owner) = server_with_user().await;
    let (id, _) = subscribe(&server, &owner, "http://127.0.0.1:9/hook", &["batch.completed"], json!({})).await;
    let event_id =
        publish(server.state(), &owner.env_id, "document.downloaded", document_data("job_1"), None).await.unwrap();
    assert!(event_id.starts_with("evt_"));
    assert!(server.state().store.webhook_event(&event_id).await.unwrap().is_none());
    assert!(deliveries(&server, &owner, &id).await.is_empty());
}

#[tokio::test]
async fn pruning_drops_finished_events_and_keeps_pending_ones() {
    let receiver = Receiver::start().await;
    let addr = closed_port().await;
    // Slow retries: the delivery to the closed port stays pending through the test.
    let server = TestServer::start_with(|c| {
        fast_retries(c);
        c.webhooks_backoff_base_ms = 60_000;
        c.webhooks_backoff_max_ms = 60_000;
    })
    .await;
    let owner = server.register("owner@example.com").await;
    let (done_id, _) = subscribe(&server, &owner, &receiver.url("/hook"), &["document.generated"], json!({})).await;
    let (pending_id, _) =
        subscribe(&server, &owner, &format!("http://{addr}/down"), &["document.failed"], json!({})).await;
    let state = server.state();
    let delivered = publish(state, &owner.env_id, "document.generated", document_data("job_1"), None).await.unwrap();
    let pending = publish(state, &owner.env_id, "document.failed", document_data("job_2"), None).await.unwrap();
    crate::support::wait_for_delivery(&server, &owner, &done_id, |d| d["status"] == "delivered").await;
    let pruned = state.store.prune_webhook_events(Timestamp::now().plus_seconds(1)).await.unwrap();
    assert_eq!(pruned, 1);
    assert!(state.store.webhook_event(&delivered).await.unwrap().is_none());
    assert!(deliveries(&server, &owner, &done_id).await.is_empty());
    assert!(state.store.webhook_event(&pending).await.unwrap().is_some());
    assert_eq!(deliveries(&server, &owner, &pending_id).await.len(), 1);
}

#[tokio::test]
async fn a_later_download_event_does_not_change_the_jobs_webhook_state() {
    let receiver = Receiver::start().await;
    let (server, owner) = server_with_user().await;
    let target = || Some(DirectTarget { url: receiver.url("/job-hook"), secret: None });
    let state = server.state();
    publish(state, &owner.env_id, "document.generated", document_data("job_5"), target()).await.unwrap();
    receiver.wait_for(1).await;
    receiver.answer_with(500);
    publish(state, &owner.env_id, "document.downloaded", document_data("job_5"), target()).await.unwrap();
    // A third request is the download event's retry: its failed first attempt is recorded by then.
    let got = receiver.wait_for(3).await;
    assert_eq!(got[2].json()["type"], "document.downloaded");
    let job_state = direct_delivery_state(&state.store, "job_5").await.unwrap().unwrap();
    assert!(job_state.sent && job_state.error.is_none(), "{job_state:?}");
}
