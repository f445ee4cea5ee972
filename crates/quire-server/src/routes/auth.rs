//! Dashboard accounts: register, login, refresh, logout, verify.

use std::net::IpAddr;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use quire_core::ids::{new_id, prefix};
use quire_core::{ApiError, ErrorCode, FieldError, Scope, Timestamp};
use quire_store::{Environment, Project, Session, StoreError, User, UserCredentials};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::password::{hash_password, verify_password};
use crate::auth::{Caller, Principal};
use crate::http::client_ip::ClientIp;
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

/// Shortest accepted password.
pub const MIN_PASSWORD_LEN: usize = 8;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/register", post(register))
        .route("/api/auth/login", post(login))
        .route("/api/auth/refresh", post(refresh))
        .route("/api/auth/logout", post(logout))
        .route("/api/auth/verify", get(verify))
        .route("/api/v1/auth/verify", get(verify))
}

/// A cheap shape check; deliverability is not our business.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(char::is_whitespace)
}

/// `{email, password, name}`: a new account.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterIn {
    email: String,
    password: String,
    name: String,
}

/// `{email, password}`: a sign-in.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginIn {
    email: String,
    password: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefreshIn {
    refresh_token: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LogoutIn {
    refresh_token: Option<String>,
}

/// `{user, accessToken, refreshToken, expiresIn}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokensOut {
    pub user: User,
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
}

fn refresh_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Issues an access token and a fresh single-use refresh token; `csrf` (a dashboard session's CSRF token
/// digest) is bound into the access token.
pub async fn issue_tokens(state: &AppState, user: User, csrf: Option<String>) -> ApiResult<TokensOut> {
    let now = Timestamp::now();
    let access_token = state.jwt.issue(&user.id, &user.email, &user.name, now, csrf).map_err(HttpError::internal)?;
    let refresh_token = format!("rt_{}", quire_core::base62::random_string(43));
    state
        .store
        .create_session(&Session {
            token_digest: refresh_digest(&refresh_token),
            user_id: user.id.clone(),
            expires_at: now.plus_seconds(state.config.refresh_token_ttl_seconds as i64),
            created_at: now,
        })
        .await?;
    Ok(TokensOut { user, access_token, refresh_token, expires_in: state.jwt.ttl_seconds() })
}

/// A new project with its `production` environment, owned by `user_id`.
pub fn new_project(name: &str, owner_id: &str, personal: bool, now: Timestamp) -> (Project, Environment) {
    let project = Project {
        id: new_id(prefix::PROJECT),
        name: name.to_string(),
        slug: slugify(name),
        is_personal: personal,
        created_by: owner_id.to_string(),
        created_at: now,
        updated_at: now,
    };
    let environment = Environment {
        id: new_id(prefix::ENVIRONMENT),
        project_id: project.id.clone(),
        name: "production".into(),
        retention_seconds: None,
        monthly_document_quota: None,
        created_at: now,
        updated_at: now,
    };
    (project, environment)
}

/// Lower-case words joined by `-`.
pub fn slugify(name: &str) -> String {
    let slug: String = name.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let parts: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() { "project".into() } else { parts.join("-") }
}

fn check_registration(body: &RegisterIn) -> Result<(), HttpError> {
    let mut errors = Vec::new();
    if !is_plausible_email(body.email.trim()) {
        errors.push(FieldError::new("email", "must be an email address"));
    }
    if body.password.chars().count() < MIN_PASSWORD_LEN {
        errors.push(FieldError::new("password", format!("must have at least {MIN_PASSWORD_LEN} characters")));
    }
    if body.password.len() > 1024 {
        errors.push(FieldError::new("password", "must have at most 1024 bytes"));
    }
    let name_len = body.name.trim().chars().count();
    if name_len == 0 || name_len > 100 {
        errors.push(FieldError::new("name", "must have 1 to 100 characters"));
    }
    if errors.is_empty() { Ok(()) } else { Err(HttpError(ApiError::validation(errors))) }
}

/// Creates a user with a personal project; used by registration and the bootstrap admin.
pub async fn create_account(state: &AppState, email: &str, password: String, name: &str) -> ApiResult<User> {
    let now = Timestamp::now();
    let user = User {
        id: new_id(prefix::USER),
        email: email.trim().to_lowercase(),
        name: name.trim().to_string(),
        created_at: now,
    };
    let password_hash = hash_password(password).await.map_err(HttpError::internal)?;
    let (project, environment) = new_project(&format!("{}'s project", user.name), &user.id, true, now);
    let credentials = UserCredentials { user: user.clone(), password_hash };
    match state.store.create_user_with_project(&credentials, &project, &environment, &new_id(prefix::MEMBER)).await {
        Ok(()) => Ok(user),
        Err(StoreError::Conflict(_)) => Err(ErrorCode::UserExists.into()),
        Err(e) => Err(e.into()),
    }
}

async fn register(
    State(state): State<AppState>,
    Json(body): Json<RegisterIn>,
) -> ApiResult<(StatusCode, Json<TokensOut>)> {
    let user = sign_up(&state, body).await?;
    Ok((StatusCode::CREATED, Json(issue_tokens(&state, user, None).await?)))
}

/// Registration: checks the fields and whether sign-up is open to this email, then creates the account.
pub async fn sign_up(state: &AppState, body: RegisterIn) -> ApiResult<User> {
    check_registration(&body)?;
    let email = body.email.trim().to_lowercase();
    let first_user = state.store.count_users().await? == 0;
    let invited = !state.store.pending_invitations_for(&email, Timestamp::now()).await?.is_empty();
    if !(first_user || state.config.allow_signup || invited) {
        return Err(ErrorCode::SignupClosed.into());
    }
    let user = create_account(state, &email, body.password, &body.name).await?;
    tracing::info!(user_id = %user.id, "user registered");
    Ok(user)
}

async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Json(body): Json<LoginIn>,
) -> ApiResult<Json<TokensOut>> {
    let user = sign_in(&state, client, body).await?;
    Ok(Json(issue_tokens(&state, user, None).await?))
}

