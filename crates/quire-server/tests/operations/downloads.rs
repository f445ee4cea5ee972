//! Signed download links are charged to their document, not to the client IP's anonymous allowance.

use serde_json::json;

use crate::common::{TestServer, assert_error};
use crate::support::{fetch_raw, invoice_variables, setup, wait_for_job};

#[tokio::test]
async fn a_burst_of_200_downloads_from_one_ip_is_not_throttled_as_anonymous_traffic() {
    let server = TestServer::start_with(|c| {
        c.rate_limits.unauthenticated_per_minute = 30;
        c.rate_limits.download_link_per_minute = 100;
    })
    .await;
    let s = setup(&server, "burst@example.com").await;
    let mut links = Vec::new();
    for i in 0..4 {
        let body =
            json!({ "templateId": s.template_id, "format": "csv", "variables": invoice_variables(&format!("D{i}")) });
        let queued = server.post("/api/v1/documents/generate", &s.key, body).await;
        let job = wait_for_job(&server, &s.key, queued.body["jobId"].as_str().unwrap()).await;
        assert_eq!(job.body["status"], "completed", "{}", job.body);
        links.push(job.body["downloadUrl"].as_str().unwrap().to_string());
    }
    let anonymous = || server.call(reqwest::Method::GET, "/api/v1/templates", None, None);
    let before = anonymous().await;
    assert_error(&before, 401, "ERR_AUTH_001");
    assert_eq!(before.header("x-ratelimit-limit").as_deref(), Some("30"));
    let left_before: u32 = before.header("x-ratelimit-remaining").unwrap().parse().unwrap();
    let first = fetch_raw(&server, &links[0]).await.2;
    for n in 0..200 {
        let (status, headers, bytes) = fetch_raw(&server, &links[n % links.len()]).await;
        assert_eq!(status, 200, "download {n} refused: {}", String::from_utf8_lossy(&bytes));
        assert_eq!(headers["x-ratelimit-limit"], "100", "charged to the link's own allowance");
        if n % links.len() == 0 {
            assert_eq!(bytes, first);
        }
    }
    // The IP's own allowance is untouched by those 200: the next anonymous request is its next one.
    let after = anonymous().await;
    assert_error(&after, 401, "ERR_AUTH_001");
    assert_eq!(after.header("x-ratelimit-remaining").unwrap().parse::<u32>().unwrap(), left_before - 1);
}

#[tokio::test]
async fn one_link_is_limited_on_its_own_and_a_forged_one_counts_against_the_ip() {
    let server = TestServer::start_with(|c| {
        c.rate_limits.unauthenticated_per_minute = 5;
        c.rate_limits.download_link_per_minute = 3;
    })
    .await;
    let s = setup(&server, "one-link@example.com").await;
    let body = json!({ "templateId": s.template_id, "format": "csv", "variables": invoice_variables("L") });
    let queued = server.post("/api/v1/documents/generate", &s.key, body).await;
    let job = wait_for_job(&server, &s.key, queued.body["jobId"].as_str().unwrap()).await;
    let link = job.body["downloadUrl"].as_str().unwrap().to_string();
    for _ in 0..3 {
        assert_eq!(fetch_raw(&server, &link).await.0, 200);
    }
    let (status, headers, _) = fetch_raw(&server, &link).await;
    assert_eq!(status, 429, "the fourth download of one document within the minute");
    assert!(headers.contains_key("retry-after"));

    let forged = format!("{}0", link.trim_end_matches(|c: char| c.is_ascii_hexdigit()));
    let (status, headers, _) = fetch_raw(&server, &forged).await;
    assert_eq!(status, 403, "a bad signature is refused");
    assert_eq!(headers["x-ratelimit-limit"], "5", "and charged to the client IP");
}
