//! Login throttling: repeated failures per email, and per client IP, answer 429 `ERR_QUOTA_003` with
//! `Retry-After`, before the password is even checked.

use reqwest::StatusCode;

use super::accounts::{PASSWORD, login};
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn repeated_failures_for_an_email_are_throttled_with_retry_after() {
    let server = TestServer::start().await;
    server.register("ada@example.com").await;
    server.register("bob@example.com").await;
    let mut failures = 0;
    let throttled = loop {
        let answer = login(&server, "ada@example.com", "guess").await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            break answer;
        }
        assert_error(&answer, 401, "ERR_AUTH_002");
        failures += 1;
        assert!(failures <= 10, "still not throttled after {failures} failures");
    };
    assert!(failures >= 3, "throttled after only {failures} failures");
    assert_error(&throttled, 429, "ERR_QUOTA_003");
    assert!(throttled.header("x-request-id").is_some());
    let retry_after: u64 = throttled.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!(retry_after > 0);
    assert_eq!(throttled.body["retryAfter"], retry_after);
    let right_password_too = login(&server, "ada@example.com", PASSWORD).await;
    assert_error(&right_password_too, 429, "ERR_QUOTA_003");
    assert_eq!(login(&server, "bob@example.com", PASSWORD).await.status, StatusCode::OK, "other emails still sign in");
}

#[tokio::test]
async fn a_successful_login_clears_earlier_failures() {
    let server = TestServer::start().await;
    server.register("ada@example.com").await;
    for _ in 0..3 {
        assert_error(&login(&server, "ada@example.com", "guess").await, 401, "ERR_AUTH_002");
    }
    assert_eq!(login(&server, "ada@example.com", PASSWORD).await.status, StatusCode::OK);
    for _ in 0..3 {
        assert_error(&login(&server, "ada@example.com", "guess").await, 401, "ERR_AUTH_002");
    }
}

#[tokio::test]
async fn many_failures_from_one_address_throttle_every_email_from_it() {
    let server = TestServer::start().await;
    server.register("ada@example.com").await;
    let mut failures = 0;
    let throttled = loop {
        let answer = login(&server, &format!("guess{failures}@example.com"), "guess").await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            break answer;
        }
        assert_error(&answer, 401, "ERR_AUTH_002");
        failures += 1;
        assert!(failures <= 50, "still not throttled after {failures} failures");
    };
    assert!(failures >= 10, "an address is throttled after only {failures} failures");
    assert_error(&throttled, 429, "ERR_QUOTA_003");
    assert!(throttled.header("retry-after").is_some());
    assert_error(&login(&server, "ada@example.com", PASSWORD).await, 429, "ERR_QUOTA_003");
}
