//! The processes of a test cluster: `quire serve` and `quire worker` started from the built binary on one
//! PostgreSQL, Redis and S3-compatible store, each with its own data folder, killed or stopped as the test says.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// What every node of the cluster shares.
#[derive(Debug, Clone)]
pub struct Shared {
    pub database_url: String,
    pub redis_url: String,
    pub s3_endpoint: String,
    pub bucket: String,
    pub folder: PathBuf,
}

/// One running `quire` process.
pub struct Node {
    pub name: String,
    pub base: String,
    child: Child,
}

/// Which command a node runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `quire serve` with `QUIRE_RUN_WORKERS=false`.
    Api,
    /// `quire worker`.
    Worker,
}

impl Shared {
    fn environment(&self, name: &str) -> Vec<(&'static str, String)> {
        let generous = "100000".to_string();
        vec![
            ("QUIRE_DATA_DIR", self.folder.join(name).display().to_string()),
            ("QUIRE_LISTEN", "127.0.0.1:0".into()),
            ("QUIRE_DATABASE_URL", self.database_url.clone()),
            ("QUIRE_REDIS_URL", self.redis_url.clone()),
            ("QUIRE_S3_BUCKET", self.bucket.clone()),
            ("QUIRE_S3_ENDPOINT", self.s3_endpoint.clone()),
            ("QUIRE_S3_ACCESS_KEY_ID", "test".into()),
            ("QUIRE_S3_SECRET_ACCESS_KEY", "test".into()),
            ("QUIRE_ALLOW_SIGNUP", "true".into()),
            ("QUIRE_WEBHOOKS_ALLOW_PRIVATE", "true".into()),
            ("QUIRE_WEBHOOKS_BACKOFF_BASE_MS", "200".into()),
            ("QUIRE_RATE_LIMIT_API_KEY", generous.clone()),
            ("QUIRE_RATE_LIMIT_JWT", generous.clone()),
            ("QUIRE_RATE_LIMIT_UNAUTHENTICATED", generous.clone()),
            ("QUIRE_RATE_LIMIT_DOWNLOAD_LINK", generous.clone()),
            ("QUIRE_ENDPOINT_LIMIT_GENERATE", generous.clone()),
            ("QUIRE_ENDPOINT_LIMIT_BATCH", generous.clone()),
            ("QUIRE_ENDPOINT_LIMIT_READ", generous.clone()),
            ("QUIRE_ENDPOINT_LIMIT_TEMPLATE_WRITE", generous.clone()),
            ("QUIRE_ENDPOINT_LIMIT_WEBHOOK_MANAGE", generous),
            // A killed worker's jobs are claimed again after the lease; short, so the test does not wait long.
            ("QUIRE_JOB_LEASE_SECONDS", "4".into()),
            ("QUIRE_WORKER_POLL_MS", "250".into()),
            // The key change feed is read every ten minutes only and cached keys live as long: a revoke that
            // reaches another node sooner came by NOTIFY.
            ("QUIRE_KEY_CHANGE_POLL_MS", "600000".into()),
            ("QUIRE_KEY_CACHE_TTL_SECONDS", "600".into()),
            ("QUIRE_WORKERS", "2".into()),
            ("QUIRE_RENDER_THREADS", "1".into()),
        ]
    }

    /// Starts a node and waits until it says where it listens.
    pub async fn start(&self, name: &str, role: Role) -> Node {
        let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
        command.env_clear().kill_on_drop(true).stdout(Stdio::piped()).stderr(Stdio::inherit());
        if let Ok(path) = std::env::var("PATH") {
            command.env("PATH", path);
        }
        command.envs(self.environment(name));
        match role {
            Role::Api => command.arg("serve").env("QUIRE_RUN_WORKERS", "false"),
            Role::Worker => command.arg("worker"),
        };
        let mut child = command.spawn().expect("the quire binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let base = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.expect("node output") {
                if let Some(at) = line.find("http://") {
                    let url = line[at..].split_whitespace().next().unwrap_or_default();
                    return url.trim_end_matches("/ready").to_string();
                }
            }
            panic!("node {name} exited before it listened");
        })
        .await
        .unwrap_or_else(|_| panic!("node {name} did not start within a minute"));
        // Keep reading, so a chatty node never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Node { name: name.into(), base, child }
    }
}

impl Node {
    /// SIGKILL: no drain, no goodbye; its leases run out and other workers take its jobs.
    pub async fn kill(mut self) {
        self.child.kill().await.expect("kill");
    }

    /// SIGTERM, then waits for the drain to finish (a clean exit).
    pub async fn stop(mut self) {
        let pid = self.child.id().expect("running");
        let status = Command::new("kill").arg("-TERM").arg(pid.to_string()).status().await.expect("kill -TERM");
        assert!(status.success());
        let exited = tokio::time::timeout(Duration::from_secs(60), self.child.wait()).await;
        let exited = exited.unwrap_or_else(|_| panic!("{} did not drain within a minute", self.name)).unwrap();
        assert!(exited.success(), "{} exits cleanly after SIGTERM: {exited}", self.name);
    }
}

/// A fresh folder for the nodes' data folders.
pub fn folder(root: &Path) -> PathBuf {
    let folder = root.join("nodes");
    std::fs::create_dir_all(&folder).unwrap();
    folder
}
