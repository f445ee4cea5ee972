//! Authentication and authorisation: tokens, passwords, the caller, and the role/scope checks.

pub mod access;
pub mod caller;
mod caller_identity;
pub mod jwt;
pub mod oauth_bearer;
pub mod password;
pub mod session_cookie;
pub mod throttle;

pub use access::{EnvironmentAccess, ProjectAccess, Requirement, authorize_environment, authorize_project};
pub use caller::{Caller, Principal, UserPrincipal};
