//! Runs one behaviour on every store: SQLite always, PostgreSQL too when `QUIRE_TEST_DATABASE_URL` names a server
//! (each test in a fresh database). A "node" is a store opened anew on the same database: its own pool, as a
//! second process would have. Also builds the records the tests need.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;

use quire_core::{Scope, Timestamp};
use quire_store::{
    ApiKeyRecord, ApiKeyStatus, Environment, JobRecord, JobStatus, Project, Store, User, UserCredentials,
};
use tempfile::TempDir;

/// The environment variable naming a PostgreSQL server (a role that may create databases).
pub const DATABASE_URL_VAR: &str = "QUIRE_TEST_DATABASE_URL";

/// One database of one engine.
pub struct Backend {
    pub name: &'static str,
    pub url: String,
    _dir: Option<TempDir>,
}

impl Backend {
    /// A new node on this database.
    pub async fn node(&self) -> Store {
        quire_store::open(&self.url).await.unwrap_or_else(|e| panic!("{} opens: {e}", self.name))
    }

    pub fn is_postgres(&self) -> bool {
        self.name == "postgres"
    }
}

/// A fresh SQLite file.
pub fn sqlite() -> Backend {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("quire.db").display());
    Backend { name: "sqlite", url, _dir: Some(dir) }
}

/// A fresh PostgreSQL database, when the server is configured.
pub async fn postgres() -> Option<Backend> {
    let admin = std::env::var(DATABASE_URL_VAR).ok().filter(|u| !u.is_empty())?;
    let url = quire_store::postgres::scratch_database(&admin).await.expect("a scratch database");
    Some(Backend { name: "postgres", url, _dir: None })
}

/// Runs `test` on SQLite, then on PostgreSQL (or says it skipped it).
pub async fn on_every_store<F, Fut>(test: F)
where
    F: Fn(Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    test(sqlite()).await;
    match postgres().await {
        Some(backend) => test(backend).await,
        None => println!("SKIPPED postgres ({DATABASE_URL_VAR} unset)"),
    }
}

/// A user with a personal project and its environment.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub user_id: String,
    pub project_id: String,
    pub environment_id: String,
}

pub async fn tenant(store: &Store, email: &str) -> Tenant {
    let now = Timestamp::now();
    let user = User { id: quire_core::ids::new_id("usr"), email: email.into(), name: "T".into(), created_at: now };
    let credentials = UserCredentials { user: user.clone(), password_hash: "x".into() };
    let project = Project {
        id: quire_core::ids::new_id("team"),
        name: "P".into(),
        slug: "p".into(),
        is_personal: true,
        created_by: user.id.clone(),
        created_at: now,
        updated_at: now,
    };
    let environment = environment(&project.id, "Production");
    store
        .create_user_with_project(&credentials, &project, &environment, &quire_core::ids::new_id("mem"))
        .await
        .unwrap();
    Tenant { user_id: user.id, project_id: project.id, environment_id: environment.id }
}

pub fn environment(project_id: &str, name: &str) -> Environment {
    let now = Timestamp::now();
    Environment {
        id: quire_core::ids::new_id("env"),
        project_id: project_id.into(),
        name: name.into(),
        retention_seconds: None,
        monthly_document_quota: None,
        created_at: now,
        updated_at: now,
    }
}

/// A queued job of `tenant`'s environment made by `created_by`, at `created_at`.
pub fn job(tenant: &Tenant, created_by: &str, created_at: Timestamp) -> JobRecord {
    JobRecord {
        id: quire_core::ids::new_id("job"),
        project_id: tenant.project_id.clone(),
        environment_id: tenant.environment_id.clone(),
        template_id: "tmpl_1".into(),
        template_name: "Invoice".into(),
        template_version: Some(1),
        template_snapshot: "{}".into(),
        format: "pdf".into(),
        status: JobStatus::Queued,
        variables: "{}".into(),
        filename: "invoice".into(),
        metadata: None,
        webhook_url: None,
        webhook_secret: None,
        batch_id: None,
        idempotency_key: None,
        request_hash: None,
        created_by: created_by.into(),
        attempts: 0,
        max_attempts: 3,
        lease_owner: None,
        lease_until: None,
        file_key: None,
        file_size: None,
        page_count: None,
        content_type: None,
        render_ms: None,
        error_code: None,
        error_message: None,
        retried_from: None,
        created_at,
        processing_at: None,
        completed_at: None,
        expires_at: None,
        file_deleted_at: None,
        trace_parent: None,
        pdf_secrets: None,
    }
}

/// An active key of `tenant`'s environment.
pub fn api_key(tenant: &Tenant) -> ApiKeyRecord {
    let now = Timestamp::now();
    let id = quire_core::ids::new_id("key");
    ApiKeyRecord {
        digest: format!("digest-of-{id}"),
        id,
        prefix: "fm_abcdefgh".into(),
        name: "test key".into(),
        project_id: tenant.project_id.clone(),
        environment_id: tenant.environment_id.clone(),
        scopes: vec![Scope::DocumentsGenerate],
        status: ApiKeyStatus::Active,
        expires_at: None,
        rate_limit_per_minute: None,
        monthly_document_quota: None,
        created_by: tenant.user_id.clone(),
        created_at: now,
        updated_at: now,
        last_used_at: None,
        total_requests: 0,
        rotated_to: None,
        rotated_from: None,
        grace_until: None,
    }
}
