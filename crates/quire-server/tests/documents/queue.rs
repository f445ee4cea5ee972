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
    let claimed = server.state().store.claim_job("dead-worker", now, now.plus_seconds(1), 0).await.unwrap().unwrap();
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

#[tokio::test]
async fn one_environment_cannot_take_more_workers_than_its_cap() {
    let server = TestServer::start_with(|c| c.run_workers = false).await;
    let busy = setup(&server, "busy@example.com").await;
    let quiet = setup(&server, "quiet@example.com").await;
    let mut busy_jobs = Vec::new();
    for i in 0..3 {
        let body = json!({ "templateId": busy.template_id, "format": "pdf", "variables": invoice_variables(&format!("B{i}")) });
        busy_jobs.push(
            server.post("/api/v1/documents/generate", &busy.key, body).await.body["jobId"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let body = json!({ "templateId": quiet.template_id, "format": "pdf", "variables": invoice_variables("Q") });
    let quiet_job =
        server.post("/api/v1/documents/generate", &quiet.key, body).await.body["jobId"].as_str().unwrap().to_string();

    let store = &server.state().store;
    let now = quire_core::Timestamp::now();
    let lease = now.plus_seconds(60);
    let claim =
        |worker: &'static str| async move { store.claim_job(worker, now, lease, 1).await.unwrap().map(|j| j.id) };
    assert_eq!(claim("w1").await.as_deref(), Some(busy_jobs[0].as_str()), "the oldest job first");
    assert_eq!(claim("w2").await.as_deref(), Some(quiet_job.as_str()), "the busy environment is at its cap of 1");
    assert_eq!(claim("w3").await, None, "both environments are at their cap");
    let cancelled = server.post(&format!("/api/v1/documents/jobs/{}/cancel", busy_jobs[0]), &busy.key, json!({})).await;
    assert_eq!(cancelled.body["status"], "cancelled", "{}", cancelled.body);
    assert_eq!(claim("w3").await.as_deref(), Some(busy_jobs[1].as_str()), "a slot freed in the busy environment");
    let uncapped = store.claim_job("w4", now, lease, 0).await.unwrap().map(|j| j.id);
    assert_eq!(uncapped.as_deref(), Some(busy_jobs[2].as_str()), "0 means no cap");
}

#[tokio::test]
async fn a_worker_node_renders_what_an_api_only_node_queues_and_serves_only_probes() {
    let api = TestServer::start_with(|c| {
        c.run_workers = false;
        c.worker_poll_ms = 50;
    })
    .await;
    let worker_config = quire_server::Config { listen: "127.0.0.1:0".parse().unwrap(), ..api.config.clone() };
    let worker = quire_server::start_node(worker_config, quire_server::NodeRole::Worker).await.unwrap();
    let s = setup(&api, "roles@example.com").await;
    let body = json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Roles") });
    let queued = api.post("/api/v1/documents/generate", &s.key, body).await;
    let job = wait_for_job(&api, &s.key, queued.body["jobId"].as_str().unwrap()).await;
    assert_eq!(job.body["status"], "completed", "{}", job.body);
    assert_eq!(fetch_raw(&api, job.body["downloadUrl"].as_str().unwrap()).await.0, 200);

    let base = format!("http://{}", worker.addr);
    let client = reqwest::Client::new();
    for probe in ["/health", "/ready"] {
        assert_eq!(client.get(format!("{base}{probe}")).send().await.unwrap().status(), 200, "{probe}");
    }
    let api_path = client.get(format!("{base}/api/v1/templates")).bearer_auth(&s.key).send().await.unwrap();
    assert_eq!(api_path.status(), 404, "a worker node serves no API");
    worker.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_worker_node_on_postgresql_is_woken_by_notify_not_by_its_poll() {
    let api = TestServer::start_with(|c| c.run_workers = false).await;
    if !api.config.database_url().starts_with("postgres") {
        eprintln!("SKIPPED on SQLite: no other node to notify (runs when QUIRE_TEST_DATABASE_URL is set)");
        return;
    }
    // An hour between polls: only the database's NOTIFY can wake this worker in time.
    let worker_config = quire_server::Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        worker_poll_ms: 3_600_000,
        ..api.config.clone()
    };
    let worker = quire_server::start_node(worker_config, quire_server::NodeRole::Worker).await.unwrap();
    let s = setup(&api, "notify@example.com").await;
    for i in 0..3 {
        let body =
            json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables(&format!("N{i}")) });
        let queued = api.post("/api/v1/documents/generate", &s.key, body).await;
        let job = wait_for_job(&api, &s.key, queued.body["jobId"].as_str().unwrap()).await;
        assert_eq!(job.body["status"], "completed", "{}", job.body);
    }
    worker.shutdown().await.unwrap();
}
