//! A finished job's and a closed batch's event is recorded once: the outbox write marks the subject announced,
//! and what a stopped worker never announced is found by the sweep's queries, after a grace period.

use quire_core::Timestamp;
use quire_store::{BatchRecord, EventSubject, JobResult, JobStatus, Store, WebhookEvent};

use super::outbox::delivery;
use crate::support::{Tenant, job, on_every_store, tenant};

fn event(owner: &Tenant, event_type: &str, at: Timestamp) -> WebhookEvent {
    WebhookEvent {
        id: quire_core::ids::new_id("evt"),
        environment_id: owner.environment_id.clone(),
        event_type: event_type.into(),
        body: "{}".into(),
        created_at: at,
    }
}

/// Claims and completes `id` at `at`.
async fn complete(store: &Store, id: &str, at: Timestamp) {
    store.claim_job("w", at, at.plus_seconds(60), 0).await.unwrap().unwrap();
    let result = JobResult {
        file_key: format!("files/{id}"),
        file_size: 1,
        page_count: Some(1),
        content_type: "application/pdf".into(),
        render_ms: 5,
        completed_at: at,
        expires_at: at.plus_seconds(3600),
    };
    assert!(store.complete_job(id, "w", &result).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_finished_job_is_announced_once_even_by_two_nodes_at_the_same_time() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "announce@example.com").await;
        let t0 = Timestamp::now();
        let done = job(&owner, "key_1", t0);
        first.enqueue_job(&done, &[]).await.unwrap();
        complete(&first, &done.id, t0).await;
        let cancelled = job(&owner, "key_1", t0.plus_seconds(1));
        first.enqueue_job(&cancelled, &[]).await.unwrap();
        first.cancel_job(&owner.environment_id, &cancelled.id, t0).await.unwrap().unwrap();

        // Within the grace period the worker is still expected to announce it; after it, the sweep finds it.
        assert!(first.unannounced_jobs(t0, 10).await.unwrap().is_empty(), "{}", backend.name);
        let missed = first.unannounced_jobs(t0.plus_seconds(1), 10).await.unwrap();
        let ids: Vec<_> = missed.iter().map(|j| (j.id.as_str(), j.status)).collect();
        assert_eq!(ids, [(done.id.as_str(), JobStatus::Completed)], "{}: a cancelled job has no event", backend.name);

        // Two announcers race: one event is stored, the other write stores nothing.
        let subject = EventSubject::Job(done.id.clone());
        let (a, b) = (event(&owner, "document.generated", t0), event(&owner, "document.generated", t0));
        let (da, db) = ([delivery(&a, t0)], [delivery(&b, t0)]);
        let (ra, rb) = tokio::join!(
            first.enqueue_webhook_event(&a, &da, Some(&subject)),
            second.enqueue_webhook_event(&b, &db, Some(&subject))
        );
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        assert!(ra != rb, "{}: exactly one announcer wins ({ra}, {rb})", backend.name);
        let stored = [first.webhook_event(&a.id).await.unwrap(), first.webhook_event(&b.id).await.unwrap()];
        assert_eq!(stored.iter().flatten().count(), 1, "{}: one event", backend.name);
        let winner_deliveries = if ra { &da[0].id } else { &db[0].id };
        let loser_deliveries = if ra { &db[0].id } else { &da[0].id };
        assert!(first.webhook_delivery(winner_deliveries).await.unwrap().is_some());
        assert!(first.webhook_delivery(loser_deliveries).await.unwrap().is_none(), "{}", backend.name);
        assert!(first.unannounced_jobs(t0.plus_seconds(60), 10).await.unwrap().is_empty(), "{}", backend.name);
    })
    .await;
}

#[tokio::test]
async fn an_event_without_listeners_still_marks_its_subject_and_a_closed_batch_waits_for_its_own() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let owner = tenant(&store, "batch-announce@example.com").await;
        let t0 = Timestamp::now();
        let batch = BatchRecord {
            id: quire_core::ids::new_id("bat"),
            project_id: owner.project_id.clone(),
            environment_id: owner.environment_id.clone(),
            template_id: "tmpl_1".into(),
            template_name: "Invoice".into(),
            format: "pdf".into(),
            total_jobs: 2,
            metadata: None,
            created_at: t0,
            completed_at: None,
        };
        let jobs: Vec<_> = (0..2)
            .map(|n| {
                let mut j = job(&owner, "key_1", t0.plus_seconds(n));
                j.batch_id = Some(batch.id.clone());
                j
            })
            .collect();
        store.enqueue_batch(&batch, &jobs, &[]).await.unwrap();
        for j in &jobs {
            complete(&store, &j.id, t0).await;
            // No subscription listens: nothing is stored, but the job counts as announced.
            let subject = EventSubject::Job(j.id.clone());
            assert!(
                store
                    .enqueue_webhook_event(&event(&owner, "document.generated", t0), &[], Some(&subject))
                    .await
                    .unwrap()
            );
        }
        assert!(store.unannounced_jobs(t0.plus_seconds(60), 10).await.unwrap().is_empty(), "{}", backend.name);
        assert!(store.unannounced_batches(t0.plus_seconds(60), 10).await.unwrap().is_empty(), "open batch");

        assert!(store.close_batch_if_done(&batch.id, t0).await.unwrap());
        let missed = store.unannounced_batches(t0.plus_seconds(1), 10).await.unwrap();
        assert_eq!(missed.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(), [batch.id.as_str()], "{}", backend.name);
        let subject = EventSubject::Batch(batch.id.clone());
        let completed = event(&owner, "batch.completed", t0);
        assert!(store.enqueue_webhook_event(&completed, &[delivery(&completed, t0)], Some(&subject)).await.unwrap());
        assert!(!store.enqueue_webhook_event(&completed, &[], Some(&subject)).await.unwrap(), "{}", backend.name);
        assert!(store.unannounced_batches(t0.plus_seconds(60), 10).await.unwrap().is_empty(), "{}", backend.name);
    })
    .await;
}
