//! Issue #3 over HTTP: API key format and errors, scopes, lifecycle (rotate, revoke, reactivate, delete),
//! isolation between environments and projects, rate limits, batched usage, and keys kept out of logs.
//!
//! One test binary; every test starts its own real server on 127.0.0.1:0 with a temporary SQLite file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "api_keys/support.rs"]
mod support;

#[path = "api_keys/auth_errors.rs"]
mod auth_errors;
#[path = "api_keys/change_feed.rs"]
mod change_feed;
#[path = "api_keys/isolation.rs"]
mod isolation;
#[path = "api_keys/lifecycle.rs"]
mod lifecycle;
#[path = "api_keys/logs.rs"]
mod logs;
#[path = "api_keys/rate_limits.rs"]
mod rate_limits;
#[path = "api_keys/rotation.rs"]
mod rotation;
#[path = "api_keys/scopes.rs"]
mod scopes;
#[path = "api_keys/usage.rs"]
mod usage;
