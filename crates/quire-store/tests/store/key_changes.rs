//! The API-key change feed: every change made through any node (or straight in the database) shows up for every
//! node, in order; on PostgreSQL another node's subscriber also hears of it at once.

use std::time::Duration;

use quire_core::Timestamp;
use quire_store::{ApiKeyPatch, ApiKeyStatus, StoreSignal, UsageDelta};
use tokio::sync::broadcast;

use crate::support::{api_key, job, on_every_store, tenant};

/// The next signal that `wanted` accepts, within five seconds.
async fn next_signal(
    receiver: &mut broadcast::Receiver<StoreSignal>,
    wanted: impl Fn(&StoreSignal) -> bool,
) -> StoreSignal {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let signal = tokio::time::timeout_at(deadline, receiver.recv())
            .await
            .expect("a signal within 5 s")
            .expect("the channel stays open");
        if wanted(&signal) {
            return signal;
        }
    }
}

#[tokio::test]
async fn a_change_on_one_node_is_in_the_feed_and_signalled_to_another_node() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "feed@example.com").await;
        let key = api_key(&owner);
        first.create_api_key(&key).await.unwrap();
        let mut signals = second.subscribe().await.unwrap();
        assert_eq!(signals.is_some(), backend.is_postgres(), "{}: only PostgreSQL signals", backend.name);
        let head = second.api_key_change_head().await.unwrap();

        let patch = ApiKeyPatch { status: Some(ApiKeyStatus::Revoked), ..ApiKeyPatch::default() };
        first.update_api_key(&key.id, &patch, Timestamp::now()).await.unwrap();
        let (after_revoke, digests) = second.api_key_changes_since(head).await.unwrap();
        assert_eq!(digests, std::slice::from_ref(&key.digest), "{}", backend.name);
        assert!(after_revoke > head);
        if let Some(receiver) = signals.as_mut() {
            let heard = next_signal(receiver, |s| matches!(s, StoreSignal::ApiKeyChanged { .. })).await;
            assert_eq!(heard, StoreSignal::ApiKeyChanged { digest: key.digest.clone() });
        }

        first.delete_api_key(&key.id).await.unwrap();
        let (_, digests) = second.api_key_changes_since(after_revoke).await.unwrap();
        assert_eq!(digests, std::slice::from_ref(&key.digest), "{}: a deletion is a change", backend.name);
    })
    .await;
}

#[tokio::test]
async fn usage_counting_is_not_a_change() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let owner = tenant(&store, "usage@example.com").await;
        let key = api_key(&owner);
        store.create_api_key(&key).await.unwrap();
        let head = store.api_key_change_head().await.unwrap();
        let now = Timestamp::now();
        let delta = UsageDelta {
            key_id: key.id.clone(),
            day: now.day(),
            requests: 3,
            status_2xx: 2,
            status_4xx: 1,
            status_5xx: 0,
            last_used_at: now,
        };
        store.add_api_key_usage(&[delta.clone(), delta]).await.unwrap();
        assert_eq!(store.api_key_change_head().await.unwrap(), head, "{}", backend.name);
        let record = store.api_key(&key.id).await.unwrap().unwrap();
        assert_eq!((record.total_requests, record.last_used_at), (6, Some(now)), "{}", backend.name);
        let usage = store.api_key_usage(&key.id, &now.day(), &now.day()).await.unwrap();
        assert_eq!((usage[0].requests, usage[0].status_2xx, usage[0].status_4xx), (6, 4, 2), "{}", backend.name);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_changes_on_two_nodes_are_all_seen_by_a_follower() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "follow@example.com").await;
        let mut keys = Vec::new();
        for _ in 0..10 {
            let key = api_key(&owner);
            first.create_api_key(&key).await.unwrap();
            keys.push(key);
        }
        let mut seen = first.api_key_change_head().await.unwrap();
        let mut writers = Vec::new();
        for (n, key) in keys.iter().enumerate() {
            let node = if n % 2 == 0 { first.clone() } else { second.clone() };
            let id = key.id.clone();
            writers.push(tokio::spawn(async move {
                let patch = ApiKeyPatch { name: Some(format!("renamed {n}")), ..ApiKeyPatch::default() };
                node.update_api_key(&id, &patch, Timestamp::now()).await
            }));
        }
        // Follow while they write, as a node does: nothing may be skipped.
        let mut digests = Vec::new();
        while digests.len() < keys.len() {
            let (head, more) = second.api_key_changes_since(seen).await.unwrap();
            seen = head;
            digests.extend(more);
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        for writer in writers {
            writer.await.unwrap().unwrap();
        }
        digests.sort();
        let mut expected: Vec<_> = keys.iter().map(|k| k.digest.clone()).collect();
        expected.sort();
        assert_eq!(digests, expected, "{}", backend.name);
    })
    .await;
}

#[tokio::test]
async fn a_queued_job_is_signalled_to_another_node() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let Some(mut signals) = second.subscribe().await.unwrap() else {
            assert!(!backend.is_postgres());
            return;
        };
        let owner = tenant(&first, "signal@example.com").await;
        first.enqueue_job(&job(&owner, "key_1", Timestamp::now()), &[]).await.unwrap();
        assert_eq!(next_signal(&mut signals, |s| *s == StoreSignal::JobQueued).await, StoreSignal::JobQueued);
    })
    .await;
}