/// Password sign-in, throttled per client IP and per email.
pub async fn sign_in(state: &AppState, client: IpAddr, body: LoginIn) -> ApiResult<User> {
    let ip = client.to_string();
    let email = body.email.trim().to_lowercase();
    if let Some(wait) = state.login_throttle.check(&ip, &email) {
        let mut err = ApiError::with_message(
            ErrorCode::RateLimited,
            format!("Too many failed sign-in attempts; retry in {wait} s"),
        );
        err.retry_after = Some(wait);
        return Err(HttpError(err));
    }
    let credentials = state.store.user_credentials(&email).await?;
    let (user, hash) = match credentials {
        Some(c) => (Some(c.user), Some(c.password_hash)),
        None => (None, None),
    };
    let ok = verify_password(body.password, hash).await;
    match user.filter(|_| ok) {
        Some(user) => {
            state.login_throttle.record_success(&email);
            Ok(user)
        }
        None => {
            state.login_throttle.record_failure(&ip, &email);
            Err(ErrorCode::AuthBadCredentials.into())
        }
    }
}

async fn refresh(State(state): State<AppState>, Json(body): Json<RefreshIn>) -> ApiResult<Json<TokensOut>> {
    let user = redeem_refresh_token(&state, &body.refresh_token).await?;
    Ok(Json(issue_tokens(&state, user, None).await?))
}

/// Uses up a refresh token (they are single-use) and answers its user; unknown or expired is `ERR_AUTH_004`.
pub async fn redeem_refresh_token(state: &AppState, token: &str) -> ApiResult<User> {
    let invalid = || HttpError(ApiError::with_message(ErrorCode::AuthInvalid, "Invalid or expired refresh token"));
    let session = state.store.take_session(&refresh_digest(token)).await?.ok_or_else(invalid)?;
    if session.expires_at <= Timestamp::now() {
        return Err(invalid());
    }
    state.store.user(&session.user_id).await?.ok_or_else(invalid)
}

/// Ends the session of a refresh token; answers the user it belonged to, if any.
pub async fn end_session(state: &AppState, token: &str) -> ApiResult<Option<String>> {
    Ok(state.store.take_session(&refresh_digest(token)).await?.map(|s| s.user_id))
}

async fn logout(State(state): State<AppState>, caller: Caller, body: bytes::Bytes) -> ApiResult<StatusCode> {
    let user = caller.require_user()?;
    let body: LogoutIn = crate::http::json::parse_json(&body)?;
    match body.refresh_token {
        Some(token) => {
            if end_session(&state, &token).await?.is_some_and(|owner| owner != user.id) {
                // Not this user's token: put nothing back, but do not reveal anything either.
                tracing::warn!("logout presented another user's refresh token");
            }
        }
        None => state.store.delete_sessions(&user.id).await?,
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `{id, email, name, teamId, teamName, workspaceId, workspaceName, authType, permissions}`.
async fn verify(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<serde_json::Value>> {
    let body = match &caller.principal {
        Principal::ApiKey(key) => {
            // Names come from the key cache: an API-key call of verify does no store read on a cache hit.
            let names = state.key_cache.place_names(&state.store, key).await?;
            serde_json::json!({
                "id": key.id, "email": null, "name": key.name,
                "teamId": key.project_id, "teamName": names.project,
                "workspaceId": key.environment_id, "workspaceName": names.environment,
                "authType": "api_key",
                "permissions": key.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            })
        }
        Principal::OAuth(token) => serde_json::json!({
            "id": token.user.id, "email": token.user.email, "name": token.user.name,
            "teamId": token.project_id, "workspaceId": token.environment_id,
            "authType": "oauth", "clientId": token.app_id, "clientName": token.app_name,
            "permissions": token.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        }),
        Principal::User(user) => {
            let projects = state.store.projects_of_user(&user.id).await?;
            let first = projects.iter().find(|p| p.project.is_personal).or(projects.first());
            let (team_id, team_name, role) = match first {
                Some(p) => (Some(p.project.id.clone()), Some(p.project.name.clone()), Some(p.role)),
                None => (None, None, None),
            };
            let environment = match &team_id {
                Some(id) => state.store.environments(id).await?.into_iter().next(),
                None => None,
            };
            let permissions: Vec<&str> = Scope::ALL
                .iter()
                .filter(|s| role.is_some_and(|r| r.allows(scope_action(**s))))
                .map(|s| s.as_str())
                .collect();
            serde_json::json!({
                "id": user.id, "email": user.email, "name": user.name,
                "teamId": team_id, "teamName": team_name,
                "workspaceId": environment.as_ref().map(|e| e.id.clone()),
                "workspaceName": environment.map(|e| e.name),
                "authType": "jwt", "role": role.map(|r| r.as_str()),
                "permissions": permissions,
            })
        }
    };
    Ok(Json(body))
}

/// The role action equivalent to a key scope.
fn scope_action(scope: Scope) -> quire_core::role::Action {
    use quire_core::role::Action;
    match scope {
        Scope::DocumentsGenerate => Action::GenerateDocuments,
        Scope::TemplatesManage => Action::ManageTemplates,
        Scope::AnalyticsView => Action::ViewAnalytics,
        Scope::ProjectManage => Action::ManageMembers,
    }
}
