//! Hostile and broken certificate uploads are refused with the field at fault and nothing stored, and what is
//! stored holds neither the private key nor the password in clear.

use p12_keystore::{KeyStore, Pkcs12ImportPolicy};
use reqwest::StatusCode;

use super::signing_support::{PASSWORD, certificates, fixture, upload, upload_bytes};
use super::world::id_of;
use crate::common::{Account, Answer, TestServer, assert_error, on_postgres};

/// The field and message of a one-field validation error.
fn field_error(answer: &Answer) -> (String, String) {
    let error = &answer.body["relatedInfo"]["errors"][0];
    (error["field"].as_str().unwrap_or("").into(), error["message"].as_str().unwrap_or("").into())
}

/// Asserts the project holds no certificate and its log no certificate entry.
async fn nothing_stored(server: &TestServer, owner: &Account) {
    let listed = server.get(&certificates(Some(&owner.team_id)), &owner.token).await;
    assert_eq!(listed.body["total"], 0, "{}", listed.body);
    let log = server.get(&format!("/api/teams/{}/activity", owner.team_id), &owner.token).await;
    assert!(!log.body.to_string().contains("signing_certificate"), "{}", log.body);
}

#[tokio::test]
async fn a_wrong_password_points_at_the_password_and_stores_nothing() {
    let server = TestServer::start().await;
    let owner = server.register("password@sign.test").await;
    let wrong = "Tr0ub4dor&3-not-it";
    let answer = upload(&server, &owner.token, Some(&owner.team_id), "signer-rsa.p12", wrong, None).await;
    assert_error(&answer, 400, "ERR_VALID_001");
    let (field, message) = field_error(&answer);
    assert_eq!(field, "password");
    assert!(message.contains("wrong"), "{message}");
    assert!(!answer.body.to_string().contains(wrong), "the password is not repeated: {}", answer.body);
    let empty = upload(&server, &owner.token, Some(&owner.team_id), "signer-ec.p12", "", None).await;
    assert_eq!(field_error(&empty).0, "password", "{}", empty.body);
    nothing_stored(&server, &owner).await;
}

#[tokio::test]
async fn a_file_that_is_not_a_usable_pkcs12_points_at_the_file_and_stores_nothing() {
    let server = TestServer::start().await;
    let owner = server.register("file@sign.test").await;
    let team = Some(owner.team_id.as_str());
    let garbage = upload_bytes(&server, &owner.token, team, b"%PDF-1.7 not a key store".to_vec(), PASSWORD, None).await;
    assert_error(&garbage, 400, "ERR_VALID_001");
    let (field, message) = field_error(&garbage);
    assert_eq!(field, "file");
    assert!(message.contains("not a readable PKCS#12 file"), "{message}");

    let no_key = upload(&server, &owner.token, team, "certificates-only.p12", PASSWORD, None).await;
    assert_error(&no_key, 400, "ERR_VALID_001");
    assert_eq!(field_error(&no_key), ("file".into(), "the PKCS#12 file holds no private key".into()));

    let missing = server.post_multipart(&certificates(team), &owner.token, &[]).await;
    assert_error(&missing, 400, "ERR_VALID_001");
    assert_eq!(field_error(&missing).0, "file");
    let not_multipart = server.post(&certificates(team), &owner.token, serde_json::json!({ "file": "x" })).await;
    assert_error(&not_multipart, 400, "ERR_VALID_001");
    nothing_stored(&server, &owner).await;
}

#[tokio::test]
async fn an_expired_certificate_is_unprocessable_and_stores_nothing() {
    let server = TestServer::start().await;
    let owner = server.register("expired@sign.test").await;
    let answer = upload(&server, &owner.token, Some(&owner.team_id), "signer-expired.p12", PASSWORD, None).await;
    assert_error(&answer, 422, "ERR_VALID_001");
    assert_eq!(field_error(&answer), ("file".into(), "the certificate expired on 2021-01-01T00:00:00.000Z".into()));
    nothing_stored(&server, &owner).await;
}

#[tokio::test]
async fn a_file_over_one_megabyte_is_too_large() {
    let server = TestServer::start().await;
    let owner = server.register("large@sign.test").await;
    let mut bytes = fixture("signer-rsa.p12");
    bytes.resize(1024 * 1024 + 1, 0);
    let answer = upload_bytes(&server, &owner.token, Some(&owner.team_id), bytes, PASSWORD, None).await;
    assert_error(&answer, 413, "ERR_VALID_003");
    assert!(answer.body["message"].as_str().unwrap().contains("1 MB"), "{}", answer.body);
    nothing_stored(&server, &owner).await;
}

#[tokio::test]
async fn the_stored_row_holds_neither_the_private_key_nor_the_password_in_clear() {
    let server = TestServer::start().await;
    let owner = server.register("rest@sign.test").await;
    let p12 = fixture("signer-rsa.p12");
    let created = upload(&server, &owner.token, Some(&owner.team_id), "signer-rsa.p12", PASSWORD, None).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let store = &server.state().store;
    let row = store.signing_certificate(&owner.team_id, &id_of(&created)).await.unwrap().expect("stored");

    let keystore = KeyStore::from_pkcs12(&p12, PASSWORD, Pkcs12ImportPolicy::Strict).unwrap();
    let key_der = keystore.private_key_chain().expect("a key").1.key().as_der().to_vec();
    assert!(key_der.len() > 1000, "an RSA 2048 PKCS#8 key");
    let holds = |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
    assert_eq!(row.sealed[0], 1, "the version byte");
    assert!(row.sealed.len() > p12.len(), "the whole file is sealed");
    assert!(!holds(&row.sealed, &key_der[..64]) && !holds(&row.sealed, &key_der[key_der.len() - 64..]));
    assert!(!holds(&row.sealed, PASSWORD.as_bytes()), "no password in clear");
    assert!(p12.chunks(32).all(|chunk| !holds(&row.sealed, chunk)), "not even the encrypted file as uploaded");
    if !on_postgres() {
        let mut database = std::fs::read(server.data_dir().join("quire.db")).unwrap();
        database.extend(std::fs::read(server.data_dir().join("quire.db-wal")).unwrap_or_default());
        assert!(holds(&database, &row.sealed[..32]), "the sealed bytes are what the file holds");
        assert!(
            !holds(&database, &key_der[..64]) && !holds(&database, PASSWORD.as_bytes()),
            "nor anywhere in the file"
        );
    }
    let key_file = server.data_dir().join("encryption-key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(std::fs::read_to_string(&key_file).unwrap().len(), 64, "a generated key, in hex");
}
