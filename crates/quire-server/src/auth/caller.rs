//! Who is calling: one middleware tells an API key from a JWT, applies the rate limit, counts key usage,
//! and leaves the result for the [`Caller`] extractor.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use quire_core::api_key::{ApiKeySecret, looks_like_api_key};
use quire_core::{ApiError, ErrorCode, Scope, Timestamp};
use quire_store::{ActorType, ApiKeyRecord, ApiKeyStatus};

use super::session_cookie;
use crate::http::{HttpError, client_ip};
use crate::ratelimit::{RateDecision, RateLimitKey, apply_headers};
use crate::state::AppState;

/// A dashboard user, from a verified JWT.
#[derive(Debug, Clone)]
pub struct UserPrincipal {
    pub id: String,
    pub email: String,
    pub name: String,
}

/// The authenticated party.
#[derive(Debug, Clone)]
pub enum Principal {
    User(UserPrincipal),
    ApiKey(Arc<ApiKeyRecord>),
}

/// An authenticated caller: a dashboard user or an API key (with its project, environment and scopes).
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
}

impl Caller {
    /// `jwt` or `api_key`.
    pub fn auth_type(&self) -> &'static str {
        match self.principal {
            Principal::User(_) => "jwt",
            Principal::ApiKey(_) => "api_key",
        }
    }

    /// The user, when the caller is one.
    pub fn user(&self) -> Option<&UserPrincipal> {
        match &self.principal {
            Principal::User(u) => Some(u),
            Principal::ApiKey(_) => None,
        }
    }

    /// The key, when the caller is one.
    pub fn api_key(&self) -> Option<&ApiKeyRecord> {
        match &self.principal {
            Principal::ApiKey(k) => Some(k),
            Principal::User(_) => None,
        }
    }

    /// The user, or `ERR_AUTH_005` for API keys (dashboard-only endpoints).
    pub fn require_user(&self) -> Result<&UserPrincipal, HttpError> {
        self.user().ok_or_else(|| {
            HttpError(ApiError::with_message(
                ErrorCode::AuthForbidden,
                "This endpoint needs a dashboard sign-in, not an API key",
            ))
        })
    }

    /// The project an API key belongs to (`None` for users, whose project comes from the route).
    pub fn project_id(&self) -> Option<&str> {
        self.api_key().map(|k| k.project_id.as_str())
    }

    /// The environment an API key belongs to: the only one it can see (`None` for users).
    pub fn environment_id(&self) -> Option<&str> {
        self.api_key().map(|k| k.environment_id.as_str())
    }

    /// Whether an API key caller carries `scope` (users: always true; roles are checked elsewhere).
    pub fn has_scope(&self, scope: Scope) -> bool {
        self.api_key().is_none_or(|k| k.scopes.contains(&scope))
    }

    /// Id of the actor for the activity log.
    pub fn actor_id(&self) -> &str {
        match &self.principal {
            Principal::User(u) => &u.id,
            Principal::ApiKey(k) => &k.id,
        }
    }

    /// Human label of the actor (email or key name and prefix); never a secret.
    pub fn actor_label(&self) -> String {
        match &self.principal {
            Principal::User(u) => u.email.clone(),
            Principal::ApiKey(k) => format!("{} ({}…)", k.name, k.prefix),
        }
    }

    /// Kind of actor for the activity log.
    pub fn actor_type(&self) -> ActorType {
        match self.principal {
            Principal::User(_) => ActorType::User,
            Principal::ApiKey(_) => ActorType::ApiKey,
        }
    }
}

/// The outcome of reading the `Authorization` header, left in request extensions.
#[derive(Clone)]
struct Authentication(Option<Result<Caller, ApiError>>);

/// Reads the bearer token: `None` when there is no `Authorization` header; `ERR_AUTH_001` when the
/// header is not `Bearer <token>` (the scheme name is case-insensitive, RFC 7235).
fn bearer_token(headers: &HeaderMap) -> Option<Result<&str, ApiError>> {
    let value = headers.get(header::AUTHORIZATION)?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty());
    Some(token.ok_or_else(|| ApiError::new(ErrorCode::AuthMissing)))
}

