//! `quire copy`'s engine: an embedded database moves to PostgreSQL row for row, and a copy that fails before its
//! commit leaves the target empty.

use quire_core::Timestamp;
use quire_store::copy::copy_sqlite_to_postgres;
use quire_store::{PostgresStore, SqliteStore};

use quire_store::{ActivityEntry, ActorType, SigningCertificate};

use crate::support::{DATABASE_URL_VAR, Tenant, job, postgres, sqlite, tenant};

/// A certificate whose sealed bytes cover every byte value, so a copy that mangled binary columns would show.
fn signing_certificate(owner: &Tenant) -> SigningCertificate {
    let now = Timestamp::now();
    SigningCertificate {
        id: quire_core::ids::new_id("cert"),
        project_id: owner.project_id.clone(),
        name: "Invoices".into(),
        subject: "CN=Quire Test Signer,O=Quire Test PKI,C=CH".into(),
        issuer: "CN=Quire Test Root CA,O=Quire Test PKI,C=CH".into(),
        serial: "46123fbf".into(),
        not_before: now,
        not_after: now.plus_seconds(3600),
        sealed: (0..=255).collect(),
        created_at: now,
        created_by: None,
        revoked_at: None,
    }
}

fn activity(owner: &Tenant) -> ActivityEntry {
    ActivityEntry {
        id: quire_core::ids::new_id("act"),
        project_id: owner.project_id.clone(),
        environment_id: None,
        actor_id: owner.user_id.clone(),
        actor_type: ActorType::User,
        actor_label: "copy@example.com".into(),
        action: "template.published".into(),
        target_type: "template".into(),
        target_id: "tpl_1".into(),
        details: None,
        created_at: Timestamp::now(),
    }
}

#[tokio::test]
async fn a_failed_copy_leaves_the_target_empty_and_a_retry_moves_everything() {
    let Some(target_db) = postgres().await else {
        println!("SKIPPED postgres ({DATABASE_URL_VAR} unset)");
        return;
    };
    let source_db = sqlite();
    let source_node = source_db.node().await;
    let owner = tenant(&source_node, "copy@example.com").await;
    for _ in 0..3 {
        source_node.enqueue_job(&job(&owner, &owner.user_id, Timestamp::now()), &[]).await.unwrap();
        source_node.record_activity(&activity(&owner)).await.unwrap();
    }
    let certificate = signing_certificate(&owner);
    source_node.create_signing_certificate(&certificate).await.unwrap();
    let source = SqliteStore::open(&source_db.url).await.unwrap();
    let target = PostgresStore::open(&target_db.url).await.unwrap();

    let failed = copy_sqlite_to_postgres(&source, &target, &[], async |_| Err("the bucket refused".into())).await;
    assert!(failed.unwrap_err().to_string().contains("the bucket refused"));
    let node = target_db.node().await;
    assert_eq!(node.count_users().await.unwrap(), 0, "nothing of the failed copy stays");

    let report =
        copy_sqlite_to_postgres(&source, &target, &[("jwt_secret", "s3cr3t")], async |_| Ok(())).await.unwrap();
    assert_eq!(report.rows("jobs"), 3);
    assert_eq!(report.rows("users"), 1);
    assert_eq!(report.rows("signing_certificates"), 1);
    assert!(!report.tables.iter().any(|(t, _)| t == "api_key_changes" || t == "_sqlx_migrations"));
    assert_eq!(node.count_users().await.unwrap(), 1);
    let copied = node.signing_certificate(&owner.project_id, &certificate.id).await.unwrap();
    assert_eq!(copied, Some(certificate), "the sealed bytes and every column arrive as they were");
    assert_eq!(quire_store::Repository::setting(&*node, "jwt_secret").await.unwrap().as_deref(), Some("s3cr3t"));
    // Identity columns (the activity log's sequence) moved past the copied rows: new entries write without a clash.
    node.record_activity(&activity(&owner)).await.unwrap();
    assert_eq!(node.activity(&owner.project_id, 0, 10).await.unwrap().1, 4);

    let again = copy_sqlite_to_postgres(&source, &target, &[], async |_| Ok(())).await;
    assert!(again.unwrap_err().to_string().contains("not empty"));
}
