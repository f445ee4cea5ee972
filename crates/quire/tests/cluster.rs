//! Many nodes as separate OS processes of the built binary — two `quire serve` API nodes and two `quire worker`
//! nodes on one PostgreSQL, Redis and S3-compatible store — under worker faults: every job completes exactly
//! once, keys, rate limits and quotas hold across nodes. Runs when `QUIRE_TEST_DATABASE_URL`,
//! `QUIRE_TEST_REDIS_URL` and `QUIRE_TEST_S3_ENDPOINT` are all set (`.ci/run` sets them); says SKIPPED otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "cluster/client.rs"]
mod client;
#[path = "cluster/nodes.rs"]
mod nodes;
#[path = "../../quire-server/tests/webhooks/receiver.rs"]
#[allow(dead_code)]
mod receiver;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use client::{Client, Owner};
use futures::StreamExt;
use nodes::{Role, Shared};
use serde_json::json;
use sqlx::Connection;

/// The shared services, or `None` (and a note saying which is missing).
async fn services(root: &std::path::Path) -> Option<Shared> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (Some(admin), Some(redis_url), Some(s3_endpoint)) =
        (var("QUIRE_TEST_DATABASE_URL"), var("QUIRE_TEST_REDIS_URL"), var("QUIRE_TEST_S3_ENDPOINT"))
    else {
        eprintln!(
            "SKIPPED cluster tests: they need QUIRE_TEST_DATABASE_URL, QUIRE_TEST_REDIS_URL and QUIRE_TEST_S3_ENDPOINT"
        );
        return None;
    };
    let database_url = quire_store::postgres::scratch_database(&admin).await.unwrap();
    let suffix = database_url.rsplit('/').next().unwrap().replace('_', "-").to_lowercase();
    let bucket = format!("quire-cluster-{suffix}");
    let created = reqwest::Client::new().put(format!("{s3_endpoint}/{bucket}")).send().await.unwrap();
    assert!(created.status().is_success(), "create bucket: {}", created.status());
    Some(Shared { database_url, redis_url, s3_endpoint, bucket, folder: nodes::folder(root) })
}

/// How many jobs the database holds in each status.
async fn job_statuses(database_url: &str) -> BTreeMap<String, i64> {
    let mut conn = sqlx::PgConnection::connect(database_url).await.unwrap();
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM jobs GROUP BY status").fetch_all(&mut conn).await.unwrap();
    rows.into_iter().collect()
}

