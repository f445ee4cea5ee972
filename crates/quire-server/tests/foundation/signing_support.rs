//! Shared steps of the signing-certificate tests: the PKCS#12 fixtures of `quire-pdf-post` and their upload.

use crate::common::multipart::Part;
use crate::common::{Answer, TestServer};

/// The password of every fixture (`crates/quire-pdf-post/tests/fixtures/README.md`).
pub const PASSWORD: &str = "quire-test";

/// The bytes of a fixture: `signer-rsa.p12`, `signer-ec.p12`, `signer-expired.p12`, `certificates-only.p12`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../quire-pdf-post/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The collection path, in `team_id` when given (a dashboard token must name the project).
pub fn certificates(team_id: Option<&str>) -> String {
    match team_id {
        Some(team) => format!("/api/v1/signing-certificates?teamId={team}"),
        None => "/api/v1/signing-certificates".into(),
    }
}

/// One certificate's path, in `team_id` when given.
pub fn certificate(id: &str, team_id: Option<&str>) -> String {
    match team_id {
        Some(team) => format!("/api/v1/signing-certificates/{id}?teamId={team}"),
        None => format!("/api/v1/signing-certificates/{id}"),
    }
}

/// Uploads the fixture `file` with `password` (and `name`, when given).
pub async fn upload(
    server: &TestServer,
    token: &str,
    team_id: Option<&str>,
    file: &str,
    password: &str,
    name: Option<&str>,
) -> Answer {
    upload_bytes(server, token, team_id, fixture(file), password, name).await
}

/// Uploads `bytes` as the `file` part.
pub async fn upload_bytes(
    server: &TestServer,
    token: &str,
    team_id: Option<&str>,
    bytes: Vec<u8>,
    password: &str,
    name: Option<&str>,
) -> Answer {
    let mut parts = vec![Part::file("file", "signer.p12", bytes), Part::text("password", password)];
    if let Some(name) = name {
        parts.push(Part::text("name", name));
    }
    server.post_multipart(&certificates(team_id), token, &parts).await
}
