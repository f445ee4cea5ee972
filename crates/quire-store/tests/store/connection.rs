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

/// Cuts every connection named `application` to the database of `url`, as a database restart would.
async fn cut_connections(url: &str, application: &str) -> u64 {
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(url).await.unwrap();
    let cut = sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() \
         AND application_name = $1 AND pid <> pg_backend_pid()",
    )
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
    assert!(cut_connections(&backend.url, "quire-listener").await >= 1);
    assert!(cut_connections(&backend.url, "quire").await >= 1);

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
