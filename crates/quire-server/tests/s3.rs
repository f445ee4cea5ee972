//! Document files in an S3 bucket (`QUIRE_S3_BUCKET`): written by the worker, served through signed links,
//! deleted with their job, under the configured prefix. Runs when `QUIRE_TEST_S3_ENDPOINT` names an
//! S3-compatible endpoint (`.ci/run` starts moto's S3 server, since no real S3 is reachable here); says
//! SKIPPED otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[allow(dead_code)]
#[path = "documents/support.rs"]
mod support;

use quire_server::config::S3Config;
use reqwest::StatusCode;
use serde_json::json;

use common::TestServer;
use support::{fetch_raw, invoice_variables, pdf_text, setup, wait_for_job};

fn s3_endpoint() -> Option<String> {
    let endpoint = std::env::var("QUIRE_TEST_S3_ENDPOINT").ok().filter(|e| !e.is_empty());
    if endpoint.is_none() {
        eprintln!("SKIPPED S3 tests: set QUIRE_TEST_S3_ENDPOINT (e.g. http://127.0.0.1:5055) to run them");
    }
    endpoint
}

/// A fresh bucket (S3 `CreateBucket`; the test endpoint takes it without signing).
async fn new_bucket(endpoint: &str) -> String {
    let name = format!("quire-test-{}", quire_core::base62::random_string(10).to_lowercase());
    let created = reqwest::Client::new().put(format!("{endpoint}/{name}")).send().await.unwrap();
    assert!(created.status().is_success(), "create bucket: {}", created.status());
    name
}

/// The keys in a bucket (`ListObjectsV2`).
async fn objects(endpoint: &str, bucket: &str) -> Vec<String> {
    let listing = reqwest::get(format!("{endpoint}/{bucket}?list-type=2")).await.unwrap().text().await.unwrap();
    listing.split("<Key>").skip(1).filter_map(|rest| rest.split_once("</Key>").map(|(k, _)| k.to_string())).collect()
}

fn s3_config(endpoint: &str, bucket: &str) -> S3Config {
    S3Config {
        bucket: bucket.to_string(),
        endpoint: Some(endpoint.to_string()),
        prefix: Some("documents".into()),
        access_key_id: Some("test".into()),
        secret_access_key: Some("test".into()),
        ..S3Config::default()
    }
}

#[tokio::test]
async fn documents_live_in_the_bucket() {
    let Some(endpoint) = s3_endpoint() else { return };
    let bucket = new_bucket(&endpoint).await;
    let server = TestServer::start_with(|c| c.s3 = Some(s3_config(&endpoint, &bucket))).await;
    assert!(objects(&endpoint, &bucket).await.is_empty(), "the start-up probe cleans up after itself");
    let s = setup(&server, "s3@example.com").await;
    let queued = server
        .post(
            "/api/v1/documents/generate",
            &s.key,
            json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("Bucket Customer") }),
        )
        .await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{}", queued.body);
    let job_id = queued.body["jobId"].as_str().unwrap().to_string();
    let job = wait_for_job(&server, &s.key, &job_id).await;
    assert_eq!(job.body["status"], "completed", "{}", job.body);

    let stored = objects(&endpoint, &bucket).await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(stored[0].starts_with("documents/"), "under the prefix: {stored:?}");
    let local = server.data_dir().join("files");
    assert!(!local.exists() || std::fs::read_dir(&local).unwrap().next().is_none(), "nothing written locally");

    let (status, _, bytes) = fetch_raw(&server, job.body["downloadUrl"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert!(pdf_text(&bytes).contains("Bucket Customer"));

    let deleted = server.delete(&format!("/api/v1/documents/jobs/{job_id}"), &s.key).await;
    assert!(deleted.status.is_success(), "{}", deleted.body);
    assert!(objects(&endpoint, &bucket).await.is_empty(), "the file goes with its job");
}

#[tokio::test]
async fn readiness_reports_a_bucket_that_went_away() {
    let Some(endpoint) = s3_endpoint() else { return };
    let bucket = new_bucket(&endpoint).await;
    let server = TestServer::start_with(|c| c.s3 = Some(s3_config(&endpoint, &bucket))).await;
    let ready = server.raw(reqwest::Method::GET, "/ready", &[], None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    assert_eq!(ready.body["checks"]["files"], "ok");
    let removed = reqwest::Client::new().delete(format!("{endpoint}/{bucket}")).send().await.unwrap();
    assert!(removed.status().is_success(), "delete bucket: {}", removed.status());
    let not_ready = server.raw(reqwest::Method::GET, "/ready", &[], None).await;
    common::assert_error(&not_ready, 503, "ERR_UNAVAILABLE");
    assert!(not_ready.body["message"].as_str().unwrap().contains("files"), "{}", not_ready.body);
}

#[tokio::test]
async fn a_missing_bucket_stops_the_start_with_a_clear_message() {
    let Some(endpoint) = s3_endpoint() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::test_config(&dir).await;
    config.s3 = Some(s3_config(&endpoint, "quire-no-such-bucket"));
    let err = quire_server::start(config).await.err().expect("no start without its bucket");
    assert!(err.to_string().contains("QUIRE_S3_BUCKET \"quire-no-such-bucket\""), "{err}");
}