/// Objects in the bucket (`ListObjectsV2`, every page).
async fn bucket_objects(shared: &Shared) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut token: Option<String> = None;
    loop {
        let mut url = format!("{}/{}?list-type=2&max-keys=1000", shared.s3_endpoint, shared.bucket);
        if let Some(t) = &token {
            url.push_str(&format!("&continuation-token={}", urlencoding(t)));
        }
        let listing = reqwest::get(url).await.unwrap().text().await.unwrap();
        keys.extend(listing.split("<Key>").skip(1).filter_map(|r| r.split_once("</Key>").map(|(k, _)| k.to_string())));
        token = listing.split("<NextContinuationToken>").nth(1).and_then(|r| r.split_once('<')).map(|(t, _)| t.into());
        if token.is_none() {
            return keys;
        }
    }
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Sends one unit of work (a single document, or a batch of `size`) to `node`; answers the job ids (and batch id).
async fn submit(
    client: &Client,
    node: &str,
    owner: &Owner,
    template: &str,
    n: usize,
    size: usize,
) -> (Vec<String>, Option<String>) {
    if size == 1 {
        let body =
            json!({ "templateId": template, "format": "pdf", "variables": { "customer": format!("Customer {n}") } });
        let (status, queued) = client.post(&format!("{node}/api/v1/documents/generate"), &owner.key, body).await;
        assert_eq!(status, 202, "{queued}");
        return (vec![queued["jobId"].as_str().unwrap().to_string()], None);
    }
    let documents: Vec<_> =
        (0..size).map(|i| json!({ "variables": { "customer": format!("Batch {n}.{i}") } })).collect();
    let body = json!({ "templateId": template, "format": "pdf", "documents": documents });
    let (status, queued) = client.post(&format!("{node}/api/v1/documents/generate/batch"), &owner.key, body).await;
    assert_eq!(status, 202, "{queued}");
    let batch = queued["batchId"].as_str().unwrap().to_string();
    let (_, listed) = client.get(&format!("{node}/api/v1/documents/batches/{batch}"), &owner.key).await;
    let jobs = listed["jobs"].as_array().unwrap().iter().map(|j| j["id"].as_str().unwrap().to_string()).collect();
    (jobs, Some(batch))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_jobs_complete_exactly_once_while_one_worker_is_killed_and_one_stopped() {
    let root = tempfile::tempdir().unwrap();
    let Some(shared) = services(root.path()).await else { return };
    let hooks = receiver::Receiver::start().await;
    let api = [shared.start("api-a", Role::Api).await, shared.start("api-b", Role::Api).await];
    let bases = [api[0].base.clone(), api[1].base.clone()];
    let worker_1 = shared.start("worker-1", Role::Worker).await;
    let worker_2 = shared.start("worker-2", Role::Worker).await;
    let client = Client::new();
    let owner = client.owner(&bases[0], "cluster@example.com").await;
    let template = client.template(&bases[1], &owner).await;
    let hook = json!({ "environmentId": owner.env_id, "url": hooks.url("/quire"), "events": ["document.generated", "batch.completed"] });
    let (status, subscription) =
        client.post(&format!("{}/api/v1/webhook-subscriptions", bases[1]), &owner.token, hook).await;
    assert_eq!(status, 201, "{subscription}");

    // 800 single documents and 10 batches of 20, in three waves sent round-robin to both API nodes; between the
    // waves worker 1 is killed (and started again) and worker 2 is stopped gracefully, both in the middle of work.
    let units: Vec<(usize, usize)> = (0..810).map(|n| (n, if n % 81 == 80 { 20 } else { 1 })).collect();
    let mut jobs = Vec::new();
    let mut batches = Vec::new();
    let mut worker_1 = Some(worker_1);
    let mut worker_2 = Some(worker_2);
    for (wave, chunk) in units.chunks(270).enumerate() {
        let sent: Vec<_> = futures::stream::iter(chunk.iter().copied())
            .map(|(n, size)| {
                let (client, owner, template, node) =
                    (client.clone(), owner.clone(), template.clone(), bases[n % 2].clone());
                async move { submit(&client, &node, &owner, &template, n, size).await }
            })
            .buffer_unordered(16)
            .collect()
            .await;
        for (ids, batch) in sent {
            jobs.extend(ids);
            batches.extend(batch);
        }
        match wave {
            0 => {
                worker_1.take().unwrap().kill().await;
                worker_1 = Some(shared.start("worker-1", Role::Worker).await);
            }
            1 => worker_2.take().unwrap().stop().await,
            _ => {}
        }
    }
    assert_eq!(jobs.len(), 1000);
    assert_eq!(jobs.iter().collect::<BTreeSet<_>>().len(), 1000, "every job id is new");

    let deadline = Instant::now() + Duration::from_secs(900);
    let statuses = loop {
        let statuses = job_statuses(&shared.database_url).await;
        if statuses.get("completed") == Some(&1000) || Instant::now() > deadline {
            break statuses;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert_eq!(statuses, BTreeMap::from([("completed".to_string(), 1000)]), "every job completed, none failed");
    let files = bucket_objects(&shared).await;
    assert_eq!(files.len(), 1000, "one file per job, no stray or duplicate file");
    for job in &jobs {
        assert!(files.iter().any(|k| k.contains(job.as_str())), "{job} has its file");
    }
    for batch in &batches {
        let (status, listed) = client.get(&format!("{}/api/v1/documents/batches/{batch}", bases[0]), &owner.key).await;
        assert_eq!(status, 200);
        assert_eq!(
            (listed["status"].as_str(), listed["completedJobs"].as_u64(), listed["failedJobs"].as_u64()),
            (Some("completed"), Some(20), Some(0)),
            "{listed}"
        );
    }

    // Webhooks: every job's event and every batch's event arrives, each with the one id it was given (a
    // redelivery after a fault repeats the same id, never makes a second event).
    let deadline = Instant::now() + Duration::from_secs(300);
    let (by_job, by_batch) = loop {
        let mut by_job: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut by_batch: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for event in hooks.received().iter().map(receiver::Received::json) {
            let id = event["id"].as_str().unwrap().to_string();
            match event["type"].as_str() {
                Some("document.generated") => {
                    by_job.entry(event["data"]["jobId"].as_str().unwrap().into()).or_default().insert(id)
                }
                Some("batch.completed") => {
                    by_batch.entry(event["data"]["batchId"].as_str().unwrap().into()).or_default().insert(id)
                }
                other => panic!("unexpected event {other:?}"),
            };
        }
        if (by_job.len() == 1000 && by_batch.len() == 10) || Instant::now() > deadline {
            break (by_job, by_batch);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let missing: Vec<_> = jobs.iter().filter(|job| !by_job.contains_key(*job)).collect();
    let strays: Vec<_> = by_job.keys().filter(|job| !jobs.contains(job)).collect();
    assert!(missing.is_empty() && strays.is_empty(), "an event per job: missing {missing:?}, strays {strays:?}");
    assert!(by_job.values().all(|ids| ids.len() == 1), "one event id per job");
    assert_eq!(by_batch.len(), 10);
    assert!(by_batch.values().all(|ids| ids.len() == 1), "one event id per batch");

    // Downloads work from either API node, whichever node queued the job and whichever worker made it.
    for (i, job) in jobs.iter().step_by(97).enumerate() {
        let node = &bases[i % 2];
        let (status, record) = client.get(&format!("{node}/api/v1/documents/jobs/{job}"), &owner.key).await;
        assert_eq!(status, 200);
        let url = record["downloadUrl"].as_str().unwrap();
        let pdf = client.http.get(url).send().await.unwrap();
        assert_eq!(pdf.status(), 200, "{url}");
        assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    }
    for node in api {
        node.stop().await;
    }
    worker_1.take().unwrap().stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn api_nodes_share_revocations_rate_limits_and_quotas() {
    let root = tempfile::tempdir().unwrap();
    let Some(shared) = services(root.path()).await else { return };
    let (a, b) = (shared.start("api-a", Role::Api).await, shared.start("api-b", Role::Api).await);
    let client = Client::new();
    let owner = client.owner(&a.base, "shared@example.com").await;

    // A key revoked on A is refused on B, which had it cached; the feed is read every ten minutes in this test,
    // so what told B was PostgreSQL's NOTIFY.
    let (key_id, key) = client.key(&a.base, &owner, json!({})).await;
    assert_eq!(client.get(&format!("{}/api/v1/templates", b.base), &key).await.0, 200);
    let (status, revoked) =
        client.post(&format!("{}/api/v1/api-keys/{key_id}/revoke", a.base), &owner.token, json!({})).await;
    assert_eq!(status, 200, "{revoked}");
    let revoked_at = Instant::now();
    let refused_after = loop {
        let (status, _) = client.get(&format!("{}/api/v1/templates", b.base), &key).await;
        if status == 401 {
            break revoked_at.elapsed();
        }
        assert_eq!(status, 200);
        assert!(revoked_at.elapsed() < Duration::from_secs(30), "B still accepts the revoked key");
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    println!("a revoke on node A was refused on node B after {} ms", refused_after.as_millis());

    // One per-key allowance, counted in Redis, whichever node answers.
    let (_, limited) = client.key(&a.base, &owner, json!({ "rateLimitPerMinute": 20 })).await;
    let mut answers = BTreeMap::new();
    let started = Instant::now();
    for n in 0..40 {
        let node = if n % 2 == 0 { &a.base } else { &b.base };
        *answers.entry(client.get(&format!("{node}/api/v1/templates"), &limited).await.0).or_insert(0) += 1;
    }
    // GCRA: a burst of 20, then one more every 3 s; a slow machine may earn one back while the loop runs.
    let earned = (started.elapsed().as_secs() / 3) as i32;
    let admitted = answers.get(&200).copied().unwrap_or(0);
    assert!((20..=20 + earned).contains(&admitted), "20 a minute across both nodes: {answers:?}");
    assert_eq!(admitted + answers.get(&429).copied().unwrap_or(0), 40, "only 200 and 429: {answers:?}");

    // A monthly quota of 25 admits exactly 25 of 60 concurrent requests spread over both nodes.
    let template = client.template(&a.base, &owner).await;
    let (_, quota_key) = client.key(&a.base, &owner, json!({ "monthlyDocumentQuota": 25 })).await;
    let answers: Vec<(u16, serde_json::Value)> = futures::stream::iter(0..60)
        .map(|n| {
            let (client, key, template) = (client.clone(), quota_key.clone(), template.clone());
            let node = if n % 2 == 0 { a.base.clone() } else { b.base.clone() };
            async move {
                let body = json!({ "templateId": template, "format": "pdf", "variables": { "customer": "Q" } });
                client.post(&format!("{node}/api/v1/documents/generate"), &key, body).await
            }
        })
        .buffer_unordered(20)
        .collect()
        .await;
    let admitted = answers.iter().filter(|(s, _)| *s == 202).count();
    let refused = answers.iter().filter(|(s, body)| *s == 429 && body["code"] == "ERR_QUOTA_001").count();
    assert_eq!((admitted, refused), (25, 35), "{:?}", answers.iter().map(|(s, _)| s).collect::<Vec<_>>());
    a.stop().await;
    b.stop().await;
}
