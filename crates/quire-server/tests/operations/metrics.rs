//! `GET /metrics`: behind its token on the main listener or open on its own listener, and parsed by Prometheus
//! text parsers into the families `docs/operations.md` names.

use std::collections::HashMap;

use prometheus_parse::{Scrape, Value};
use serde_json::json;

use crate::common::{TestServer, assert_error};
use crate::support::{invoice_variables, setup, wait_for_job};

const TOKEN: &str = "metrics-token-for-tests-0123456789";

/// Scrapes `url` with an optional bearer token: status and body.
async fn scrape(url: &str, token: Option<&str>) -> (u16, Option<String>, String) {
    let mut request = reqwest::Client::new().get(url);
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string());
    (status, content_type, response.text().await.unwrap())
}

fn parse(text: &str) -> Scrape {
    Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).expect("the exposition parses")
}

/// The value of the sample `name` whose labels include `labels` (the sum when several match).
fn value(scrape: &Scrape, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let matching: Vec<f64> = scrape
        .samples
        .iter()
        .filter(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match &s.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
            Value::Histogram(buckets) => buckets.iter().map(|b| b.count).fold(0.0, f64::max),
            Value::Summary(_) => f64::NAN,
        })
        .collect();
    (!matching.is_empty()).then(|| matching.iter().sum())
}

fn at_least(scrape: &Scrape, name: &str, labels: &[(&str, &str)], minimum: f64) {
    let found = value(scrape, name, labels);
    assert!(found.is_some_and(|v| v >= minimum), "{name}{labels:?}: expected at least {minimum}, found {found:?}");
}

/// Checks the exposition with the Prometheus project's own OpenMetrics parser (Python `prometheus_client`) when
/// the interpreter named by `QUIRE_TEST_PYTHON` has it; `.ci/run` provides it.
fn check_with_prometheus_client(text: &str) {
    let python = std::env::var("QUIRE_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let program = "import sys\nfrom prometheus_client.openmetrics.parser import text_string_to_metric_families as p\n\
                   print(len(list(p(sys.stdin.read()))))";
    let child = std::process::Command::new(&python)
        .args(["-c", program])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("SKIPPED prometheus_client check: no {python}");
        return;
    };
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("No module named 'prometheus_client'") {
        assert!(std::env::var_os("QUIRE_REQUIRE_PROMETHEUS_PARSER").is_none(), "prometheus_client is required here");
        eprintln!("SKIPPED prometheus_client check: {python} lacks prometheus_client");
        return;
    }
    assert!(out.status.success(), "prometheus_client refused the exposition: {stderr}\n{text}");
    let families: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!(families >= 10, "prometheus_client read {families} families");
}

#[tokio::test]
async fn metrics_need_the_token_and_count_requests_auth_limits_jobs_renders_and_webhooks() {
    let server = TestServer::start_with(|c| {
        c.metrics_token = Some(TOKEN.into());
        c.webhooks_allow_private = true;
        c.webhooks_backoff_base_ms = 3_600_000;
        c.webhooks_backoff_max_ms = 3_600_000;
    })
    .await;
    let url = format!("{}/metrics", server.base);
    assert_eq!(scrape(&url, None).await.0, 401);
    assert_eq!(scrape(&url, Some("not-the-token-at-all")).await.0, 401);

    let s = setup(&server, "metrics@example.com").await;
    // A webhook to a closed port: one failed attempt, then a retry an hour later.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let body = json!({ "templateId": s.template_id, "format": "pdf", "variables": invoice_variables("M"),
        "webhookUrl": format!("http://{closed}/hook") });
    let queued = server.post("/api/v1/documents/generate", &s.key, body).await;
    let job_id = queued.body["jobId"].as_str().unwrap().to_string();
    assert_eq!(wait_for_job(&server, &s.key, &job_id).await.body["status"], "completed");
    assert_error(&server.get("/api/v1/templates", "fm_short").await, 401, "ERR_AKEY_002");
    let made = server
        .post(
            "/api/v1/api-keys",
            &s.account.token,
            json!({ "environmentId": s.account.env_id, "name": "slow",
            "permissions": ["documents:generate"], "rateLimitPerMinute": 1 }),
        )
        .await;
    let limited = made.body["key"].as_str().unwrap().to_string();
    server.get("/api/v1/templates", &limited).await;
    assert_error(&server.get("/api/v1/templates", &limited).await, 429, "ERR_QUOTA_003");
    let mut delivered = false;
    for _ in 0..100 {
        let text = scrape(&url, Some(TOKEN)).await.2;
        if value(&parse(&text), "quire_webhook_deliveries_total", &[("outcome", "retrying")]).is_some() {
            delivered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(delivered, "the webhook attempt is counted");

    let (status, content_type, text) = scrape(&url, Some(TOKEN)).await;
    assert_eq!(status, 200);
    assert!(content_type.unwrap().starts_with("application/openmetrics-text"));
    check_with_prometheus_client(&text);
    let m = parse(&text);
    let generate = [("route", "/api/v1/documents/generate"), ("method", "POST"), ("status", "202")];
    at_least(&m, "quire_http_requests_total", &generate, 1.0);
    at_least(&m, "quire_http_request_duration_seconds", &[("route", "/api/v1/documents/generate")], 1.0);
    at_least(&m, "quire_http_requests_total", &[("route", "/api/v1/documents/jobs/:jobId"), ("status", "200")], 1.0);
    at_least(&m, "quire_authentications_total", &[("kind", "api_key"), ("outcome", "ok")], 1.0);
    at_least(&m, "quire_authentications_total", &[("kind", "api_key"), ("outcome", "ERR_AKEY_002")], 1.0);
    at_least(&m, "quire_authentications_total", &[("kind", "jwt"), ("outcome", "ok")], 1.0);
    at_least(&m, "quire_rate_limited_total", &[("limit", "caller")], 1.0);
    at_least(&m, "quire_jobs_queued_total", &[("format", "pdf")], 1.0);
    at_least(&m, "quire_jobs_finished_total", &[("format", "pdf"), ("status", "completed")], 1.0);
    at_least(&m, "quire_render_duration_seconds", &[("format", "pdf")], 1.0);
    at_least(&m, "quire_pages_rendered_total", &[], 1.0);
    at_least(&m, "quire_jobs", &[("status", "queued"), ("format", "pdf")], 0.0);
    at_least(&m, "quire_queue_oldest_age_seconds", &[], 0.0);
    let labels: HashMap<&str, &str> =
        m.samples.iter().flat_map(|s| s.labels.iter().map(|(k, v)| (k.as_str(), v.as_str()))).collect();
    assert!(
        m.samples.iter().all(|s| s.labels.values().all(|v| !v.contains(&job_id) && !v.contains("fm_"))),
        "no ids or secrets in labels: {labels:?}"
    );
}

#[tokio::test]
async fn without_a_token_metrics_live_only_on_their_own_listener() {
    let server = TestServer::start_with(|c| c.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    assert_eq!(scrape(&format!("{}/metrics", server.base), None).await.0, 404);
    let own = format!("http://{}/metrics", server.metrics_addr().expect("metrics listener bound"));
    let (status, _, text) = scrape(&own, None).await;
    assert_eq!(status, 200);
    at_least(&parse(&text), "quire_http_requests_total", &[], 0.0);
}
