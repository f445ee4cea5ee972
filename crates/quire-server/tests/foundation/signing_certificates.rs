//! Signing certificates over HTTP (API.md §12): upload, list, get and revoke within a project, several per project,
//! invisible to other projects, and only for callers who may manage the project.

use reqwest::StatusCode;
use serde_json::Value;

use super::signing_support::{PASSWORD, certificate, certificates, upload};
use super::world::{Who, World, id_of};
use crate::common::{TestServer, assert_error};

/// The answer's keys, sorted.
fn keys(body: &Value) -> Vec<String> {
    let mut keys: Vec<String> = body.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    keys.sort();
    keys
}

#[tokio::test]
async fn an_upload_answers_what_the_certificate_says_and_is_listed_fetched_and_revoked() {
    let server = TestServer::start().await;
    let owner = server.register("owner@sign.test").await;
    let team = Some(owner.team_id.as_str());
    let created = upload(&server, &owner.token, team, "signer-rsa.p12", PASSWORD, Some("Invoices")).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let body = &created.body;
    let id = id_of(&created);
    assert!(id.starts_with("cert_"), "{id}");
    assert_eq!(body["name"], "Invoices");
    assert_eq!(body["subject"], "CN=Quire Test Signer,O=Quire Test PKI,C=CH");
    assert_eq!(body["issuer"], "CN=Quire Test Root CA,O=Quire Test PKI,C=CH");
    // As `openssl x509 -noout -serial` prints it for the fixture.
    assert_eq!(body["serialNumber"], "46123fbf3da9d8fa7d8e89549e33c8435893c63e");
    assert_eq!(
        (body["notBefore"].as_str(), body["notAfter"].as_str()),
        (Some("2025-01-01T00:00:00.000Z"), Some("2075-01-01T00:00:00.000Z"))
    );
    assert_eq!(body["status"], "active");
    let expected = ["createdAt", "id", "issuer", "name", "notAfter", "notBefore", "serialNumber", "status", "subject"];
    assert_eq!(keys(body), expected, "nothing else, and never key material: {body}");

    let listed = server.get(&certificates(team), &owner.token).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    assert_eq!((listed.body["total"].as_i64(), listed.body["page"].as_i64()), (Some(1), Some(1)));
    assert_eq!(&listed.body["data"][0], body);
    let fetched = server.get(&certificate(&id, team), &owner.token).await;
    assert_eq!((fetched.status, &fetched.body), (StatusCode::OK, body));

    assert_eq!(server.delete(&certificate(&id, team), &owner.token).await.status, StatusCode::NO_CONTENT);
    assert_error(&server.get(&certificate(&id, team), &owner.token).await, 404, "ERR_CERT_001");
    assert_error(&server.delete(&certificate(&id, team), &owner.token).await, 404, "ERR_CERT_001");
    assert_eq!(server.get(&certificates(team), &owner.token).await.body["total"], 0);

    let log = server.get(&format!("/api/teams/{}/activity", owner.team_id), &owner.token).await;
    let entries = log.body["data"].as_array().unwrap();
    let actions: Vec<&str> = entries.iter().filter_map(|e| e["action"].as_str()).take(2).collect();
    assert_eq!(actions, ["signing_certificate.revoked", "signing_certificate.created"], "{}", log.body);
    assert_eq!(entries[0]["targetId"], id.as_str());
    assert_eq!(entries[1]["details"]["serialNumber"], body["serialNumber"]);
    assert!(!log.body.to_string().contains(PASSWORD), "no secret in the log");
}

#[tokio::test]
async fn a_project_holds_several_certificates_newest_first_named_by_their_cn_by_default() {
    let server = TestServer::start().await;
    let owner = server.register("several@sign.test").await;
    let team = Some(owner.team_id.as_str());
    let rsa = upload(&server, &owner.token, team, "signer-rsa.p12", PASSWORD, None).await;
    let ec = upload(&server, &owner.token, team, "signer-ec.p12", PASSWORD, Some("  ")).await;
    assert_eq!((rsa.status, ec.status), (StatusCode::CREATED, StatusCode::CREATED), "{} {}", rsa.body, ec.body);
    assert_eq!(
        (rsa.body["name"].as_str(), ec.body["name"].as_str()),
        (Some("Quire Test Signer"), Some("Quire Test EC Signer"))
    );
    assert_ne!(rsa.body["serialNumber"], ec.body["serialNumber"]);

    let listed = server.get(&certificates(team), &owner.token).await;
    let names: Vec<&str> = listed.body["data"].as_array().unwrap().iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names, ["Quire Test EC Signer", "Quire Test Signer"], "newest first");
    let paged = server.get(&format!("{}&limit=1&page=2", certificates(team)), &owner.token).await;
    assert_eq!((paged.body["total"].as_i64(), paged.body["totalPages"].as_i64()), (Some(2), Some(2)));
    assert_eq!(paged.body["data"][0]["id"], rsa.body["id"]);

    let gone = certificate(&id_of(&ec), team);
    assert_eq!(server.delete(&gone, &owner.token).await.status, StatusCode::NO_CONTENT);
    let left = server.get(&certificates(team), &owner.token).await;
    assert_eq!((left.body["total"].as_i64(), &left.body["data"][0]["id"]), (Some(1), &rsa.body["id"]));
}

