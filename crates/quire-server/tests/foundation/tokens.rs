//! Bearer tokens: missing, malformed, forged and expired JWTs, the verify endpoint, and the JWT secret
//! generated into the data folder.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{Answer, TestServer, assert_error};

const SECRET: &str = "a test secret of at least 32 characters!";

/// A token signed like the server's own, with `exp` relative to now.
fn mint(secret: &str, user_id: &str, exp_from_now: i64, typ: &str) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let claims = json!({
        "sub": user_id, "email": "ada@example.com", "name": "ada",
        "iat": now - 7200, "exp": now + exp_from_now, "typ": typ,
    });
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

async fn teams_with_header(server: &TestServer, authorization: Option<&str>) -> Answer {
    let headers: Vec<(&str, &str)> = authorization.map(|a| ("authorization", a)).into_iter().collect();
    server.raw(Method::GET, "/api/teams", &headers, None).await
}

#[tokio::test]
async fn a_missing_or_non_bearer_authorization_is_err_auth_001() {
    let server = TestServer::start().await;
    assert_error(&teams_with_header(&server, None).await, 401, "ERR_AUTH_001");
    assert_error(&teams_with_header(&server, Some("Basic YWRhOnB3")).await, 401, "ERR_AUTH_001");
    assert_error(&teams_with_header(&server, Some("Bearer ")).await, 401, "ERR_AUTH_001");
}

#[tokio::test]
async fn garbage_and_forged_tokens_are_err_auth_004() {
    let server = TestServer::start_with(|c| c.jwt_secret = Some(SECRET.into())).await;
    let ada = server.register("ada@example.com").await;
    assert_error(&server.get("/api/teams", "not-a-token").await, 401, "ERR_AUTH_004");
    assert_error(&server.get("/api/teams", "a.b.c").await, 401, "ERR_AUTH_004");
    let forged = mint("another secret of at least 32 characters", &ada.user_id, 3600, "access");
    assert_error(&server.get("/api/teams", &forged).await, 401, "ERR_AUTH_004");
    let wrong_kind = mint(SECRET, &ada.user_id, 3600, "refresh");
    assert_error(&server.get("/api/teams", &wrong_kind).await, 401, "ERR_AUTH_004");
    let mut tampered = ada.token.clone();
    tampered.push('x');
    assert_error(&server.get("/api/teams", &tampered).await, 401, "ERR_AUTH_004");
}

#[tokio::test]
async fn an_expired_jwt_is_err_auth_003() {
    let server = TestServer::start_with(|c| c.jwt_secret = Some(SECRET.into())).await;
    let ada = server.register("ada@example.com").await;
    let fresh = mint(SECRET, &ada.user_id, 3600, "access");
    assert_eq!(server.get("/api/teams", &fresh).await.status, StatusCode::OK, "a minted token is accepted while valid");
    let expired = mint(SECRET, &ada.user_id, -60, "access");
    let answer = server.get("/api/teams", &expired).await;
    assert_error(&answer, 401, "ERR_AUTH_003");
    assert_eq!(answer.body["message"], "Authentication token has expired");
}

#[tokio::test]
async fn verify_describes_a_signed_in_user_on_both_paths() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    let answer = server.get("/api/auth/verify", &ada.token).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let body = &answer.body;
    assert_eq!(body["id"], ada.user_id.as_str());
    assert_eq!(body["email"], "ada@example.com");
    assert_eq!(body["name"], "ada");
    assert_eq!(body["teamId"], ada.team_id.as_str());
    assert_eq!(body["teamName"], "ada's project");
    assert_eq!(body["workspaceId"], ada.env_id.as_str());
    assert_eq!(body["workspaceName"], "production");
    assert_eq!(body["authType"], "jwt");
    let mut permissions: Vec<&str> =
        body["permissions"].as_array().unwrap().iter().filter_map(|p| p.as_str()).collect();
    permissions.sort_unstable();
    assert_eq!(permissions, ["analytics:view", "documents:generate", "project:manage", "templates:manage"]);
    assert_eq!(server.get("/api/v1/auth/verify", &ada.token).await.body, answer.body);
}

