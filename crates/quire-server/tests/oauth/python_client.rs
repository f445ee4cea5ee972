//! The whole flow driven by authlib, a generic OAuth client library from PyPI, in the interpreter named by
//! `QUIRE_TEST_PYTHON` (`.ci/run` installs authlib there); says SKIPPED without it, unless `QUIRE_REQUIRE_AUTHLIB`
//! is set.

use crate::common::TestServer;

#[tokio::test]
async fn authlib_runs_registration_consent_pkce_refresh_reuse_revocation_and_client_credentials() {
    let python = std::env::var("QUIRE_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let probe = std::process::Command::new(&python).args(["-c", "import authlib, requests"]).output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        assert!(std::env::var_os("QUIRE_REQUIRE_AUTHLIB").is_none(), "authlib is required here ({python})");
        eprintln!("SKIPPED authlib flow: {python} lacks authlib or requests");
        return;
    }
    let server = TestServer::start().await;
    let owner = server.register("oauth-owner@example.com").await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oauth/authlib_flow.py");
    let base = server.base.clone();
    let args = [script.to_string(), base, owner.token.clone(), owner.team_id.clone(), owner.env_id.clone()];
    let out = tokio::task::spawn_blocking(move || std::process::Command::new(&python).args(args).output())
        .await
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "authlib flow failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("OK 12 steps"), "{stdout}");
}
