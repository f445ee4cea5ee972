//! Quire domain types with no IO: ids, the API key format, scopes, roles, the error catalogue, timestamps.
#![forbid(unsafe_code)]

pub mod api_key;
pub mod base62;
pub mod error;
pub mod ids;
pub mod oauth_scope;
pub mod oauth_token;
pub mod role;
pub mod scope;
pub mod timestamp;

pub use api_key::{ApiKeyDigest, ApiKeyFormatError, ApiKeySecret};
pub use error::{ApiError, ErrorCode, FieldError};
pub use ids::new_id;
pub use oauth_scope::OAuthScope;
pub use oauth_token::{OAuthSecret, OAuthSecretKind};
pub use role::Role;
pub use scope::Scope;
pub use timestamp::Timestamp;
