//! Oversized request lines and headers get their own codes before any other work is done.

use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn a_url_over_the_cap_is_414_err_valid_004() {
    let server = TestServer::start_with(|c| c.max_url_bytes = 1024).await;
    let long = format!("/api/v1/templates?search={}", "a".repeat(1100));
    let answer = server.raw(reqwest::Method::GET, &long, &[], None).await;
    assert_error(&answer, 414, "ERR_VALID_004");
    assert!(answer.body["message"].as_str().unwrap().contains("at most 1024"), "{}", answer.body);
    let fine = server.raw(reqwest::Method::GET, "/health", &[], None).await;
    assert_eq!(fine.status, 200);
}

#[tokio::test]
async fn headers_over_the_cap_are_431_err_valid_005_with_the_default_16_kb() {
    let server = TestServer::start().await;
    let big = "x".repeat(17 * 1024);
    let answer = server.raw(reqwest::Method::GET, "/api/v1/templates", &[("x-padding", big.as_str())], None).await;
    assert_error(&answer, 431, "ERR_VALID_005");
    assert!(answer.header("x-request-id").is_some(), "the refusal still carries a request id");
    let within = "x".repeat(8 * 1024);
    let answer = server.raw(reqwest::Method::GET, "/health", &[("x-padding", within.as_str())], None).await;
    assert_eq!(answer.status, 200);
}
