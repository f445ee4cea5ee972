//! API keys: the record cache on the authentication hot path and the change feed that keeps it fresh,
//! batched usage counting, and the routes.

pub mod cache;
pub mod changes;
pub mod issue;
pub mod routes;
pub mod usage;
mod usage_report;
pub mod wire;
