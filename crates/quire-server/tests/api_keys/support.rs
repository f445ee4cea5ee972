//! Shared pieces of the API-key tests: a log capture installed once for the whole binary, servers that
//! start with it, raw `Authorization` headers, and key creation with a full request body.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use quire_server::Config;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tracing_subscriber::fmt::MakeWriter;

use crate::common::{Account, Answer, TestServer};

/// Every log line of every server in this test binary, as the formatter wrote it.
#[derive(Clone, Default)]
pub struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl CapturedLogs {
    /// The text captured so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for CapturedLogs {
    type Writer = CapturedLogs;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

static LOGS: OnceLock<CapturedLogs> = OnceLock::new();

/// Installs (once) a global subscriber that records everything down to `debug` into memory.
pub fn captured_logs() -> &'static CapturedLogs {
    LOGS.get_or_init(|| {
        let logs = CapturedLogs::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(logs.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber in this binary");
        logs
    })
}

/// A server with the test defaults, logging into the capture.
pub async fn server() -> TestServer {
    captured_logs();
    TestServer::start().await
}

/// A server with the test defaults changed by `adjust`, logging into the capture.
pub async fn server_with(adjust: impl FnOnce(&mut Config)) -> TestServer {
    captured_logs();
    TestServer::start_with(adjust).await
}

/// A registered owner with a fresh address (tests share nothing, but unique emails read better in logs).
pub async fn owner(server: &TestServer, name: &str) -> Account {
    server.register(&format!("{name}@example.com")).await
}

/// `GET path` with the `Authorization` header set to exactly `authorization` (or absent).
pub async fn get_with_authorization(server: &TestServer, path: &str, authorization: Option<&str>) -> Answer {
    let mut request = server.client.get(format!("{}{}", server.base, path));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer { status, headers, body }
}

/// Creates a key from a full request body (merged over a valid default) and returns the 201 body.
pub async fn create_key_with(server: &TestServer, account: &Account, extra: Value) -> Value {
    let mut body = json!({ "environmentId": account.env_id, "name": "ci", "permissions": ["documents:generate"] });
    if let (Some(target), Some(fields)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in fields {
            target.insert(k.clone(), v.clone());
        }
    }
    let answer = server.post("/api/v1/api-keys", &account.token, body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    answer.body
}

/// `GET /api/auth/verify` as `token`.
pub async fn verify(server: &TestServer, token: &str) -> Answer {
    server.get("/api/auth/verify", token).await
}

/// The key's record as the management API lists it.
pub async fn key_record(server: &TestServer, account: &Account, key_id: &str) -> Value {
    let answer = server.get(&format!("/api/v1/api-keys/{key_id}"), &account.token).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

/// The 32 random characters of a key: what must never leak, even without the prefix and checksum.
pub fn random_part(key: &str) -> &str {
    &key[3..35]
}

/// A second environment in the account's project.
pub async fn second_environment(server: &TestServer, account: &Account, name: &str) -> String {
    let answer = server
        .post(&format!("/api/teams/{}/environments", account.team_id), &account.token, json!({ "name": name }))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    answer.body["id"].as_str().unwrap().to_string()
}
