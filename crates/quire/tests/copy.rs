//! `quire copy` through the real binary: a populated embedded installation moves to PostgreSQL and its keys,
//! templates, documents and dashboard sessions work there; a target that holds rows is refused untouched.
//! Runs when `QUIRE_TEST_DATABASE_URL` names a PostgreSQL server (each test in a scratch database).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/installation.rs"]
mod support;

use serde_json::json;
use sqlx::Connection;
use support::{Server, printed, quire};

/// A scratch PostgreSQL database, or `None` (and a note) when the suite has no PostgreSQL.
async fn scratch_database() -> Option<String> {
    let Some(admin) = std::env::var("QUIRE_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("skipped: set QUIRE_TEST_DATABASE_URL=postgres://… to run the quire copy tests");
        return None;
    };
    Some(quire_store::postgres::scratch_database(&admin).await.unwrap())
}

/// Rows of every table, as each engine counts them.
async fn row_counts_sqlite(url: &str, tables: &[String]) -> Vec<(String, i64)> {
    let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
    let mut counts = Vec::new();
    for table in tables {
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{table}\""));
        counts.push((table.clone(), sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()));
    }
    counts
}

async fn row_counts_postgres(url: &str, tables: &[String]) -> Vec<(String, i64)> {
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    let mut counts = Vec::new();
    for table in tables {
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{table}\""));
        counts.push((table.clone(), sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()));
    }
    counts
}

/// Tables the copy printed, in order (`name   N rows`).
fn copied_tables(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.ends_with(" rows"))
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_populated_installation_moves_to_postgres_and_every_id_keeps_working() {
    let Some(target) = scratch_database().await else { return };
    let scratch = tempfile::tempdir().unwrap();
    let live = scratch.path().join("live");
    // Webhooks may target this machine, so the subscription below needs no DNS.
    let server =
        Server::start_with(quire_server::Config { webhooks_allow_private: true, ..support::config(&live) }).await;
    let caller = server.caller("copy@example.com").await;
    let template_id = server.template(&caller, "Greeting").await;
    let jobs: Vec<String> =
        [server.generate(&caller, &template_id, "Ada").await, server.generate(&caller, &template_id, "Grace").await]
            .into();
    let mut originals = Vec::new();
    for job in &jobs {
        originals.push(server.download(&caller, job).await.1);
    }
    let hook = json!({ "environmentId": caller.env_id, "url": "http://127.0.0.1:9/quire-hook", "events": ["document.generated"] });
    let (status, subscription) = server.post("/api/v1/webhook-subscriptions", &caller.token, hook).await;
    assert_eq!(status, 201, "{subscription}");
    server.stop().await;

    let source = format!("sqlite://{}", live.join("quire.db").display());
    let copy = quire(&live, &["copy", "--to", &target], &[]).await;
    assert!(copy.status.success(), "{}", printed(&copy));
    let stdout = String::from_utf8_lossy(&copy.stdout).to_string();
    assert!(stdout.contains("signing secret moved"), "{stdout}");
    assert!(stdout.contains("QUIRE_ENCRYPTION_KEY set to that file's content"), "{stdout}");
    let tables = copied_tables(&stdout);
    for expected in ["users", "projects", "api_keys", "templates", "template_versions", "jobs", "webhook_subscriptions"]
    {
        assert!(tables.iter().any(|t| t == expected), "{expected} copied: {stdout}");
    }
    // The same rows on both sides, plus the signing secret that lived in a file beside the embedded database.
    let mut expected = row_counts_sqlite(&source, &tables).await;
    expected.iter_mut().filter(|(table, _)| table == "settings").for_each(|(_, n)| *n += 1);
    assert_eq!(row_counts_postgres(&target, &tables).await, expected, "every table holds the rows of the source");

    let server =
        Server::start_with(quire_server::Config { database_url: Some(target.clone()), ..support::config(&live) }).await;
    let (status, template) = server.get(&format!("/api/v1/templates/{template_id}"), &caller.key).await;
    assert_eq!(status, 200, "the same key (its digest moved) reads the same template id: {template}");
    assert_eq!(template["name"], "Greeting");
    for (job, original) in jobs.iter().zip(&originals) {
        let (status, bytes) = server.download(&caller, job).await;
        assert_eq!(status, 200);
        assert_eq!(&bytes, original, "job {job} serves the file it made before the move");
    }
    let (status, _) = server.get("/api/teams", &caller.token).await;
    assert_eq!(status, 200, "a dashboard session from before the move still verifies");
    let (status, listed) =
        server.get(&format!("/api/v1/webhook-subscriptions?environmentId={}", caller.env_id), &caller.token).await;
    assert_eq!(status, 200, "{listed}");
    assert!(listed.to_string().contains("quire-hook"), "{listed}");
    let fresh = server.generate(&caller, &template_id, "Linus").await;
    let (status, bytes) = server.download(&caller, &fresh).await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"%PDF"), "new work lands after the copied rows (sequences moved on)");
    let (status, activity) = server.get("/api/v1/documents/jobs?limit=10", &caller.key).await;
    assert_eq!(status, 200);
    assert_eq!(activity["jobs"].as_array().unwrap().len(), 3);
    server.stop().await;

    let again = quire(&live, &["copy", "--to", &target], &[]).await;
    assert!(!again.status.success(), "a second copy is refused: {}", printed(&again));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"), "{}", printed(&again));
    assert_eq!(row_counts_postgres(&target, &["jobs".to_string()]).await, vec![("jobs".to_string(), 3)]);
}

