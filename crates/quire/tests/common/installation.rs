//! Shared steps of the backup and copy tests: a real server on a data folder, a small HTTP client, and the `quire` binary.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use quire_server::{Config, RunningServer};
use serde_json::{Value, json};

/// A running server on a given data folder.
pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    running: RunningServer,
}

/// A user's API key with document and template rights, and its environment.
#[derive(Debug, Clone)]
pub struct Caller {
    pub key: String,
    pub env_id: String,
    /// The user's dashboard access token (signed with the installation's JWT secret).
    pub token: String,
}

/// Generous rate limits: the writer task below sends many requests.
pub fn config(data_dir: &Path) -> Config {
    let rate_limits = quire_server::config::RateLimits {
        api_key_per_minute: 100_000,
        jwt_per_minute: 100_000,
        unauthenticated_per_minute: 100_000,
        download_link_per_minute: 100_000,
        ..Default::default()
    };
    Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: data_dir.to_path_buf(),
        allow_signup: true,
        rate_limits,
        endpoint_limits: quire_server::config::EndpointLimits::uniform(100_000),
        usage_flush_ms: 200,
        render_threads: 1,
        workers: 1,
        ..Config::default()
    }
}

impl Server {
    pub async fn start(data_dir: &Path) -> Self {
        Self::start_with(config(data_dir)).await
    }

    pub async fn start_with(config: Config) -> Self {
        let running = quire_server::start(config).await.expect("server starts");
        Server { base: format!("http://{}", running.addr), client: reqwest::Client::new(), running }
    }

    pub async fn stop(self) {
        self.running.shutdown().await.unwrap();
    }

    /// A request with an optional bearer token and JSON body; returns status and JSON (or `Null`).
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        if let Some(b) = body {
            request = request.json(&b);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, token: &str) -> (u16, Value) {
        self.call(reqwest::Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, Some(token), Some(body)).await
    }

    /// Registers a user and creates a key that generates documents and manages templates.
    pub async fn caller(&self, email: &str) -> Caller {
        let register = json!({ "email": email, "password": "correct horse battery", "name": "Backup" });
        let (status, body) = self.call(reqwest::Method::POST, "/api/auth/register", None, Some(register)).await;
        assert_eq!(status, 201, "{body}");
        let token = body["accessToken"].as_str().unwrap().to_string();
        let (_, teams) = self.get("/api/teams", &token).await;
        let team_id = teams["data"][0]["id"].as_str().unwrap();
        let (_, envs) = self.get(&format!("/api/teams/{team_id}/environments"), &token).await;
        let env_id = envs["data"][0]["id"].as_str().unwrap().to_string();
        let permissions = ["documents:generate", "templates:manage"];
        let new_key = json!({ "environmentId": env_id, "name": "backup test", "permissions": permissions });
        let (status, key) = self.post("/api/v1/api-keys", &token, new_key).await;
        assert_eq!(status, 201, "{key}");
        Caller { key: key["key"].as_str().unwrap().to_string(), env_id, token }
    }

    /// Creates and publishes a one-line PDF template; returns its id.
    pub async fn template(&self, caller: &Caller, name: &str) -> String {
        let body = json!({
            "name": name,
            "type": "pdf",
            "schema": { "pageSize": "A4", "components": [
                { "id": "hello", "type": "text", "props": { "text": "Hello {{customer}}" } }
            ] },
            "variables": [ { "name": "customer", "type": "string", "required": true } ]
        });
        let (status, created) = self.post("/api/v1/templates", &caller.key, body).await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().unwrap().to_string();
        let (status, published) = self.post(&format!("/api/v1/templates/{id}/publish"), &caller.key, json!({})).await;
        assert!((200..300).contains(&status), "{published}");
        id
    }

    /// Queues a PDF; returns the job id.
    pub async fn generate(&self, caller: &Caller, template_id: &str, customer: &str) -> String {
        let body = json!({ "templateId": template_id, "format": "pdf", "variables": { "customer": customer } });
        let (status, queued) = self.post("/api/v1/documents/generate", &caller.key, body).await;
        assert_eq!(status, 202, "{queued}");
        queued["jobId"].as_str().unwrap().to_string()
    }

    /// Polls a job until it is completed (or fails the test).
    pub async fn completed(&self, caller: &Caller, job_id: &str) -> Value {
        for _ in 0..400 {
            let (status, job) = self.get(&format!("/api/v1/documents/jobs/{job_id}"), &caller.key).await;
            assert_eq!(status, 200, "{job}");
            match job["status"].as_str() {
                Some("completed") => return job,
                Some("failed" | "cancelled") => panic!("job {job_id} did not complete: {job}"),
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        panic!("job {job_id} did not finish");
    }

    /// Downloads a job's file through a fresh signed link; returns status and bytes.
    pub async fn download(&self, caller: &Caller, job_id: &str) -> (u16, Vec<u8>) {
        let job = self.completed(caller, job_id).await;
        let url = job["downloadUrl"].as_str().unwrap();
        let response = self.client.get(url).send().await.unwrap();
        (response.status().as_u16(), response.bytes().await.unwrap().to_vec())
    }
}

/// Runs the `quire` binary with only `QUIRE_DATA_DIR` (and `extra`) set, so the developer's environment cannot
/// change what the test sees.
pub async fn quire(data_dir: &Path, args: &[&str], extra: &[(&str, &str)]) -> Output {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_quire"));
    command.env_clear().env("QUIRE_DATA_DIR", data_dir).args(args);
    if let Ok(path) = std::env::var("PATH") {
        command.env("PATH", path);
    }
    for (name, value) in extra {
        command.env(name, value);
    }
    command.output().await.expect("the quire binary runs")
}

/// The output of a finished command, for assertion messages.
pub fn printed(output: &Output) -> String {
    format!("stdout: {}\nstderr: {}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The names in a folder (empty when it is absent).
pub fn names_in(folder: &Path) -> Vec<String> {
    match std::fs::read_dir(folder) {
        Ok(entries) => entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    }
}

/// A data folder with a migrated database and nothing else, and its archive at `archive` (no server needed).
pub async fn small_archive(data_dir: &Path, archive: &Path) {
    let migrated = quire(data_dir, &["migrate"], &[]).await;
    assert!(migrated.status.success(), "{}", printed(&migrated));
    let backup = quire(data_dir, &["backup", "--to", archive.to_str().unwrap()], &[]).await;
    assert!(backup.status.success(), "{}", printed(&backup));
}
