//! The webhook outbox: deliveries due now are leased to one worker at a time, across nodes.

use std::collections::HashMap;

use quire_core::Timestamp;
use quire_store::{AfterAttempt, DeliveryAttempt, DeliveryStatus, Store, WebhookDelivery, WebhookEvent};

use crate::support::{on_every_store, tenant};

/// A pending delivery of `event` to a closed port, due at `due`.
pub(crate) fn delivery(event: &WebhookEvent, due: Timestamp) -> WebhookDelivery {
    WebhookDelivery {
        id: quire_core::ids::new_id("del"),
        event_id: event.id.clone(),
        event_type: event.event_type.clone(),
        environment_id: event.environment_id.clone(),
        subscription_id: None,
        job_id: Some("job_1".into()),
        target_url: "http://127.0.0.1:9/hook".into(),
        direct_secret: None,
        status: DeliveryStatus::Pending,
        attempts: 0,
        max_attempts: 3,
        timeout_ms: 1000,
        next_attempt_at: Some(due),
        lease_owner: None,
        lease_until: None,
        last_status_code: None,
        last_error: None,
        delivered_at: None,
        created_at: due,
        updated_at: due,
        trace_parent: None,
    }
}

async fn drain(store: Store, owner: String) -> Vec<String> {
    let mut claimed = Vec::new();
    loop {
        let now = Timestamp::now();
        let batch = store.claim_due_webhook_deliveries(now, &owner, now.plus_seconds(60), 4).await.unwrap();
        if batch.is_empty() {
            return claimed;
        }
        claimed.extend(batch.into_iter().map(|d| d.id));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn due_deliveries_are_claimed_once_across_two_nodes() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "outbox@example.com").await;
        let now = Timestamp::now();
        let event = WebhookEvent {
            id: quire_core::ids::new_id("evt"),
            environment_id: owner.environment_id.clone(),
            event_type: "document.generated".into(),
            body: r#"{"z":1,"a":2}"#.into(),
            created_at: now,
        };
        let deliveries: Vec<_> = (0..30).map(|n| delivery(&event, now.plus_seconds(-n))).collect();
        assert!(first.enqueue_webhook_event(&event, &deliveries, None).await.unwrap());
        let mut workers = Vec::new();
        for w in 0..6 {
            let node = if w % 2 == 0 { first.clone() } else { second.clone() };
            workers.push(tokio::spawn(drain(node, format!("sender-{w}"))));
        }
        let mut times: HashMap<String, usize> = HashMap::new();
        for worker in workers {
            for id in worker.await.unwrap() {
                *times.entry(id).or_default() += 1;
            }
        }
        assert_eq!(times.len(), 30, "{}", backend.name);
        assert!(times.values().all(|n| *n == 1), "{}: no delivery leased twice", backend.name);
        assert_eq!(first.webhook_event(&event.id).await.unwrap().unwrap().body, r#"{"z":1,"a":2}"#);
    })
    .await;
}

#[tokio::test]
async fn a_claim_hands_out_the_earliest_due_first_and_only_the_lease_holder_finishes() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let owner = tenant(&store, "lease-hooks@example.com").await;
        let now = Timestamp::now();
        let event = WebhookEvent {
            id: quire_core::ids::new_id("evt"),
            environment_id: owner.environment_id.clone(),
            event_type: "document.generated".into(),
            body: "{}".into(),
            created_at: now,
        };
        let deliveries: Vec<_> = [3_i64, 1, 2].iter().map(|ago| delivery(&event, now.plus_seconds(-ago))).collect();
        assert!(store.enqueue_webhook_event(&event, &deliveries, None).await.unwrap());
        let claimed = store.claim_due_webhook_deliveries(now, "a", now.plus_seconds(30), 2).await.unwrap();
        let ids: Vec<_> = claimed.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, [deliveries[0].id.as_str(), deliveries[2].id.as_str()], "{}", backend.name);
        let attempt = DeliveryAttempt {
            delivery_id: deliveries[0].id.clone(),
            attempt: 1,
            started_at: now,
            duration_ms: 3,
            status_code: Some(200),
            error: None,
        };
        assert!(!store.finish_webhook_attempt("b", &attempt, AfterAttempt::Delivered).await.unwrap());
        assert!(store.finish_webhook_attempt("a", &attempt, AfterAttempt::Delivered).await.unwrap());
        let done = store.webhook_delivery(&deliveries[0].id).await.unwrap().unwrap();
        assert_eq!(
            (done.status, done.delivered_at),
            (DeliveryStatus::Delivered, Some(Timestamp::from_millis(now.as_millis() + 3)))
        );
        let next = store.next_webhook_delivery_due().await.unwrap();
        assert_eq!(next, Some(now.plus_seconds(-1)), "{}: the unclaimed one is due", backend.name);
    })
    .await;
}
