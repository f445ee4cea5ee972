//! Behind a trusted reverse proxy (`QUIRE_TRUSTED_PROXIES`), per-IP limits count the client named in
//! `X-Forwarded-For`; from anyone else that header is ignored, so it cannot be used to dodge a limit.

use reqwest::{Method, StatusCode};

use crate::common::TestServer;

/// Unauthenticated `GET /api/auth/verify` calls claiming `forwarded_for`, until one is refused (at most 6).
async fn answered_before_refusal(server: &TestServer, forwarded_for: &str) -> usize {
    for answered in 0..6 {
        let answer = server.raw(Method::GET, "/api/auth/verify", &[("x-forwarded-for", forwarded_for)], None).await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            return answered;
        }
    }
    6
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client() {
    let server = TestServer::start_with(|c| {
        c.rate_limits.unauthenticated_per_minute = 3;
        c.trusted_proxies = vec!["127.0.0.1".into()];
    })
    .await;
    assert_eq!(answered_before_refusal(&server, "203.0.113.1").await, 3);
    assert_eq!(answered_before_refusal(&server, "203.0.113.2").await, 3, "another client has its own allowance");
    // A client cannot pick a fresh identity by prepending to the header: the proxy's entry is the last one.
    assert_eq!(answered_before_refusal(&server, "198.51.100.9, 203.0.113.1").await, 0);
}

#[tokio::test]
async fn without_trusted_proxies_the_header_is_ignored() {
    let server = TestServer::start_with(|c| c.rate_limits.unauthenticated_per_minute = 3).await;
    assert_eq!(answered_before_refusal(&server, "203.0.113.1").await, 3);
    assert_eq!(answered_before_refusal(&server, "203.0.113.2").await, 0, "every caller is the TCP peer");
}

#[tokio::test]
async fn a_bad_trusted_proxies_setting_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = crate::common::test_config(&dir).await;
    config.trusted_proxies = vec!["10.0.0.0/40".into()];
    let err = config.validate().unwrap_err();
    assert!(err.0.contains("QUIRE_TRUSTED_PROXIES") && err.0.contains("10.0.0.0/40"), "{}", err.0);
}