#[tokio::test]
async fn copy_refuses_a_target_that_is_not_postgres_and_a_missing_source() {
    let scratch = tempfile::tempdir().unwrap();
    let wrong = quire(scratch.path(), &["copy", "--to", "mysql://db/quire"], &[]).await;
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("PostgreSQL"), "{}", printed(&wrong));
    let missing = quire(scratch.path(), &["copy", "--to", "postgres://127.0.0.1:1/none"], &[]).await;
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no database at"), "{}", printed(&missing));
    assert!(!scratch.path().join("quire.db").exists(), "the source is not created by a copy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_files_to_s3_a_node_without_the_old_folder_serves_every_document() {
    let Some(endpoint) = std::env::var("QUIRE_TEST_S3_ENDPOINT").ok().filter(|e| !e.is_empty()) else {
        eprintln!("skipped: set QUIRE_TEST_S3_ENDPOINT (e.g. http://127.0.0.1:5055) to copy files to S3");
        return;
    };
    let Some(target) = scratch_database().await else { return };
    let bucket = format!("quire-copy-{}", unique_suffix());
    let created = reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.unwrap();
    assert!(created.status().is_success(), "create bucket: {}", created.status());

    let scratch = tempfile::tempdir().unwrap();
    let live = scratch.path().join("live");
    let server = Server::start(&live).await;
    let caller = server.caller("files@example.com").await;
    let template_id = server.template(&caller, "Greeting").await;
    let job = server.generate(&caller, &template_id, "Ada").await;
    let (_, original) = server.download(&caller, &job).await;
    server.stop().await;

    let s3_env = [
        ("QUIRE_S3_BUCKET", bucket.as_str()),
        ("QUIRE_S3_ENDPOINT", endpoint.as_str()),
        ("QUIRE_S3_ACCESS_KEY_ID", "test"),
        ("QUIRE_S3_SECRET_ACCESS_KEY", "test"),
    ];
    let copy = quire(&live, &["copy", "--to", &target, "--files-to-s3"], &s3_env).await;
    assert!(copy.status.success(), "{}", printed(&copy));
    assert!(
        String::from_utf8_lossy(&copy.stdout).contains("1 document files copied to the bucket"),
        "{}",
        printed(&copy)
    );

    let elsewhere = scratch.path().join("new-node");
    let s3 = quire_server::config::S3Config {
        bucket: bucket.clone(),
        endpoint: Some(endpoint.clone()),
        access_key_id: Some("test".into()),
        secret_access_key: Some("test".into()),
        ..Default::default()
    };
    let config = quire_server::Config { database_url: Some(target), s3: Some(s3), ..support::config(&elsewhere) };
    let server = Server::start_with(config).await;
    let (status, bytes) = server.download(&caller, &job).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, original, "the document moved to the bucket");
    server.stop().await;
}

/// A lowercase suffix for bucket names (S3 allows no capitals).
fn unique_suffix() -> String {
    format!("{:x}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos())
}
