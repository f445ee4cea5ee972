//! Integration tests for the dashboard (issue #7): the cookie session with its CSRF guard, the embedded
//! files, and the whole dashboard driven in headless Chromium against a real server on 127.0.0.1:0.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod dashboard {
    mod browser;
    mod cookies;
    mod session;
    mod static_files;
}
