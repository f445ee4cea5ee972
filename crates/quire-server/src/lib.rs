//! Quire's HTTP service (axum): accounts, projects, API keys, and the plumbing around them.
#![forbid(unsafe_code)]

pub mod activity;
pub mod app;
pub mod auth;
pub mod config;
pub mod dashboard;
pub mod documents;
pub mod http;
pub mod keys;
pub mod metrics;
pub mod oauth;
pub mod openapi;
pub mod ratelimit;
pub mod render_pool;
pub mod routes;
pub mod secrets;
pub mod signing;
pub mod state;
pub mod telemetry;
pub mod templates;
pub mod webhooks;

pub use app::{NodeRole, RunningServer, build_router, start, start_node};
pub use config::Config;
pub use state::AppState;