#[tokio::test]
async fn another_project_can_neither_see_nor_revoke_a_certificate() {
    let server = TestServer::start().await;
    let owner = server.register("mine@sign.test").await;
    let other = server.register("theirs@sign.test").await;
    let created = upload(&server, &owner.token, Some(&owner.team_id), "signer-rsa.p12", PASSWORD, None).await;
    let id = id_of(&created);
    let (other_key, _) = server.create_key(&other.token, &other.env_id, &["project:manage"]).await;

    let in_their_project = Some(other.team_id.as_str());
    assert_error(&server.get(&certificate(&id, in_their_project), &other.token).await, 404, "ERR_CERT_001");
    assert_error(&server.delete(&certificate(&id, in_their_project), &other.token).await, 404, "ERR_CERT_001");
    assert_error(&server.get(&certificate(&id, None), &other_key).await, 404, "ERR_CERT_001");
    assert_error(&server.delete(&certificate(&id, None), &other_key).await, 404, "ERR_CERT_001");
    assert_eq!(server.get(&certificates(None), &other_key).await.body["total"], 0);
    let named = Some(owner.team_id.as_str());
    assert_error(&server.get(&certificates(named), &other.token).await, 404, "ERR_PROJ_001");
    assert_error(&server.delete(&certificate(&id, named), &other.token).await, 404, "ERR_PROJ_001");
    assert_error(&server.get(&certificates(named), &other_key).await, 404, "ERR_PROJ_001");

    let still = server.get(&certificate(&id, Some(&owner.team_id)), &owner.token).await;
    assert_eq!((still.status, &still.body["id"]), (StatusCode::OK, &created.body["id"]), "{}", still.body);
}

#[tokio::test]
async fn only_callers_who_manage_the_project_reach_its_certificates() {
    let world = World::new().await;
    let server = &world.server;
    let team = Some(world.team_id.as_str());
    for who in [Who::Member, Who::Viewer] {
        assert_error(&server.get(&certificates(team), world.token(who)).await, 403, "ERR_AUTH_005");
        let refused = upload(server, world.token(who), team, "signer-rsa.p12", PASSWORD, None).await;
        assert_error(&refused, 403, "ERR_AUTH_005");
    }
    let by_admin = upload(server, world.token(Who::Admin), team, "signer-rsa.p12", PASSWORD, None).await;
    assert_eq!(by_admin.status, StatusCode::CREATED, "{}", by_admin.body);
    let without_project = server.get(&certificates(None), world.token(Who::Owner)).await;
    assert_error(&without_project, 400, "ERR_VALID_001");
    assert_eq!(without_project.body["relatedInfo"]["errors"][0]["field"], "teamId");

    let (generate, _) =
        server.create_key(&world.owner.token, &world.env_id, &["documents:generate", "templates:manage"]).await;
    let refused = server.get(&certificates(None), &generate).await;
    assert_error(&refused, 403, "ERR_AUTH_005");
    assert!(refused.body["message"].as_str().unwrap().contains("project:manage"), "{}", refused.body);
    assert_error(&upload(server, &generate, None, "signer-ec.p12", PASSWORD, None).await, 403, "ERR_AUTH_005");
    assert_error(&server.delete(&certificate(&id_of(&by_admin), None), &generate).await, 403, "ERR_AUTH_005");

    let (manage, _) = server.create_key(&world.owner.token, &world.env_id, &["project:manage"]).await;
    let listed = server.get(&certificates(None), &manage).await;
    assert_eq!(
        (listed.status, &listed.body["data"][0]["id"]),
        (StatusCode::OK, &by_admin.body["id"]),
        "the key's project"
    );
    let by_key = upload(server, &manage, None, "signer-ec.p12", PASSWORD, None).await;
    assert_eq!(by_key.status, StatusCode::CREATED, "{}", by_key.body);
    assert_eq!(server.get(&certificates(team), world.token(Who::Owner)).await.body["total"], 2);
}
