//! Signing certificates: listed per project newest first and paged, read by project and id (revoked ones too), and
//! revoked once, which wipes the sealed key material — the same on every store.

use quire_core::Timestamp;
use quire_store::{SigningCertificate, StoreError};

use crate::support::{Tenant, on_every_store, tenant};

fn certificate(owner: &Tenant, name: &str, created_at: Timestamp) -> SigningCertificate {
    SigningCertificate {
        id: quire_core::ids::new_id("cert"),
        project_id: owner.project_id.clone(),
        name: name.into(),
        subject: format!("CN={name},O=Quire Test PKI,C=CH"),
        issuer: "CN=Quire Test Root CA,O=Quire Test PKI,C=CH".into(),
        serial: "46123fbf3da9d8fa".into(),
        not_before: Timestamp::from_millis(1_735_689_600_000),
        not_after: Timestamp::from_millis(3_313_526_400_000),
        sealed: vec![1, 0, 255, 7, 42],
        created_at,
        created_by: Some(owner.user_id.clone()),
        revoked_at: None,
    }
}

#[tokio::test]
async fn certificates_are_listed_newest_first_per_project_and_read_back_whole() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let owner = tenant(&store, "signer@example.com").await;
        let other = tenant(&store, "other@example.com").await;
        let start = Timestamp::now();
        let older = certificate(&owner, "Older", start);
        let newer = SigningCertificate { created_by: None, ..certificate(&owner, "Newer", start.plus_seconds(5)) };
        let theirs = certificate(&other, "Theirs", start.plus_seconds(9));
        for c in [&older, &newer, &theirs] {
            store.create_signing_certificate(c).await.unwrap();
        }

        let (page, total) = store.signing_certificates(&owner.project_id, 0, 10).await.unwrap();
        assert_eq!(total, 2, "{}", backend.name);
        assert_eq!(page, vec![newer.clone(), older.clone()], "newest first, every column as written");
        let (second, total) = store.signing_certificates(&owner.project_id, 1, 1).await.unwrap();
        assert_eq!((second.len(), total), (1, 2));
        assert_eq!(second[0].id, older.id, "the second page starts after the first");

        assert_eq!(store.signing_certificate(&owner.project_id, &older.id).await.unwrap(), Some(older));
        assert_eq!(store.signing_certificate(&owner.project_id, &theirs.id).await.unwrap(), None, "not by its id");
        assert_eq!(store.signing_certificates(&other.project_id, 0, 10).await.unwrap().0, vec![theirs]);
    })
    .await;
}

#[tokio::test]
async fn revoking_keeps_the_row_wipes_the_key_material_and_happens_once() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let owner = tenant(&store, "revoke@example.com").await;
        let other = tenant(&store, "bystander@example.com").await;
        let kept = certificate(&owner, "Kept", Timestamp::now());
        let revoked = certificate(&owner, "Revoked", Timestamp::now());
        store.create_signing_certificate(&kept).await.unwrap();
        store.create_signing_certificate(&revoked).await.unwrap();

        let not_theirs = store.revoke_signing_certificate(&other.project_id, &revoked.id, Timestamp::now()).await;
        assert!(matches!(not_theirs, Err(StoreError::NotFound)), "{}: {not_theirs:?}", backend.name);
        let at = Timestamp::now();
        store.revoke_signing_certificate(&owner.project_id, &revoked.id, at).await.unwrap();

        let row = store.signing_certificate(&owner.project_id, &revoked.id).await.unwrap().expect("the row stays");
        assert_eq!(row.revoked_at, Some(at));
        assert!(row.sealed.is_empty(), "the sealed key material is destroyed");
        assert_eq!(row.subject, revoked.subject, "what it was stays readable");
        let (listed, total) = store.signing_certificates(&owner.project_id, 0, 10).await.unwrap();
        assert_eq!((listed, total), (vec![kept.clone()], 1), "revoked certificates are not listed");
        assert_eq!(store.signing_certificate(&owner.project_id, &kept.id).await.unwrap(), Some(kept));

        let again = store.revoke_signing_certificate(&owner.project_id, &revoked.id, Timestamp::now()).await;
        assert!(matches!(again, Err(StoreError::NotFound)), "{again:?}");
        let unknown = store.revoke_signing_certificate(&owner.project_id, "cert_unknown", Timestamp::now()).await;
        assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
        let row = store.signing_certificate(&owner.project_id, &revoked.id).await.unwrap().unwrap();
        assert_eq!(row.revoked_at, Some(at), "a second revocation does not move the date");
    })
    .await;
}

#[test]
fn debug_shows_the_size_of_the_sealed_bytes_not_the_bytes() {
    let owner = Tenant { user_id: "usr_1".into(), project_id: "team_1".into(), environment_id: "ws_1".into() };
    let mut shown = certificate(&owner, "Shown", Timestamp::now());
    shown.sealed = b"TOPSECRETBYTES".to_vec();
    let text = format!("{shown:?}");
    assert!(text.contains("<14 bytes>") && !text.contains("TOPSECRET") && !text.contains("84, 79"), "{text}");
}
