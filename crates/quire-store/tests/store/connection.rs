//! Connecting: a clear error when PostgreSQL is not there (without the password), and a store that survives its
//! connections being cut (the listener comes back and says so).

use std::time::Duration;

use quire_core::Timestamp;
use quire_store::{StoreError, StoreSignal};

use crate::support::{job, postgres, tenant};

#[tokio::test]
async fn an_unreachable_postgres_is_named_without_the_password() {
    let url = "postgres://quire:pa55-W0rd-secret@127.0.0.1:1/quire_prod";
    let started = std::time::Instant::now();
    let Err(error) = quire_store::open(url).await else { panic!("nothing listens on port 1") };
    let message = error.to_string();
    assert!(matches!(error, StoreError::Config(_)), "{message}");
    assert!(message.contains("127.0.0.1:1/quire_prod"), "names host, port and database: {message}");
    assert!(!message.contains("pa55-W0rd-secret"), "never the password: {message}");
    assert!(started.elapsed() < Duration::from_secs(30), "gives up within the acquire timeout");
}

#[tokio::test]
async fn an_unknown_scheme_is_refused() {
    let Err(error) = quire_store::open("mysql://u:secret@h/db").await else { panic!("refused") };
    assert!(!error.to_string().contains("secret"), "{error}");
}

/// The database name of a scratch database's URL.
fn database_name(url: &str) -> String {
    url.rsplit('/').next().unwrap().to_string()
}

/// Cuts every connection named `application` to `database`, as a database restart would, from the admin database.
async fn cut_connections(database: &str, application: &str) -> u64 {
    let admin_url = std::env::var(crate::support::DATABASE_URL_VAR).unwrap();
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await.unwrap();
    let cut = sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
    )
    .bind(database)
    .bind(application)
    .fetch_all(&mut admin)
    .await
    .unwrap();
    cut.len() as u64
}

#[tokio::test]
async fn after_its_connections_are_cut_the_store_works_again_and_the_listener_says_it_is_back() {
    let Some(backend) = postgres().await else {
        println!("SKIPPED postgres (QUIRE_TEST_DATABASE_URL unset)");
        return;
    };
    let store = backend.node().await;
    let owner = tenant(&store, "cut@example.com").await;
    let mut signals = store.subscribe().await.unwrap().unwrap();
    let database = database_name(&backend.url);
    assert!(cut_connections(&database, "quire-listener").await >= 1);
    assert!(cut_connections(&database, "quire").await >= 1);

    // The pool tests connections before handing them out, so the next calls get fresh ones.
    store.ping().await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        match tokio::time::timeout_at(deadline, signals.recv()).await.expect("reconnected within 10 s") {
            Ok(StoreSignal::Reconnected) => break,
            Ok(_) => {}
            Err(e) => panic!("{e}"),
        }
    }
    store.enqueue_job(&job(&owner, "key_1", Timestamp::now()), &[]).await.unwrap();
    loop {
        match tokio::time::timeout_at(deadline, signals.recv()).await.expect("a job signal after reconnecting") {
            Ok(StoreSignal::JobQueued) => break,
            Ok(_) => {}
            Err(e) => panic!("{e}"),
        }
    }
}

#[tokio::test]
async fn a_database_that_goes_away_gives_errors_within_seconds_and_the_store_recovers_when_it_returns() {
    let Some(backend) = postgres().await else {
        println!("SKIPPED postgres (QUIRE_TEST_DATABASE_URL unset)");
        return;
    };
    let store = backend.node().await;
    let owner = tenant(&store, "outage@example.com").await;
    let name = database_name(&backend.url);
    let admin_url = std::env::var(crate::support::DATABASE_URL_VAR).unwrap();
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await.unwrap();
    // As good as down for this store: no new connections, and the open ones cut.
    sqlx::query(sqlx::AssertSqlSafe(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false")))
        .execute(&mut admin)
        .await
        .unwrap();
    cut_connections(&name, "quire").await;

    let started = std::time::Instant::now();
    let error = store.job_by_id("job_x").await.expect_err("the database is away");
    assert!(started.elapsed() < Duration::from_secs(15), "no hang: {:?}", started.elapsed());
    // Refused here with "not accepting connections" (55000); a server that is down or restarting gives I/O errors,
    // pool timeouts or 57P0x, which `is_unavailable` tells apart for a 503.
    assert!(matches!(error, StoreError::Database(_)), "{error}");

    sqlx::query(sqlx::AssertSqlSafe(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")))
        .execute(&mut admin)
        .await
        .unwrap();
    store.enqueue_job(&job(&owner, "key_1", Timestamp::now()), &[]).await.expect("the pool is back");
}
