//! The whole dashboard in headless Chromium: `tests/dashboard/e2e.mjs` (Playwright) against a real server.
//!
//! Needs Node.js, Debian's `chromium` and `npm ci` in `tests/dashboard`; `.ci/run` installs all three and
//! sets `QUIRE_REQUIRE_BROWSER=1`, which turns a missing piece into a failure instead of a skip.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::common::TestServer;

const CHROMIUM: &str = "/usr/bin/chromium";

fn e2e_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/dashboard")
}

/// What is missing to run the browser suite, if anything.
fn missing_prerequisite(dir: &Path) -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} (apt-get install chromium)"));
    }
    if std::process::Command::new("node").arg("--version").output().is_err() {
        return Some("node".into());
    }
    if !dir.join("node_modules/playwright-core").exists() {
        return Some(format!("playwright-core (npm ci in {})", dir.display()));
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_end_to_end_in_headless_chromium() {
    let dir = e2e_dir();
    if let Some(missing) = missing_prerequisite(&dir) {
        let required = std::env::var("QUIRE_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(!required, "QUIRE_REQUIRE_BROWSER=1 but {missing} is missing");
        eprintln!("SKIPPED dashboard browser tests: {missing} is missing");
        return;
    }
    let server = TestServer::start().await;
    let output = tokio::process::Command::new("node")
        .arg("e2e.mjs")
        .current_dir(&dir)
        .env("QUIRE_URL", &server.base)
        .env("CHROMIUM_PATH", CHROMIUM)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "browser suite failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("all dashboard checks passed"), "{stdout}");
}
