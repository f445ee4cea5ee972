//! API keys: the record cache on the authentication hot path, batched usage counting, and the routes.

pub mod cache;
pub mod issue;
pub mod routes;
pub mod usage;
mod usage_report;
mod wire;
