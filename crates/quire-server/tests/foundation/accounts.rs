//! Accounts: register, login, refresh, logout, sign-up policy, login throttling and the bootstrap admin.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Answer, TestServer, assert_error};

/// The password the harness registers every account with.
pub const PASSWORD: &str = "correct horse battery";

async fn register(server: &TestServer, email: &str, password: &str) -> Answer {
    let body = json!({ "email": email, "password": password, "name": "Someone" });
    server.call(Method::POST, "/api/auth/register", None, Some(body)).await
}

/// `POST /api/auth/login`.
pub async fn login(server: &TestServer, email: &str, password: &str) -> Answer {
    server.call(Method::POST, "/api/auth/login", None, Some(json!({ "email": email, "password": password }))).await
}

/// `POST /api/auth/refresh`.
pub async fn refresh(server: &TestServer, refresh_token: &str) -> Answer {
    server.call(Method::POST, "/api/auth/refresh", None, Some(json!({ "refreshToken": refresh_token }))).await
}

/// The token answer of register, login and refresh: `{user, accessToken, refreshToken, expiresIn}`.
fn assert_token_answer(answer: &Answer, email: &str) {
    let body = &answer.body;
    assert_eq!(body["user"]["email"], email, "{body}");
    assert!(body["user"]["id"].as_str().is_some_and(|id| id.starts_with("usr_")), "{body}");
    assert!(body["accessToken"].as_str().is_some_and(|t| t.split('.').count() == 3), "{body}");
    assert!(body["refreshToken"].as_str().is_some_and(|t| !t.is_empty()), "{body}");
    assert_eq!(body["expiresIn"], 3600);
    assert!(body["user"].get("passwordHash").is_none() && !body.to_string().contains("argon2"), "{body}");
}

#[tokio::test]
async fn register_creates_a_personal_project_with_a_production_environment() {
    let server = TestServer::start().await;
    let answer = register(&server, "Ada@Example.com", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_token_answer(&answer, "ada@example.com");
    let token = answer.body["accessToken"].as_str().unwrap();
    let teams = server.get("/api/teams", token).await;
    assert_eq!(teams.body["total"], 1, "{}", teams.body);
    let team = &teams.body["data"][0];
    assert_eq!(
        (team["isPersonal"].clone(), team["role"].clone(), team["memberCount"].clone()),
        (json!(true), json!("owner"), json!(1))
    );
    assert!(team["id"].as_str().is_some_and(|id| id.starts_with("team_")));
    let envs = server.get(&format!("/api/teams/{}/environments", team["id"].as_str().unwrap()), token).await;
    let names: Vec<&Value> = envs.body["data"].as_array().unwrap().iter().map(|e| &e["name"]).collect();
    assert_eq!(names, [&json!("production")]);
    assert!(envs.body["data"][0]["id"].as_str().is_some_and(|id| id.starts_with("ws_")));
}

#[tokio::test]
async fn registration_refuses_bad_fields_and_taken_emails() {
    let server = TestServer::start().await;
    let bad = server
        .call(
            Method::POST,
            "/api/auth/register",
            None,
            Some(json!({ "email": "nope", "password": "short", "name": " " })),
        )
        .await;
    assert_error(&bad, 400, "ERR_VALID_001");
    let fields: Vec<&str> =
        bad.body["relatedInfo"]["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, ["email", "password", "name"]);
    assert_eq!(register(&server, "ada@example.com", PASSWORD).await.status, StatusCode::CREATED);
    assert_error(&register(&server, "ADA@example.com", PASSWORD).await, 409, "ERR_USER_001");
}

#[tokio::test]
async fn login_refresh_and_logout_round_trip() {
    let server = TestServer::start().await;
    server.register("ada@example.com").await;
    let logged_in = login(&server, "  ADA@example.com ", PASSWORD).await;
    assert_eq!(logged_in.status, StatusCode::OK, "{}", logged_in.body);
    assert_token_answer(&logged_in, "ada@example.com");
    let access = logged_in.body["accessToken"].as_str().unwrap();
    assert_eq!(server.get("/api/teams", access).await.status, StatusCode::OK);

    let refreshed = refresh(&server, logged_in.body["refreshToken"].as_str().unwrap()).await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);
    assert_token_answer(&refreshed, "ada@example.com");
    assert_ne!(refreshed.body["refreshToken"], logged_in.body["refreshToken"]);
    let new_access = refreshed.body["accessToken"].as_str().unwrap();
    assert_eq!(server.get("/api/auth/verify", new_access).await.body["email"], "ada@example.com");

    let out = server.post("/api/auth/logout", new_access, json!({})).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.body);
    let after = refresh(&server, refreshed.body["refreshToken"].as_str().unwrap()).await;
    assert_error(&after, 401, "ERR_AUTH_004");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_err_auth_002() {
    let server = TestServer::start().await;
    server.register("ada@example.com").await;
    let wrong = login(&server, "ada@example.com", "not the password").await;
    assert_error(&wrong, 401, "ERR_AUTH_002");
    let unknown = login(&server, "nobody@example.com", PASSWORD).await;
    assert_error(&unknown, 401, "ERR_AUTH_002");
    assert_eq!(wrong.body["message"], unknown.body["message"]);
}

#[tokio::test]
async fn signup_is_closed_after_the_first_user_unless_allowed_or_invited() {
    let server = TestServer::start_with(|c| c.allow_signup = false).await;
    let first = server.register("first@example.com").await;
    assert_error(&register(&server, "second@example.com", PASSWORD).await, 403, "ERR_USER_002");

    let invite = json!({ "email": "Second@Example.com", "role": "member" });
    let invited = server.post(&format!("/api/teams/{}/members/invite", first.team_id), &first.token, invite).await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
    assert_eq!(register(&server, "second@example.com", PASSWORD).await.status, StatusCode::CREATED);
    assert_error(&register(&server, "third@example.com", PASSWORD).await, 403, "ERR_USER_002");
}

#[tokio::test]
async fn allow_signup_opens_registration_to_anyone() {
    let server = TestServer::start_with(|c| c.allow_signup = true).await;
    server.register("first@example.com").await;
    assert_eq!(register(&server, "second@example.com", PASSWORD).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn the_configured_admin_exists_at_start_and_signup_stays_closed() {
    let server = TestServer::start_with(|c| {
        c.allow_signup = false;
        c.admin_email = Some("Root@Example.com".into());
        c.admin_password = Some("admin password 1".into());
    })
    .await;
    assert_error(&register(&server, "root@example.com", PASSWORD).await, 403, "ERR_USER_002");
    let admin = login(&server, "root@example.com", "admin password 1").await;
    assert_eq!(admin.status, StatusCode::OK, "{}", admin.body);
    let token = admin.body["accessToken"].as_str().unwrap().to_string();
    let teams = server.get("/api/teams", &token).await;
    assert_eq!(teams.body["data"][0]["role"], "owner", "{}", teams.body);

    let server = server.restart().await;
    assert_eq!(login(&server, "root@example.com", "admin password 1").await.status, StatusCode::OK);
    let teams = server.get("/api/teams", &token).await;
    assert_eq!(teams.body["total"], 1, "a restart creates no second admin project: {}", teams.body);
}

#[tokio::test]
async fn the_admin_is_not_created_when_users_already_exist() {
    let server = TestServer::start().await;
    server.register("ada@example.com").await;
    let mut config = server.config.clone();
    config.admin_email = Some("root@example.com".into());
    config.admin_password = Some("admin password 1".into());
    let server = server.restart_with(config).await;
    assert_error(&login(&server, "root@example.com", "admin password 1").await, 401, "ERR_AUTH_002");
}
