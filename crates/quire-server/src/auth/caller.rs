//! Who is calling: one middleware tells an API key from an OAuth token and a JWT, applies the rate limit, counts
//! key usage, and leaves the result for the [`Caller`] extractor.

use std::sync::Arc;

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use quire_core::api_key::{ApiKeySecret, looks_like_api_key};
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::{ApiKeyRecord, ApiKeyStatus};

use super::oauth_bearer::{self, ACCESS_TOKEN_PREFIX, OAuthPrincipal};
use super::session_cookie;
use crate::http::{HttpError, client_ip};
use crate::metrics::families::{AuthLabels, LimitLabels};
use crate::metrics::metrics;
use crate::ratelimit::{EndpointClass, RateDecision, RateLimitKey, apply_headers, tighter};
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
    /// An OAuth access token (`oat_…`) acting for its user.
    OAuth(Arc<OAuthPrincipal>),
}

/// An authenticated caller: a dashboard user, an OAuth token or an API key (with its project, environment and scopes).
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
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
    if token.starts_with(ACCESS_TOKEN_PREFIX) {
        return Ok(Caller { principal: Principal::OAuth(oauth_bearer::resolve(state, token).await?) });
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
    count_authentication(&request, outcome.as_ref());
    let plan = charge_plan(&state, &request, outcome.as_ref());
    let charged = match plan {
        Some(plan) => Some(rate_limit(&state, plan).await),
        None => None,
    };
    let decision = charged.as_ref().map(|(d, _)| d.clone());
    let mut response = match charged.as_ref().filter(|(d, _)| !d.allowed) {
        Some((refused, limit)) => {
            metrics().rate_limited.get_or_create(&LimitLabels { limit: limit.clone() }).inc();
            too_many_requests(refused)
        }
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

/// Counts the credentials presented (nothing when there were none).
fn count_authentication(request: &Request, outcome: Option<&Result<Caller, ApiError>>) {
    let Some(outcome) = outcome else { return };
    let kind = match bearer_token(request.headers()) {
        None => "session",
        Some(Ok(token)) if looks_like_api_key(token) => "api_key",
        Some(Ok(token)) if token.starts_with(ACCESS_TOKEN_PREFIX) => "oauth",
        Some(_) => "jwt",
    };
    let outcome = match outcome {
        Ok(_) => "ok".to_string(),
        Err(e) => e.code.as_str().to_string(),
    };
    metrics().authentications.get_or_create(&AuthLabels { kind, outcome }).inc();
}

/// The counters a request is charged to: its own (with the name of the limit) and, for an endpoint class with
/// an allowance of its own, the class's (with its name).
struct ChargePlan {
    primary: RateLimitKey,
    primary_name: &'static str,
    endpoint: Option<(RateLimitKey, String)>,
}

/// Which counters to charge (`None`: not rate-limited), decided before any await so the request is not held
/// across one.
///
/// An authenticated caller is charged to its own counter and, for the endpoint classes that have one, to the
/// class's counter. A signed download link fetched without credentials is charged to its document, not to
/// the client IP: the signature is the authority. Anything else without valid credentials is charged to the IP.
fn charge_plan(state: &AppState, request: &Request, outcome: Option<&Result<Caller, ApiError>>) -> Option<ChargePlan> {
    if is_exempt_from_rate_limit(request.uri().path()) {
        return None;
    }
    let config = &state.config;
    let plan = match outcome {
        Some(Ok(caller)) => {
            let primary = RateLimitKey::for_caller(caller, config);
            let route = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str);
            let endpoint = route.and_then(|r| EndpointClass::of(request.method(), r)).map(|class| {
                (class.limit_key(caller, &primary, &config.endpoint_limits), format!("endpoint:{}", class.as_str()))
            });
            ChargePlan { primary, primary_name: "caller", endpoint }
        }
        other => match other.is_none().then(|| signed_download_job(state, request)).flatten() {
            Some(job_id) => {
                let per_minute = config.rate_limits.download_link_per_minute;
                let primary = RateLimitKey { key: format!("link:{job_id}"), per_minute };
                ChargePlan { primary, primary_name: "download_link", endpoint: None }
            }
            None => {
                let ip = client_ip::client_ip(request.headers(), request.extensions().get(), state);
                let primary = RateLimitKey::unauthenticated(&ip.to_string(), config);
                ChargePlan { primary, primary_name: "ip", endpoint: None }
            }
        },
    };
    Some(plan)
}

/// Charges the planned counters; answers the tighter decision with the name of the limit that decided.
async fn rate_limit(state: &AppState, plan: ChargePlan) -> (RateDecision, String) {
    let decision = state.rate_limiter.check(&plan.primary.key, plan.primary.per_minute).await;
    match plan.endpoint {
        // A request the caller's own allowance refuses is not charged to the endpoint's.
        Some((endpoint, name)) if decision.allowed => {
            let by_endpoint = state.rate_limiter.check(&endpoint.key, endpoint.per_minute).await;
            let refused_by_endpoint = !by_endpoint.allowed;
            let decided = tighter(decision, by_endpoint);
            (decided, if refused_by_endpoint { name } else { plan.primary_name.to_string() })
        }
        _ => (decision, plan.primary_name.to_string()),
    }
}

/// The job id of a download link whose signature is right (expired or not: the handler answers those).
fn signed_download_job(state: &AppState, request: &Request) -> Option<String> {
    let job_id = request.uri().path().strip_prefix("/api/v1/documents/jobs/")?.strip_suffix("/download")?;
    if job_id.is_empty() || job_id.contains('/') {
        return None;
    }
    let (mut expires, mut signature) = (None, None);
    for (name, value) in url::form_urlencoded::parse(request.uri().query()?.as_bytes()) {
        match name.as_ref() {
            "expires" => expires = value.parse::<i64>().ok(),
            "signature" => signature = Some(value.into_owned()),
            _ => {}
        }
    }
    match state.links.verify(job_id, expires?, &signature?, Timestamp::now()) {
        Ok(()) | Err(crate::documents::links::LinkError::Expired) => Some(job_id.to_string()),
        Err(crate::documents::links::LinkError::BadSignature) => None,
    }
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
    matches!(path, "/health" | "/ready" | "/metrics") || crate::dashboard::is_static_path(path)
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
