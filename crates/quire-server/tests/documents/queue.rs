//! The queue's promises: cancel and retry, restarts, dead workers, cancel racing completion.

use serde_json::json;

use crate::common::{TestServer, assert_error};
use crate::support::{fetch_raw, invoice_variables, setup, wait_for_job};

#[tokio::test]
async fn queued_jobs_cancel_retry_and_delete() {
    let server = TestServer::start_with(|c| c.run_workers = false).await;
    let s = setup(&server, "cancel@example.com").await;
    let queued = server
        .post(
            "/api/v1/documents/generate",
            &s.key,
            json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("C") }),
        )
        .await;
    let job_id = queued.body["jobId"].as_str().unwrap();
    assert_error(
        &server.post(&format!("/api/v1/documents/jobs/{job_id}/retry"), &s.key, json!({})).await,
        409,
        "ERR_DOC_002",
    );
    assert_error(&server.delete(&format!("/api/v1/documents/jobs/{job_id}"), &s.key).await, 409, "ERR_DOC_002");
    let cancelled = server.post(&format!("/api/v1/documents/jobs/{job_id}/cancel"), &s.key, json!({})).await;
    assert_eq!(cancelled.body["status"], "cancelled", "{}", cancelled.body);
    assert_error(
        &server.post(&format!("/api/v1/documents/jobs/{job_id}/cancel"), &s.key, json!({})).await,
        409,
        "ERR_DOC_002",
    );
    let retried = server.post(&format!("/api/v1/documents/jobs/{job_id}/retry"), &s.key, json!({})).await;
    assert_eq!(retried.status.as_u16(), 202, "{}", retried.body);
    let new_id = retried.body["jobId"].as_str().unwrap();
    assert_ne!(new_id, job_id);
    let fresh = server.get(&format!("/api/v1/documents/jobs/{new_id}"), &s.key).await;
    assert_eq!(fresh.body["status"], "queued");
    assert_eq!(fresh.body["retriedFrom"], job_id);
    assert_eq!(server.delete(&format!("/api/v1/documents/jobs/{job_id}"), &s.key).await.status.as_u16(), 204);
    assert_error(&server.get(&format!("/api/v1/documents/jobs/{job_id}"), &s.key).await, 404, "ERR_DOC_001");
}

#[tokio::test]
async fn queued_jobs_finish_after_a_restart() {
    let server = TestServer::start_with(|c| c.run_workers = false).await;
    let s = setup(&server, "restart@example.com").await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let q = server.post("/api/v1/documents/generate", &s.key, json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables(&format!("R{i}")) })).await;
        ids.push(q.body["jobId"].as_str().unwrap().to_string());
    }
    let mut server = server;
    server.config.run_workers = true;
    let server = server.restart().await;
    for id in ids {
        let job = wait_for_job(&server, &s.key, &id).await;
        assert_eq!(job.body["status"], "completed", "{}", job.body);
        assert_eq!(job.body["attempts"], 1);
    }
}

#[tokio::test]
async fn a_job_whose_worker_died_is_completed_exactly_once_after_its_lease() {
    let server = TestServer::start_with(|c| {
        c.run_workers = false;
        c.worker_poll_ms = 100;
    })
    .await;
    let s = setup(&server, "lease@example.com").await;
    let q = server
        .post(
            "/api/v1/documents/generate",
            &s.key,
            json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Lease") }),
        )
        .await;
    let job_id = q.body["jobId"].as_str().unwrap().to_string();
    // A worker that claims the job and then dies: it never heartbeats or completes.
    let now = quire_core::Timestamp::now();
    let claimed = server.state().store.claim_job("dead-worker", now, now.plus_seconds(1)).await.unwrap().unwrap();
    assert_eq!(claimed.id, job_id);
    let mut server = server;
    server.config.run_workers = true;
    let server = server.restart().await;
    let job = wait_for_job(&server, &s.key, &job_id).await;
    assert_eq!(job.body["status"], "completed", "{}", job.body);
    assert_eq!(job.body["attempts"], 2);
    let late = server
        .state()
        .store
        .complete_job(
            &job_id,
            "dead-worker",
            &quire_store::JobResult {
                file_key: "x".into(),
                file_size: 1,
                page_count: None,
                content_type: "x".into(),
                render_ms: 1,
                completed_at: quire_core::Timestamp::now(),
                expires_at: quire_core::Timestamp::now(),
            },
        )
        .await
        .unwrap();
    assert!(!late, "the dead worker must not complete the job a second time");
    let (status, _, _) = fetch_raw(&server, job.body["downloadUrl"].as_str().unwrap()).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn cancel_racing_completion_leaves_one_consistent_outcome() {
    let server = TestServer::start().await;
    let s = setup(&server, "race@example.com").await;
    for i in 0..12 {
        let q = server.post("/api/v1/documents/generate", &s.key, json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables(&format!("Race {i}")) })).await;
        let job_id = q.body["jobId"].as_str().unwrap().to_string();
        if i % 3 != 0 {
            tokio::time::sleep(std::time::Duration::from_millis((i * 3) as u64)).await;
        }
        let cancel = server.post(&format!("/api/v1/documents/jobs/{job_id}/cancel"), &s.key, json!({})).await;
        let job = wait_for_job(&server, &s.key, &job_id).await;
        match cancel.status.as_u16() {
            200 => {
                assert_eq!(job.body["status"], "cancelled", "{}", job.body);
                assert!(job.body["downloadUrl"].is_null());
                let stored = server.state().store.job_by_id(&job_id).await.unwrap().unwrap();
                assert!(stored.file_key.is_none(), "a cancelled job keeps no file");
            }
            409 => assert_eq!(job.body["status"], "completed", "{}", job.body),
            other => panic!("cancel answered {other}: {}", cancel.body),
        }
    }
}
