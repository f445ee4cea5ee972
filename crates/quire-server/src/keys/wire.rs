//! The wire shapes of key management (API.md §4) and the checks of their fields.

use quire_core::{ApiError, ErrorCode, FieldError, Scope, Timestamp};
use quire_store::ApiKeyRecord;
use serde::{Deserialize, Serialize};

use crate::http::HttpError;

/// A key as listed: never the secret.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyOut {
    id: String,
    name: String,
    prefix: String,
    permissions: Vec<Scope>,
    environment_id: String,
    team_id: String,
    /// `active`, `revoked` or `expired`.
    status: &'static str,
    expires_at: Option<Timestamp>,
    rate_limit_per_minute: Option<i64>,
    monthly_document_quota: Option<i64>,
    created_at: Timestamp,
    created_by: String,
    updated_at: Timestamp,
    last_used_at: Option<Timestamp>,
    total_requests: i64,
    rotated_from: Option<String>,
    rotated_to: Option<String>,
    grace_until: Option<Timestamp>,
}

impl KeyOut {
    /// The answer for `r` at time `now` (`status` folds in expiry and rotation).
    pub(super) fn new(r: ApiKeyRecord, now: Timestamp) -> Self {
        let status = match crate::auth::caller::check_key_usable(&r, now) {
            Ok(()) => "active",
            Err(e) if e.code == ErrorCode::KeyRevoked => "revoked",
            Err(_) => "expired",
        };
        KeyOut {
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            permissions: r.scopes,
            environment_id: r.environment_id,
            team_id: r.project_id,
            status,
            expires_at: r.expires_at,
            rate_limit_per_minute: r.rate_limit_per_minute,
            monthly_document_quota: r.monthly_document_quota,
            created_at: r.created_at,
            created_by: r.created_by,
            updated_at: r.updated_at,
            last_used_at: r.last_used_at,
            total_requests: r.total_requests,
            rotated_from: r.rotated_from,
            rotated_to: r.rotated_to,
            grace_until: r.grace_until,
        }
    }
}

/// A new key with its secret, shown exactly once.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedKeyOut {
    #[serde(flatten)]
    pub(super) key: KeyOut,
    /// The whole key. It is not stored and cannot be shown again.
    #[serde(rename = "key")]
    pub(super) secret: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct CreateIn {
    #[serde(alias = "workspaceId")]
    pub(super) environment_id: String,
    pub(super) name: String,
    pub(super) permissions: Vec<String>,
    pub(super) expires_at: Option<String>,
    pub(super) rate_limit_per_minute: Option<i64>,
    pub(super) monthly_document_quota: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PatchIn {
    pub(super) name: Option<String>,
    pub(super) permissions: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    pub(super) expires_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub(super) rate_limit_per_minute: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present")]
    pub(super) monthly_document_quota: Option<Option<i64>>,
}

/// A field that is present (possibly `null`) becomes `Some(..)`.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct RotateIn {
    pub(super) grace_period_seconds: Option<i64>,
}

pub(super) fn check_name(name: &str, errors: &mut Vec<FieldError>) -> String {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new("name", "must have 1 to 100 characters"));
    }
    name.to_string()
}

pub(super) fn check_scopes(names: &[String], errors: &mut Vec<FieldError>) -> Vec<Scope> {
    if names.is_empty() {
        errors.push(FieldError::new("permissions", "must name at least one permission"));
    }
    let mut scopes = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match Scope::parse(name) {
            Some(s) if !scopes.contains(&s) => scopes.push(s),
            Some(_) => {}
            None => errors.push(FieldError::new(format!("permissions[{i}]"), format!("unknown permission {name:?}; expected one of documents:generate, templates:manage, analytics:view, project:manage"))),
        }
    }
    scopes
}

pub(super) fn check_expiry(text: &str, now: Timestamp, errors: &mut Vec<FieldError>) -> Option<Timestamp> {
    match Timestamp::parse(text) {
        Some(at) if at > now => Some(at),
        Some(_) => {
            errors.push(FieldError::new("expiresAt", "must be in the future"));
            None
        }
        None => {
            errors.push(FieldError::new("expiresAt", "must be an ISO 8601 date-time"));
            None
        }
    }
}

pub(super) fn check_rate_limit(limit: i64, errors: &mut Vec<FieldError>) {
    if !(1..=1_000_000).contains(&limit) {
        errors.push(FieldError::new("rateLimitPerMinute", "must be between 1 and 1000000"));
    }
}

/// Largest monthly document quota a key may carry.
pub const MAX_MONTHLY_DOCUMENT_QUOTA: i64 = 100_000_000;

pub(super) fn check_document_quota(quota: i64, errors: &mut Vec<FieldError>) {
    if !(1..=MAX_MONTHLY_DOCUMENT_QUOTA).contains(&quota) {
        errors.push(FieldError::new("monthlyDocumentQuota", "must be between 1 and 100000000"));
    }
}

pub(super) fn fail_if_any(errors: Vec<FieldError>) -> Result<(), HttpError> {
    if errors.is_empty() { Ok(()) } else { Err(HttpError(ApiError::validation(errors))) }
}
