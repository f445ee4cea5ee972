//! Monthly quotas and idempotency keys hold under concurrent requests arriving at two nodes.

use quire_core::Timestamp;
use quire_store::{DocumentQuota, QuotaScope, StoreError};

use crate::support::{job, on_every_store, tenant};

const ATTEMPTS: usize = 20;
const LIMIT: i64 = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_environment_quota_of_n_admits_exactly_n_concurrent_jobs_from_two_nodes() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "quota-env@example.com").await;
        let since = Timestamp::now().plus_seconds(-60);
        let quota = DocumentQuota { scope: QuotaScope::Environment(owner.environment_id.clone()), since, limit: LIMIT };
        let mut requests = Vec::new();
        for n in 0..ATTEMPTS {
            let node = if n % 2 == 0 { first.clone() } else { second.clone() };
            let (record, quotas) = (job(&owner, "key_1", Timestamp::now()), vec![quota.clone()]);
            requests.push(tokio::spawn(async move { node.enqueue_job(&record, &quotas).await }));
        }
        let (mut admitted, mut refused) = (0, 0);
        for request in requests {
            match request.await.unwrap() {
                Ok(_) => admitted += 1,
                Err(StoreError::QuotaExceeded { limit, environment, .. }) => {
                    assert_eq!((limit, environment), (LIMIT, true));
                    refused += 1;
                }
                Err(other) => panic!("{}: unexpected {other}", backend.name),
            }
        }
        assert_eq!((admitted, refused), (LIMIT as usize, ATTEMPTS - LIMIT as usize), "{}", backend.name);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_key_quota_counts_sync_renders_and_jobs_together_across_nodes() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "quota-key@example.com").await;
        let since = Timestamp::now().plus_seconds(-60);
        let creators = vec!["key_new".to_string(), "key_old".to_string()];
        let quota = DocumentQuota { scope: QuotaScope::Creators(creators), since, limit: LIMIT };
        let mut requests = Vec::new();
        for n in 0..ATTEMPTS {
            let node = if n % 2 == 0 { first.clone() } else { second.clone() };
            let (owner, quotas) = (owner.clone(), vec![quota.clone()]);
            // Half the documents by the key, half by the key it was rotated from; half rendered at once.
            let creator = if n % 4 < 2 { "key_new" } else { "key_old" };
            requests.push(tokio::spawn(async move {
                if n % 3 == 0 {
                    node.record_sync_render(creator, &owner.environment_id, Timestamp::now(), &quotas).await
                } else {
                    node.enqueue_job(&job(&owner, creator, Timestamp::now()), &quotas).await.map(|_| ())
                }
            }));
        }
        let mut admitted = 0;
        for request in requests {
            match request.await.unwrap() {
                Ok(()) => admitted += 1,
                Err(StoreError::QuotaExceeded { environment: false, .. }) => {}
                Err(other) => panic!("{}: unexpected {other}", backend.name),
            }
        }
        assert_eq!(admitted, LIMIT, "{}", backend.name);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_idempotency_key_makes_one_job_under_concurrent_requests() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "idem@example.com").await;
        let mut requests = Vec::new();
        for n in 0..ATTEMPTS {
            let node = if n % 2 == 0 { first.clone() } else { second.clone() };
            let mut record = job(&owner, "key_1", Timestamp::now());
            record.idempotency_key = Some("order-42".into());
            requests.push(tokio::spawn(async move { node.enqueue_job(&record, &[]).await }));
        }
        let mut ids = Vec::new();
        for request in requests {
            ids.push(request.await.unwrap().unwrap_or_else(|e| panic!("{}: {e}", backend.name)).id);
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "{}: every request answers the same job", backend.name);
        let (_, total) = first.jobs(&owner.environment_id, &Default::default(), 0, 100).await.unwrap();
        assert_eq!(total, 1, "{}", backend.name);
    })
    .await;
}

#[tokio::test]
async fn a_replayed_idempotency_key_answers_its_job_even_over_quota() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let owner = tenant(&store, "replay@example.com").await;
        let since = Timestamp::now().plus_seconds(-60);
        let quota = DocumentQuota { scope: QuotaScope::Environment(owner.environment_id.clone()), since, limit: 1 };
        let mut record = job(&owner, "key_1", Timestamp::now());
        record.idempotency_key = Some("k".into());
        let made = store.enqueue_job(&record, std::slice::from_ref(&quota)).await.unwrap();
        let mut retry = job(&owner, "key_1", Timestamp::now());
        retry.idempotency_key = Some("k".into());
        let replayed = store.enqueue_job(&retry, std::slice::from_ref(&quota)).await.unwrap();
        assert_eq!(replayed.id, made.id, "{}", backend.name);
        let other = job(&owner, "key_1", Timestamp::now());
        assert!(matches!(store.enqueue_job(&other, &[quota]).await, Err(StoreError::QuotaExceeded { .. })));
    })
    .await;
}