/// Resolves a token to a caller, or the documented error.
pub async fn resolve_token(state: &AppState, token: &str) -> Result<Caller, ApiError> {
    if looks_like_api_key(token) {
        let secret = ApiKeySecret::parse(token).map_err(|_| ApiError::new(ErrorCode::KeyMalformed))?;
        let record =
            state.key_cache.lookup(&state.store, &secret.digest()).await.map_err(|e| HttpError::internal(e).0)?;
        let record = record.ok_or_else(|| ApiError::new(ErrorCode::AuthInvalid))?;
        check_key_usable(&record, Timestamp::now())?;
        return Ok(Caller { principal: Principal::ApiKey(record) });
    }
    if token.starts_with("oat_") {
        return Err(ApiError::with_message(
            ErrorCode::AuthInvalid,
            "OAuth access tokens are not supported by this server",
        ));
    }
    let claims = state.jwt.verify(token)?;
    Ok(Caller { principal: Principal::User(UserPrincipal { id: claims.sub, email: claims.email, name: claims.name }) })
}

/// Revoked is `ERR_AKEY_003`; past `expiresAt`, or rotated out after its grace period, is `ERR_AKEY_004`.
pub fn check_key_usable(record: &ApiKeyRecord, now: Timestamp) -> Result<(), ApiError> {
    if record.status == ApiKeyStatus::Revoked {
        return Err(ApiError::new(ErrorCode::KeyRevoked));
    }
    if record.expires_at.is_some_and(|at| at <= now) {
        return Err(ApiError::new(ErrorCode::KeyExpired));
    }
    if record.rotated_to.is_some() && record.grace_until.is_none_or(|until| until <= now) {
        return Err(ApiError::with_message(
            ErrorCode::KeyExpired,
            "API key has expired: it was rotated and its grace period is over",
        ));
    }
    Ok(())
}

/// A dashboard session cookie: the access token it holds, with the CSRF check for state-changing requests.
fn resolve_session_cookie(state: &AppState, request: &Request, token: &str) -> Result<Caller, ApiError> {
    let claims = state.jwt.verify(token)?;
    session_cookie::check_csrf(request.method(), request.headers(), &claims, &state.public_url)?;
    Ok(Caller { principal: Principal::User(UserPrincipal { id: claims.sub, email: claims.email, name: claims.name }) })
}

/// Middleware on every route: authenticate, rate-limit, count key usage, set `X-RateLimit-*`.
///
/// The `Authorization` header wins; without one, a dashboard session cookie authenticates.
/// A key's refused (429) requests count in its usage like any other 4xx answer.
pub async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let outcome = match bearer_token(request.headers()) {
        None => session_cookie::cookie(request.headers(), session_cookie::cookie_names(&state.public_url).session)
            .map(|token| resolve_session_cookie(&state, &request, token)),
        Some(Err(e)) => Some(Err(e)),
        Some(Ok(token)) => Some(resolve_token(&state, token).await),
    };
    let key_id = match &outcome {
        Some(Ok(Caller { principal: Principal::ApiKey(k) })) => Some(k.id.clone()),
        _ => None,
    };
    let limit_key = (!is_exempt_from_rate_limit(request.uri().path())).then(|| match &outcome {
        Some(Ok(caller)) => RateLimitKey::for_caller(caller, &state.config),
        _ => {
            let ip = client_ip::client_ip(request.headers(), request.extensions().get(), &state);
            RateLimitKey::unauthenticated(&ip.to_string(), &state.config)
        }
    });
    let decision = match limit_key {
        Some(k) => Some(state.rate_limiter.check(&k.key, k.per_minute).await),
        None => None,
    };
    let mut response = match decision.as_ref().filter(|d| !d.allowed) {
        Some(refused) => too_many_requests(refused),
        None => {
            request.extensions_mut().insert(Authentication(outcome));
            next.run(request).await
        }
    };
    if let Some(d) = &decision {
        apply_headers(response.headers_mut(), d);
    }
    if let Some(id) = key_id {
        state.usage.record(&id, response.status().as_u16());
    }
    response
}

/// `429 ERR_QUOTA_003` with `retryAfter` (the headers are added by the caller).
fn too_many_requests(refused: &RateDecision) -> Response {
    let mut err = ApiError::with_message(
        ErrorCode::RateLimited,
        format!(
            "Rate limit of {} requests per minute exceeded; retry in {} s",
            refused.limit, refused.retry_after_seconds
        ),
    );
    err.retry_after = Some(refused.retry_after_seconds);
    HttpError(err).into_response()
}

/// Probes and the dashboard's static files are never throttled.
fn is_exempt_from_rate_limit(path: &str) -> bool {
    matches!(path, "/health" | "/ready") || crate::dashboard::is_static_path(path)
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Authentication>() {
            Some(Authentication(Some(Ok(caller)))) => Ok(caller.clone()),
            Some(Authentication(Some(Err(e)))) => Err(HttpError(e.clone())),
            _ => Err(HttpError(ApiError::new(ErrorCode::AuthMissing))),
        }
    }
}
