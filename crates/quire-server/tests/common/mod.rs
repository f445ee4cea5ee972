//! Test harness: a real Quire server on 127.0.0.1:0 with a temporary SQLite file (or, when
//! `QUIRE_TEST_DATABASE_URL` names a PostgreSQL server, a fresh database of its own), and a small HTTP client.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod multipart;

use std::sync::Arc;

use quire_server::{Config, RunningServer};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;

/// A running server and its data folder.
pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub config: Config,
    running: Option<RunningServer>,
    dir: Arc<TempDir>,
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The error code of an error body.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_string())
    }
}

/// A registered user with the personal project and its environment.
#[derive(Debug, Clone)]
pub struct Account {
    pub token: String,
    pub refresh_token: String,
    pub user_id: String,
    pub email: String,
    pub team_id: String,
    pub env_id: String,
}

/// The environment variable that runs the suite on PostgreSQL: a URL of a role that may create databases.
pub const DATABASE_URL_VAR: &str = "QUIRE_TEST_DATABASE_URL";

/// A fresh, empty PostgreSQL database when the suite runs on PostgreSQL; `None` on SQLite (the data folder's file).
pub async fn test_database_url() -> Option<String> {
    let admin = std::env::var(DATABASE_URL_VAR).ok().filter(|url| !url.is_empty())?;
    Some(quire_store::postgres::scratch_database(&admin).await.expect("a scratch PostgreSQL database"))
}

/// Whether the suite runs on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var(DATABASE_URL_VAR).is_ok_and(|url| !url.is_empty())
}

/// Test defaults: generous rate limits (the rate-limit tests lower them), fast usage flushes, and a database of
/// the server's own (a restart keeps it: the URL stays in the configuration).
pub async fn test_config(dir: &TempDir) -> Config {
    let rate_limits = quire_server::config::RateLimits {
        api_key_per_minute: 100_000,
        jwt_per_minute: 100_000,
        unauthenticated_per_minute: 100_000,
        download_link_per_minute: 100_000,
        ..Default::default()
    };
    let endpoint_limits = quire_server::config::EndpointLimits::uniform(100_000);
    Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.path().to_path_buf(),
        allow_signup: true,
        rate_limits,
        endpoint_limits,
        usage_flush_ms: 200,
        database_url: test_database_url().await,
        ..Config::default()
    }
}

impl TestServer {
    /// A server with test defaults.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A server with test defaults changed by `adjust`.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let mut config = test_config(&dir).await;
        adjust(&mut config);
        Self::launch(config, dir).await
    }

    async fn launch(config: Config, dir: Arc<TempDir>) -> Self {
        let running = quire_server::start(config.clone()).await.expect("server starts");
        let base = format!("http://{}", running.addr);
        TestServer { base, client: reqwest::Client::new(), config, running: Some(running), dir }
    }

    /// Stops gracefully and starts again on the same data folder (new port).
    pub async fn restart(mut self) -> Self {
        self.running.take().unwrap().shutdown().await.unwrap();
        let config = self.config.clone();
        Self::launch(config, self.dir.clone()).await
    }

    /// Stops gracefully.
    pub async fn stop(mut self) {
        self.running.take().unwrap().shutdown().await.unwrap();
    }

    /// The metrics listener's address (`QUIRE_METRICS_LISTEN`), when configured.
    pub fn metrics_addr(&self) -> Option<std::net::SocketAddr> {
        self.running.as_ref().unwrap().metrics_addr
    }

    /// The server's state (for white-box checks such as the key cache).
    pub fn state(&self) -> &quire_server::AppState {
        &self.running.as_ref().unwrap().state
    }

    /// Any request; `body` is sent as JSON when given.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Answer {
        let mut request = self.client.request(method, format!("{}{}", self.base, path));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        if let Some(b) = body {
            request = request.json(&b);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Answer { status, headers, body }
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::PATCH, path, Some(token), Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::PUT, path, Some(token), Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Answer {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    /// Registers a user and finds the personal project and environment.
    pub async fn register(&self, email: &str) -> Account {
        let answer = self
            .call(Method::POST, "/api/auth/register", None, Some(json!({ "email": email, "password": "correct horse battery", "name": email.split('@').next().unwrap() })))
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "register {email}: {:?}", answer.body);
        let token = answer.body["accessToken"].as_str().unwrap().to_string();
        let refresh_token = answer.body["refreshToken"].as_str().unwrap().to_string();
        let user_id = answer.body["user"]["id"].as_str().unwrap().to_string();
        let teams = self.get("/api/teams", &token).await;
        let team_id = teams.body["data"][0]["id"].as_str().unwrap().to_string();
        let envs = self.get(&format!("/api/teams/{team_id}/environments"), &token).await;
        let env_id = envs.body["data"][0]["id"].as_str().unwrap().to_string();
        Account { token, refresh_token, user_id, email: email.to_string(), team_id, env_id }
    }

    /// Creates an API key in `env_id` with `permissions` and returns `(key, id)`.
    pub async fn create_key(&self, token: &str, env_id: &str, permissions: &[&str]) -> (String, String) {
        let answer = self
            .post(
                "/api/v1/api-keys",
                token,
                json!({ "environmentId": env_id, "name": "test key", "permissions": permissions }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
        (answer.body["key"].as_str().unwrap().to_string(), answer.body["id"].as_str().unwrap().to_string())
    }

    /// Invites `member` into `owner`'s project with `role` and accepts; returns the member id.
    pub async fn add_member(
        &self,
        owner: &Account,
        member: &Account,
        role: &str,
        environment_ids: Option<Vec<String>>,
    ) -> String {
        let mut body = json!({ "email": member.email, "role": role });
        if let Some(ids) = environment_ids {
            body["environmentIds"] = json!(ids);
        }
        let invite = self.post(&format!("/api/teams/{}/members/invite", owner.team_id), &owner.token, body).await;
        assert_eq!(invite.status, StatusCode::CREATED, "{:?}", invite.body);
        let id = invite.body["id"].as_str().unwrap();
        let accepted = self.post(&format!("/api/teams/invitations/{id}/accept"), &member.token, json!({})).await;
        assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
        accepted.body["id"].as_str().unwrap().to_string()
    }
}

/// Asserts the documented error body shape and code.
pub fn assert_error(answer: &Answer, status: u16, code: &str) {
    assert_eq!(answer.status.as_u16(), status, "body: {}", answer.body);
    assert_eq!(answer.body["code"], code, "body: {}", answer.body);
    assert_eq!(answer.body["error"], code);
    assert_eq!(answer.body["statusCode"], status);
    assert!(answer.body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(answer.body["timestamp"].as_str().is_some());
    assert!(answer.body["path"].as_str().is_some_and(|p| p.starts_with('/')));
}

impl TestServer {
    /// Stops gracefully and starts again on the same data folder with another configuration.
    pub async fn restart_with(mut self, config: Config) -> Self {
        self.running.take().unwrap().shutdown().await.unwrap();
        Self::launch(config, self.dir.clone()).await
    }

    /// The data folder.
    pub fn data_dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// A request with extra headers and a raw body (for malformed input and header checks).
    pub async fn raw(&self, method: Method, path: &str, headers: &[(&str, &str)], body: Option<Vec<u8>>) -> Answer {
        let mut request = self.client.request(method, format!("{}{}", self.base, path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(b) = body {
            request = request.body(b);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Answer { status, headers, body }
    }
}
