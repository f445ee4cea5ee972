//! HTTP plumbing shared by every route: errors, JSON bodies, request ids, pagination, the client address.

pub mod client_ip;
pub mod error;
pub mod json;
pub mod multipart;
pub mod pagination;
pub mod request_id;
pub mod request_limits;

pub use error::{ApiResult, HttpError};
pub use json::Json;
