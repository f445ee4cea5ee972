//! PostgreSQL going away under a running server: `503 ERR_UNAVAILABLE` and `/ready` 503 instead of a panic or a
//! hang, and everything working again when the database is back.

use std::time::Duration;

use serde_json::json;

use crate::common::{TestServer, assert_error};

async fn admin() -> Option<sqlx::PgConnection> {
    let url = std::env::var("QUIRE_TEST_DATABASE_URL").ok()?;
    Some(<sqlx::PgConnection as sqlx::Connection>::connect(&url).await.expect("the admin connection"))
}

async fn allow_connections(admin: &mut sqlx::PgConnection, database: &str, allowed: bool) {
    let statement = format!("ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {allowed}");
    sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut *admin).await.unwrap();
    if !allowed {
        sqlx::query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        )
        .bind(database)
        .execute(&mut *admin)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn a_database_outage_is_503_err_unavailable_and_the_server_recovers() {
    let server = TestServer::start().await;
    let Some(mut admin) = admin().await else {
        eprintln!("SKIPPED postgres outage (QUIRE_TEST_DATABASE_URL unset)");
        return;
    };
    let url = server.config.database_url();
    let database = url.rsplit('/').next().unwrap().split('?').next().unwrap().to_string();
    let account = server.register("outage@example.com").await;
    let (key, _) =
        server.create_key(&account.token, &account.env_id, &["documents:generate", "templates:manage"]).await;
    assert_eq!(server.get("/api/v1/templates", &key).await.status.as_u16(), 200, "the key is now cached");

    allow_connections(&mut admin, &database, false).await;
    let during = server.get("/api/v1/templates", &key).await;
    assert_error(&during, 503, "ERR_UNAVAILABLE");
    assert!(!during.body["message"].as_str().unwrap().contains("postgres"), "no internals: {}", during.body);
    let ready = server.call(reqwest::Method::GET, "/ready", None, None).await;
    assert_eq!(ready.status.as_u16(), 503, "{}", ready.body);
    assert_eq!(server.call(reqwest::Method::GET, "/health", None, None).await.status.as_u16(), 200);

    allow_connections(&mut admin, &database, true).await;
    let mut recovered = false;
    for _ in 0..100 {
        if server.get("/api/v1/templates", &key).await.status.as_u16() == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(recovered, "the pool reconnects when the database is back");
    let created = server
        .post(
            "/api/v1/templates",
            &key,
            json!({ "name": "After", "schema": { "components": [
            { "id": "t", "type": "text", "props": { "text": "back" } } ] }, "variables": [] }),
        )
        .await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.body);
}
