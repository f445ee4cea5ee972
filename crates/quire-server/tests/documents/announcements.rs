//! A worker that stops after finishing a job but before recording its event: a worker started later announces
//! the job (and closes and announces its batch) once, a lease's time after it finished.

use std::time::Duration;

use quire_core::Timestamp;
use quire_store::JobResult;
use serde_json::{Value, json};

use crate::common::TestServer;
use crate::receiver::{Received, Receiver};
use crate::support::{invoice_variables, setup};

/// What a worker that died right after `complete_job` leaves behind: a completed job, no event. Returns the
/// job's id.
async fn complete_without_announcing(server: &TestServer) -> String {
    let store = &server.state().store;
    let now = Timestamp::now();
    let claimed = store.claim_job("dies-after-completing", now, now.plus_seconds(60), 0).await.unwrap().unwrap();
    let job_id = claimed.id.as_str();
    let result = JobResult {
        file_key: format!("never-written/{job_id}"),
        file_size: 1,
        page_count: Some(1),
        content_type: "application/pdf".into(),
        render_ms: 1,
        completed_at: now,
        expires_at: now.plus_seconds(3600),
    };
    assert!(store.complete_job(job_id, "dies-after-completing", &result).await.unwrap());
    claimed.id
}

fn by_type(received: &[Received], event_type: &str) -> Vec<Value> {
    received.iter().map(Received::json).filter(|e| e["type"] == event_type).collect()
}

#[tokio::test]
async fn jobs_finished_by_a_worker_that_stopped_before_announcing_are_announced_once() {
    let hooks = Receiver::start().await;
    let server = TestServer::start_with(|c| {
        c.run_workers = false;
        c.worker_poll_ms = 100;
        c.job_lease_seconds = 1;
        c.webhooks_allow_private = true;
    })
    .await;
    let s = setup(&server, "announce@example.com").await;
    let single = server
        .post(
            "/api/v1/documents/generate",
            &s.key,
            json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Lost event"),
                    "webhookUrl": hooks.url("/single") }),
        )
        .await;
    assert_eq!(single.status.as_u16(), 202, "{}", single.body);
    let single_id = single.body["jobId"].as_str().unwrap().to_string();
    let documents: Vec<_> = (0..2).map(|n| json!({ "variables": invoice_variables(&format!("B{n}")) })).collect();
    let batch = server
        .post(
            "/api/v1/documents/generate/batch",
            &s.key,
            json!({ "templateId": s.template_id, "format": "pdf", "documents": documents,
                    "webhookUrl": hooks.url("/batch") }),
        )
        .await;
    assert_eq!(batch.status.as_u16(), 202, "{}", batch.body);
    let batch_id = batch.body["batchId"].as_str().unwrap().to_string();
    let listed = server.get(&format!("/api/v1/documents/batches/{batch_id}"), &s.key).await;
    let batch_jobs: Vec<String> =
        listed.body["jobs"].as_array().unwrap().iter().map(|j| j["id"].as_str().unwrap().to_string()).collect();
    let mut finished = Vec::new();
    for _ in 0..3 {
        finished.push(complete_without_announcing(&server).await);
    }

    let mut server = server;
    server.config.run_workers = true;
    let server = server.restart().await;
    let received = hooks.wait_for(4).await;
    let generated = by_type(&received, "document.generated");
    let mut announced: Vec<_> = generated.iter().map(|e| e["data"]["jobId"].as_str().unwrap().to_string()).collect();
    announced.sort();
    let mut expected: Vec<_> = std::iter::once(single_id).chain(batch_jobs).collect();
    expected.sort();
    finished.sort();
    assert_eq!(finished, expected, "the three jobs were finished by the worker that stopped");
    assert_eq!(announced, expected, "each finished job announced");
    let completed = by_type(&received, "batch.completed");
    assert_eq!(completed.len(), 1, "{received:?}");
    assert_eq!(completed[0]["data"]["batchId"], batch_id.as_str());
    assert_eq!(completed[0]["data"]["completedJobs"], 2);

    // Ten more sweeps find nothing left to announce: no event arrives twice.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(hooks.received().len(), 4, "{:?}", hooks.received());
    let left = server.state().store.unannounced_jobs(Timestamp::now().plus_seconds(3600), 10).await.unwrap();
    assert!(left.is_empty(), "{left:?}");
}
