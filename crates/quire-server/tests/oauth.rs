//! Issue #16 over HTTP: the OAuth 2.1 authorization server of API.md §10 — discovery, registration, consent,
//! the code with PKCE, refresh rotation with reuse detection, client credentials, revocation, introspection,
//! userinfo — and API calls made with its tokens.
//!
//! One test binary; every test starts its own real server on 127.0.0.1:0 (SQLite, or PostgreSQL when
//! `QUIRE_TEST_DATABASE_URL` is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "oauth/support.rs"]
mod support;

#[path = "oauth/api_calls.rs"]
mod api_calls;
#[path = "oauth/authorize.rs"]
mod authorize;
#[path = "oauth/client_credentials.rs"]
mod client_credentials;
#[path = "oauth/discovery.rs"]
mod discovery;
#[path = "oauth/grants.rs"]
mod grants;
#[path = "oauth/python_client.rs"]
mod python_client;
#[path = "oauth/refresh.rs"]
mod refresh;
#[path = "oauth/registration.rs"]
mod registration;
#[path = "oauth/revocation.rs"]
mod revocation;
#[path = "oauth/token_errors.rs"]
mod token_errors;
