//! `quire_server::signing::signer_for`, what the render path calls: the opened signer of a live certificate
//! (cached, dropped on revoke), and `422 ERR_VALID_001` at `pdf.sign.certificateId` for one that cannot sign.

use std::sync::Arc;

use quire_core::{ApiError, Timestamp};
use quire_server::signing::signer_for;
use quire_store::SigningCertificate;

use super::signing_support::{PASSWORD, certificate, fixture, upload};
use super::world::id_of;
use crate::common::{Account, TestServer};

/// Asserts a refusal at the render's certificate field with `message`.
fn assert_refused(refused: Result<Arc<quire_pdf_post::Signer>, ApiError>, message: &str) {
    let error = refused.expect_err("refused");
    assert_eq!((error.status(), error.code.as_str()), (422, "ERR_VALID_001"), "{error}");
    let field = &error.related_info.as_ref().unwrap()["errors"][0];
    assert_eq!(field["field"], "pdf.sign.certificateId");
    assert_eq!(field["message"], message);
}

async fn uploaded(server: &TestServer, owner: &Account, file: &str) -> String {
    let created = upload(server, &owner.token, Some(&owner.team_id), file, PASSWORD, None).await;
    assert_eq!(created.status.as_u16(), 201, "{}", created.body);
    id_of(&created)
}

#[tokio::test]
async fn a_live_certificate_gives_its_signer_once_opened_and_a_revoked_one_is_refused() {
    let server = TestServer::start().await;
    let owner = server.register("render@sign.test").await;
    let id = uploaded(&server, &owner, "signer-ec.p12").await;
    let state = server.state();
    let signer = signer_for(state, &owner.team_id, &id).await.unwrap();
    assert_eq!(signer.subject(), "CN=Quire Test EC Signer,O=Quire Test PKI,C=CH");
    assert!(state.signing.is_cached(&id));
    let again = signer_for(state, &owner.team_id, &id).await.unwrap();
    assert!(Arc::ptr_eq(&signer, &again), "the second render uses the opened signer");

    assert_eq!(server.delete(&certificate(&id, Some(&owner.team_id)), &owner.token).await.status.as_u16(), 204);
    assert!(!state.signing.is_cached(&id), "the revoke dropped the opened key on this node");
    let revoked = state.store.signing_certificate(&owner.team_id, &id).await.unwrap().unwrap().revoked_at.unwrap();
    let refused = signer_for(state, &owner.team_id, &id).await;
    assert_refused(refused, &format!("signing certificate {id} was revoked on {}", revoked.to_iso()));
}

#[tokio::test]
async fn an_unknown_or_foreign_certificate_is_not_found() {
    let server = TestServer::start().await;
    let owner = server.register("unknown@sign.test").await;
    let other = server.register("foreign@sign.test").await;
    let theirs = uploaded(&server, &other, "signer-rsa.p12").await;
    let state = server.state();
    assert_refused(signer_for(state, &owner.team_id, "cert_nope").await, "signing certificate cert_nope not found");
    let foreign = signer_for(state, &owner.team_id, &theirs).await;
    assert_refused(foreign, &format!("signing certificate {theirs} not found"));
    assert!(signer_for(state, &other.team_id, &theirs).await.is_ok(), "its own project signs with it");
}

/// Stores the RSA fixture, sealed by the server, with validity `[not_before, not_after]` (uploads refuse an
/// expired file, so this is how a certificate that expired since its upload looks).
async fn stored_with_validity(
    server: &TestServer,
    owner: &Account,
    not_before: Timestamp,
    not_after: Timestamp,
) -> String {
    let state = server.state();
    let id = quire_core::ids::new_id("cert");
    let sealed = state.signing.seal(&id, &fixture("signer-rsa.p12"), PASSWORD).unwrap();
    let record = SigningCertificate {
        id: id.clone(),
        project_id: owner.team_id.clone(),
        name: "Aged".into(),
        subject: "CN=Quire Test Signer,O=Quire Test PKI,C=CH".into(),
        issuer: "CN=Quire Test Root CA,O=Quire Test PKI,C=CH".into(),
        serial: "46123fbf".into(),
        not_before,
        not_after,
        sealed,
        created_at: Timestamp::now(),
        created_by: None,
        revoked_at: None,
    };
    state.store.create_signing_certificate(&record).await.unwrap();
    id
}

#[tokio::test]
async fn a_certificate_outside_its_validity_period_is_refused() {
    let server = TestServer::start().await;
    let owner = server.register("validity@sign.test").await;
    let now = Timestamp::now();
    let expired = stored_with_validity(&server, &owner, now.plus_seconds(-7200), now.plus_seconds(-60)).await;
    let refused = signer_for(server.state(), &owner.team_id, &expired).await;
    assert_refused(refused, &format!("signing certificate {expired} expired on {}", now.plus_seconds(-60).to_iso()));
    let early = stored_with_validity(&server, &owner, now.plus_seconds(3600), now.plus_seconds(7200)).await;
    let refused = signer_for(server.state(), &owner.team_id, &early).await;
    let starts = now.plus_seconds(3600).to_iso();
    assert_refused(refused, &format!("signing certificate {early} is not valid before {starts}"));
    assert!(!server.state().signing.is_cached(&expired), "nothing was opened for them");
}

#[tokio::test]
async fn certificates_open_after_a_restart_with_the_kept_key_and_not_with_another_key() {
    let server = TestServer::start().await;
    let owner = server.register("restart@sign.test").await;
    let id = uploaded(&server, &owner, "signer-rsa.p12").await;
    let server = server.restart().await;
    let signer = signer_for(server.state(), &owner.team_id, &id).await.expect("the generated key file was kept");
    assert_eq!(signer.serial(), "46123fbf3da9d8fa7d8e89549e33c8435893c63e");

    let other_key = quire_server::config::EncryptionKey::parse(&"5a".repeat(32)).unwrap();
    let config = quire_server::Config { encryption_key: Some(other_key), ..server.config.clone() };
    let server = server.restart_with(config).await;
    let refused = signer_for(server.state(), &owner.team_id, &id).await.expect_err("another key does not open it");
    assert_eq!(refused.code.as_str(), "ERR_INTERNAL", "{refused}");
    assert!(!refused.message.contains(PASSWORD), "{refused}");
}
