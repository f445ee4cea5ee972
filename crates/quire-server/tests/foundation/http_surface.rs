//! The HTTP surface every route shares: the error body, `X-Request-Id`, unknown paths, wrong methods,
//! malformed and oversized bodies.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{Answer, TestServer, assert_error};

fn request_id(answer: &Answer) -> String {
    answer.header("x-request-id").unwrap_or_else(|| panic!("no X-Request-Id on {} {}", answer.status, answer.body))
}

#[tokio::test]
async fn error_bodies_have_the_documented_shape() {
    let server = TestServer::start().await;
    let answer = server.raw(Method::GET, "/api/teams?limit=5", &[], None).await;
    assert_error(&answer, 401, "ERR_AUTH_001");
    let body = answer.body.as_object().unwrap();
    assert_eq!(answer.body["path"], "/api/teams", "the path without the query");
    assert_eq!(answer.body["message"], "You are not authorized to access this resource");
    let timestamp = answer.body["timestamp"].as_str().unwrap();
    assert!(timestamp.ends_with('Z') && timestamp.len() == "2026-01-15T10:30:00.000Z".len(), "{timestamp}");
    assert_eq!(answer.body["requestId"], request_id(&answer).as_str());
    assert!(answer.header("content-type").is_some_and(|ct| ct.starts_with("application/json")));
    for key in body.keys() {
        assert!(
            ["statusCode", "error", "code", "message", "timestamp", "path", "requestId"].contains(&key.as_str()),
            "unexpected field {key}"
        );
    }
}

#[tokio::test]
async fn validation_errors_name_each_field_in_related_info() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    let answer = server.post("/api/teams", &ada.token, json!({ "name": 42 })).await;
    assert_error(&answer, 400, "ERR_VALID_001");
    assert_eq!(answer.body["relatedInfo"]["errors"][0]["field"], "name", "{}", answer.body);
    let missing = server.post("/api/teams", &ada.token, json!({})).await;
    assert_error(&missing, 400, "ERR_VALID_001");
    assert_eq!(missing.body["relatedInfo"]["errors"][0]["field"], "name", "{}", missing.body);
    let blank = server.post("/api/teams", &ada.token, json!({ "name": "   " })).await;
    assert_error(&blank, 400, "ERR_VALID_001");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    let answers = [
        server.raw(Method::GET, "/health", &[], None).await,
        server.get("/api/teams", &ada.token).await,
        server.raw(Method::GET, "/api/teams", &[], None).await,
        server.raw(Method::GET, "/no/such/path", &[], None).await,
        server.raw(Method::DELETE, "/api/auth/login", &[], None).await,
        server.post("/api/teams", &ada.token, json!({})).await,
    ];
    let mut ids: Vec<String> = answers.iter().map(request_id).collect();
    assert!(ids.iter().all(|id| !id.is_empty()));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), answers.len(), "each request gets its own id");
}

#[tokio::test]
async fn a_sane_incoming_request_id_is_echoed_and_an_insane_one_replaced() {
    let server = TestServer::start().await;
    let sane = server.raw(Method::GET, "/health", &[("x-request-id", "trace-42_a.b:c")], None).await;
    assert_eq!(request_id(&sane), "trace-42_a.b:c");
    let in_error = server.raw(Method::GET, "/api/teams", &[("x-request-id", "trace-43")], None).await;
    assert_eq!(request_id(&in_error), "trace-43");
    assert_eq!(in_error.body["requestId"], "trace-43");
    let long = "x".repeat(500);
    for insane in ["has spaces in it", "quote\"d", long.as_str()] {
        let answer = server.raw(Method::GET, "/health", &[("x-request-id", insane)], None).await;
        let id = request_id(&answer);
        assert_ne!(id, insane);
        assert!(!id.is_empty() && id.len() <= 128, "{id}");
    }
}

#[tokio::test]
async fn unknown_paths_are_404_with_the_error_body() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    for token in [None, Some(ada.token.as_str())] {
        let answer = server.call(Method::GET, "/api/no-such-thing", token, None).await;
        assert_error(&answer, 404, "ERR_NOT_FOUND");
        assert_eq!(answer.body["path"], "/api/no-such-thing");
    }
}

#[tokio::test]
async fn a_wrong_method_is_405_with_the_error_body_and_allow() {
    let server = TestServer::start().await;
    let answer = server.raw(Method::DELETE, "/api/auth/login", &[], None).await;
    assert_error(&answer, 405, "ERR_METHOD");
    assert!(answer.header("allow").is_some_and(|a| a.contains("POST")), "{:?}", answer.headers);
}

#[tokio::test]
async fn malformed_json_is_err_valid_002() {
    let server = TestServer::start().await;
    let json_type = [("content-type", "application/json")];
    for body in [&b"{\"email\": "[..], b"not json", b"{\"email\": \"a@b.co\"} trailing"] {
        let answer = server.raw(Method::POST, "/api/auth/login", &json_type, Some(body.to_vec())).await;
        assert_error(&answer, 400, "ERR_VALID_002");
        assert!(!answer.body["message"].as_str().unwrap().contains("/src/"), "no internals: {}", answer.body);
    }
    let wrong_type = [("content-type", "text/plain")];
    let answer = server.raw(Method::POST, "/api/auth/login", &wrong_type, Some(b"{}".to_vec())).await;
    assert_error(&answer, 400, "ERR_VALID_002");
}

#[tokio::test]
async fn oversized_bodies_are_413_err_valid_003() {
    let server = TestServer::start_with(|c| c.max_body_bytes = 4096).await;
    let ada = server.register("ada@example.com").await;
    let big = json!({ "email": "ada@example.com", "password": "x".repeat(8192) });
    let answer = server.call(Method::POST, "/api/auth/login", None, Some(big)).await;
    assert_error(&answer, 413, "ERR_VALID_003");
    let big_name = json!({ "name": "n".repeat(8192) });
    assert_error(&server.post("/api/teams", &ada.token, big_name).await, 413, "ERR_VALID_003");
    let logout = json!({ "refreshToken": "r".repeat(8192) });
    assert_error(&server.post("/api/auth/logout", &ada.token, logout).await, 413, "ERR_VALID_003");
    let small = server
        .call(
            Method::POST,
            "/api/auth/login",
            None,
            Some(json!({ "email": "ada@example.com", "password": "correct horse battery" })),
        )
        .await;
    assert_eq!(small.status, StatusCode::OK, "bodies under the limit pass: {}", small.body);
}

#[tokio::test]
async fn a_bad_query_string_gets_the_error_body() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    let answer = server.get(&format!("/api/teams/{}/activity?limit=lots", ada.team_id), &ada.token).await;
    assert_error(&answer, 400, "ERR_VALID_001");
}

#[tokio::test]
async fn health_and_ready_need_no_token() {
    let server = TestServer::start().await;
    let health = server.raw(Method::GET, "/health", &[], None).await;
    assert_eq!((health.status, health.body["status"].as_str()), (StatusCode::OK, Some("ok")));
    let ready = server.raw(Method::GET, "/ready", &[], None).await;
    assert_eq!((ready.status, ready.body["status"].as_str()), (StatusCode::OK, Some("ready")));
    assert_eq!(ready.body["checks"], serde_json::json!({ "store": "ok", "files": "ok", "rateLimiter": "ok" }));
}