#[tokio::test]
async fn verify_describes_an_api_key_with_its_environment_and_scopes() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    let (key, key_id) = server.create_key(&ada.token, &ada.env_id, &["documents:generate"]).await;
    for path in ["/api/auth/verify", "/api/v1/auth/verify"] {
        let answer = server.get(path, &key).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
        let body = &answer.body;
        assert_eq!(body["id"], key_id.as_str());
        assert_eq!(body["authType"], "api_key");
        assert_eq!(body["teamId"], ada.team_id.as_str());
        assert_eq!(body["workspaceId"], ada.env_id.as_str());
        assert_eq!(body["workspaceName"], "production");
        assert_eq!(body["permissions"], json!(["documents:generate"]));
        assert!(!body.to_string().contains(&key), "the secret is never echoed");
    }
}

#[tokio::test]
async fn verify_without_a_token_is_err_auth_001() {
    let server = TestServer::start().await;
    let answer = server.call(Method::GET, "/api/v1/auth/verify", None, None).await;
    assert_error(&answer, 401, "ERR_AUTH_001");
}

#[tokio::test]
async fn the_generated_jwt_secret_is_kept_in_the_data_folder_across_restarts() {
    let server = TestServer::start().await;
    assert!(server.config.jwt_secret.is_none());
    if !server.config.database_url().starts_with("sqlite") {
        eprintln!("SKIPPED on PostgreSQL: the generated secret lives in the database there (tested below)");
        return;
    }
    let ada = server.register("ada@example.com").await;
    let secret_file = server.data_dir().join("jwt-secret");
    let secret = std::fs::read_to_string(&secret_file).expect("secret written to the data folder");
    assert!(secret.trim().len() >= 32);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secret_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only the owner may read the secret");
    }

    let server = server.restart().await;
    assert_eq!(std::fs::read_to_string(&secret_file).unwrap(), secret, "the secret is not regenerated");
    let answer = server.get("/api/auth/verify", &ada.token).await;
    assert_eq!(answer.status, StatusCode::OK, "a token issued before the restart still verifies: {}", answer.body);

    let elsewhere = TestServer::start().await;
    let other = elsewhere.get("/api/auth/verify", &ada.token).await;
    assert_error(&other, 401, "ERR_AUTH_004");
}

#[tokio::test]
async fn a_too_short_secret_file_stops_the_start_with_a_message_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("jwt-secret"), "short").unwrap();
    let config = crate::common::test_config(&dir).await;
    if !config.database_url().starts_with("sqlite") {
        eprintln!("SKIPPED on PostgreSQL: the data folder holds no secret there");
        return;
    }
    let error = quire_server::start(config).await.err().expect("refuses to start with a weak secret");
    let message = error.to_string();
    assert!(message.contains("jwt-secret") && message.contains("32"), "{message}");
}

#[tokio::test]
async fn on_a_shared_database_every_node_accepts_the_dashboard_tokens_of_the_others() {
    let first = TestServer::start().await;
    if first.config.database_url().starts_with("sqlite") {
        eprintln!("SKIPPED on SQLite: one node per data folder (runs when QUIRE_TEST_DATABASE_URL is set)");
        return;
    }
    let ada = first.register("ada@nodes.example").await;
    // Another node: another data folder, the same database, no QUIRE_JWT_SECRET.
    let dir = tempfile::tempdir().unwrap();
    let config = quire_server::Config {
        data_dir: dir.path().to_path_buf(),
        listen: "127.0.0.1:0".parse().unwrap(),
        ..first.config.clone()
    };
    let second = quire_server::start(config).await.unwrap();
    let answer = reqwest::Client::new()
        .get(format!("http://{}/api/auth/verify", second.addr))
        .bearer_auth(&ada.token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(!dir.path().join("jwt-secret").exists(), "the secret is kept in the database, not in a folder");
    second.shutdown().await.unwrap();
}
