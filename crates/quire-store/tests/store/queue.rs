//! The job queue: a job goes to one worker at a time, whichever node it runs on, and comes back after its lease.

use std::collections::HashMap;

use quire_core::Timestamp;
use quire_store::{JobStatus, Store};

use crate::support::{job, on_every_store, tenant};

/// Claims until the queue is empty; answers the ids claimed.
async fn drain(store: Store, worker: String) -> Vec<String> {
    let mut claimed = Vec::new();
    loop {
        let now = Timestamp::now();
        match store.claim_job(&worker, now, now.plus_seconds(60), 0).await.unwrap() {
            Some(job) => claimed.push(job.id),
            None => return claimed,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claimers_on_two_nodes_never_share_a_job() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "claims@example.com").await;
        let start = Timestamp::now();
        for n in 0..40 {
            first.enqueue_job(&job(&owner, "key_1", start.plus_seconds(n)), &[]).await.unwrap();
        }
        let mut workers = Vec::new();
        for w in 0..8 {
            let node = if w % 2 == 0 { first.clone() } else { second.clone() };
            workers.push(tokio::spawn(drain(node, format!("worker-{w}"))));
        }
        let mut times_claimed: HashMap<String, usize> = HashMap::new();
        for worker in workers {
            for id in worker.await.unwrap() {
                *times_claimed.entry(id).or_default() += 1;
            }
        }
        assert_eq!(times_claimed.len(), 40, "{}: every job was claimed", backend.name);
        assert!(times_claimed.values().all(|n| *n == 1), "{}: no job was claimed twice", backend.name);
    })
    .await;
}

#[tokio::test]
async fn jobs_are_claimed_oldest_first() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let owner = tenant(&store, "order@example.com").await;
        let start = Timestamp::now();
        let newer = job(&owner, "key_1", start.plus_seconds(5));
        let older = job(&owner, "key_1", start);
        store.enqueue_job(&newer, &[]).await.unwrap();
        store.enqueue_job(&older, &[]).await.unwrap();
        let now = Timestamp::now();
        let claimed = store.claim_job("w", now, now.plus_seconds(60), 0).await.unwrap().unwrap();
        assert_eq!(claimed.id, older.id, "{}", backend.name);
    })
    .await;
}

#[tokio::test]
async fn an_expired_lease_is_claimed_again_and_the_first_worker_loses_the_job() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "lease@example.com").await;
        let queued = job(&owner, "key_1", Timestamp::now());
        first.enqueue_job(&queued, &[]).await.unwrap();
        let t0 = Timestamp::now();
        let lease_end = t0.plus_seconds(30);
        let claimed = first.claim_job("dead-worker", t0, lease_end, 0).await.unwrap().unwrap();
        assert_eq!((claimed.attempts, claimed.status), (1, JobStatus::Processing));
        assert!(second.claim_job("other", t0.plus_seconds(10), t0.plus_seconds(40), 0).await.unwrap().is_none());
        assert!(first.heartbeat_job(&queued.id, "dead-worker", t0.plus_seconds(31)).await.unwrap());

        let later = t0.plus_seconds(32);
        let retaken = second.claim_job("other", later, later.plus_seconds(30), 0).await.unwrap().unwrap();
        assert_eq!((retaken.id.as_str(), retaken.attempts), (queued.id.as_str(), 2), "{}", backend.name);
        assert_eq!(retaken.processing_at, claimed.processing_at, "the first processing time stays");
        assert!(!first.heartbeat_job(&queued.id, "dead-worker", later.plus_seconds(60)).await.unwrap());
        assert!(!first.fail_job(&queued.id, "dead-worker", "E", "m", true, later).await.unwrap());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_exhausted_job_is_failed_by_exactly_one_node() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "exhausted@example.com").await;
        let mut once = job(&owner, "key_1", Timestamp::now());
        once.max_attempts = 1;
        first.enqueue_job(&once, &[]).await.unwrap();
        let t0 = Timestamp::now();
        first.claim_job("dead", t0, t0.plus_seconds(1), 0).await.unwrap().unwrap();
        let later = t0.plus_seconds(5);
        let (a, b) = tokio::join!(first.fail_exhausted_jobs(later), second.fail_exhausted_jobs(later));
        let failed: Vec<_> = a.unwrap().into_iter().chain(b.unwrap()).collect();
        assert_eq!(failed.len(), 1, "{}: one node reports the job", backend.name);
        assert_eq!(failed[0].status, JobStatus::Failed);
        assert_eq!(failed[0].error_code.as_deref(), Some("ERR_DOC_004"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn expired_files_are_swept_by_one_node_at_a_time_on_postgres() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "sweep@example.com").await;
        let t0 = Timestamp::now();
        for n in 0..6 {
            let queued = job(&owner, "key_1", t0.plus_seconds(n));
            first.enqueue_job(&queued, &[]).await.unwrap();
            first.claim_job("w", t0, t0.plus_seconds(60), 0).await.unwrap().unwrap();
            let result = quire_store::JobResult {
                file_key: format!("files/{}", queued.id),
                file_size: 1,
                page_count: Some(1),
                content_type: "application/pdf".into(),
                render_ms: 5,
                completed_at: t0,
                expires_at: t0.plus_seconds(1),
            };
            assert!(first.complete_job(&queued.id, "w", &result).await.unwrap());
        }
        let later = t0.plus_seconds(10);
        let (a, b) = tokio::join!(first.expired_files(later, 4), second.expired_files(later, 4));
        let (a, b) = (a.unwrap(), b.unwrap());
        if backend.is_postgres() {
            // Claimed: the two sweepers get different files.
            assert_eq!(a.len() + b.len(), 6);
            assert!(a.iter().all(|x| b.iter().all(|y| x.id != y.id)));
        } else {
            // One process sweeps a SQLite file: both calls see the oldest four.
            assert_eq!((a.len(), b.len()), (4, 4));
        }
        for expired in a.iter().chain(&b) {
            first.mark_file_deleted(&expired.id, later).await.unwrap();
        }
        let rest = first.expired_files(later, 10).await.unwrap();
        if backend.is_postgres() {
            assert!(rest.is_empty());
        } else {
            assert_eq!(rest.len(), 2);
        }
    })
    .await;
}
