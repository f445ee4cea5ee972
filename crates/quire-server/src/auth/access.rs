//! The role matrix and key scopes, enforced in one place: typed extractors for project and environment
//! routes, and the functions behind them for handlers that learn the environment from a body.

use std::collections::HashMap;
use std::marker::PhantomData;

use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use quire_core::role::Action;
use quire_core::{ApiError, ErrorCode, Scope};
use quire_store::{Environment, Member, Project};

use super::caller::{Caller, Principal};
use super::oauth_bearer::{check_oauth_scope, member_allowed};
use crate::http::HttpError;
use crate::state::AppState;

/// What a route needs: the role action for users and the scopes that let an API key through.
pub trait Requirement: Send + Sync + 'static {
    /// What a dashboard user's role must allow.
    const ACTION: Action;
    /// An API key passes when it carries any one of these; empty: dashboard only.
    const KEY_SCOPES: &'static [Scope];
    /// The first of [`Requirement::KEY_SCOPES`] (`None`: keys may not), for calls that take one scope.
    const KEY_SCOPE: Option<Scope> = match Self::KEY_SCOPES {
        [first, ..] => Some(*first),
        [] => None,
    };
}

macro_rules! requirement {
    ($( $(#[$doc:meta])* $name:ident = ($action:ident, [$($scope:ident),*]) ),* $(,)?) => {
        $( $(#[$doc])* #[derive(Debug)] pub struct $name;
           impl Requirement for $name {
               const ACTION: Action = Action::$action;
               const KEY_SCOPES: &'static [Scope] = &[$(Scope::$scope),*];
           } )*
    };
}

/// Requirement markers, one per kind of route: the one place a route states its role action and key
/// scopes (API.md §2 and §5–§8). A handler takes `ProjectAccess<need::X>` or `EnvironmentAccess<need::X>`.
pub mod need {
    use super::*;
    requirement! {
        /// See a project or environment (dashboard only).
        ReadProject = (Read, []),
        /// Rename a project.
        UpdateProject = (UpdateProject, []),
        /// Delete a project.
        DeleteProject = (DeleteProject, []),
        /// List members.
        ReadMembers = (Read, [ProjectManage]),
        /// Invite, re-role, remove members.
        ManageMembers = (ManageMembers, [ProjectManage]),
        /// Read the activity log.
        ReadActivity = (ManageMembers, [ProjectManage]),
        /// Create, rename, delete environments.
        ManageEnvironments = (ManageEnvironments, []),
        /// Manage API keys (dashboard only).
        ManageKeys = (ManageKeys, []),
        /// Read templates: either template scope will do.
        ReadTemplates = (Read, [DocumentsGenerate, TemplatesManage]),
        /// Change templates and assets.
        ManageTemplates = (ManageTemplates, [TemplatesManage]),
        /// Generate documents and manage jobs.
        GenerateDocuments = (GenerateDocuments, [DocumentsGenerate]),
        /// Read analytics.
        ViewAnalytics = (ViewAnalytics, [AnalyticsView]),
        /// Manage webhook subscriptions.
        ManageWebhooks = (ManageWebhooks, [ProjectManage]),
        /// Upload, read and revoke the project's signing certificates.
        ManageSigningCertificates = (ManageSigningCertificates, [ProjectManage]),
    }
}

fn forbidden() -> HttpError {
    HttpError(ApiError::new(ErrorCode::AuthForbidden))
}

/// A key passes when it carries any of `accepted`; `403 ERR_AUTH_005` names what is missing.
fn check_key_scope(accepted: &[Scope], key: &quire_store::ApiKeyRecord) -> Result<(), HttpError> {
    if accepted.is_empty() {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::AuthForbidden,
            "This endpoint needs a dashboard sign-in, not an API key",
        )));
    }
    if accepted.iter().any(|s| key.scopes.contains(s)) {
        return Ok(());
    }
    let names: Vec<&str> = accepted.iter().map(|s| s.as_str()).collect();
    Err(HttpError(ApiError::with_message(
        ErrorCode::AuthForbidden,
        format!("This API key lacks the {} permission", names.join(" or ")),
    )))
}

/// Checks `caller` against a project; anything the caller may not see is `404 ERR_PROJ_001`.
pub async fn authorize_project(
    state: &AppState,
    caller: &Caller,
    project_id: &str,
    action: Action,
    key_scope: Option<Scope>,
) -> Result<(Project, Option<Member>), HttpError> {
    authorize_project_with(state, caller, project_id, action, key_scope.as_slice()).await
}

/// [`authorize_project`] accepting any of several key scopes.
pub async fn authorize_project_with(
    state: &AppState,
    caller: &Caller,
    project_id: &str,
    action: Action,
    key_scopes: &[Scope],
) -> Result<(Project, Option<Member>), HttpError> {
    authorize_project_as(state, caller, project_id, action, key_scopes, false).await
}

/// [`authorize_project_with`]; `read_only` says the request only reads (what `documents:read` and
/// `webhooks:read` allow).
async fn authorize_project_as(
    state: &AppState,
    caller: &Caller,
    project_id: &str,
    action: Action,
    key_scopes: &[Scope],
    read_only: bool,
) -> Result<(Project, Option<Member>), HttpError> {
    let not_found = || HttpError(ApiError::new(ErrorCode::ProjectNotFound));
    let member = match &caller.principal {
        Principal::ApiKey(key) if key.project_id == project_id => {
            check_key_scope(key_scopes, key)?;
            None
        }
        Principal::OAuth(token) if token.project_id == project_id => {
            check_oauth_scope(key_scopes, action, read_only, token)?;
            Some(member_allowed(state, &token.user.id, project_id, action, not_found).await?)
        }
        Principal::ApiKey(_) | Principal::OAuth(_) => return Err(not_found()),
        Principal::User(user) => Some(member_allowed(state, &user.id, project_id, action, not_found).await?),
    };
    let project = state.store.project(project_id).await?.ok_or_else(not_found)?;
    Ok((project, member))
}

/// Checks `caller` against an environment; anything the caller may not see is `404 ERR_ENV_001`
/// (another project's, or one a restricted member is not given).
pub async fn authorize_environment(
    state: &AppState,
    caller: &Caller,
    environment_id: &str,
    action: Action,
    key_scope: Option<Scope>,
) -> Result<EnvironmentContext, HttpError> {
    authorize_environment_with(state, caller, environment_id, action, key_scope.as_slice()).await
}

/// The check of requirement `R` for an environment named in a body: the declarative form of
/// [`authorize_environment`].
pub async fn authorize_environment_for<R: Requirement>(
    state: &AppState,
    caller: &Caller,
    environment_id: &str,
) -> Result<EnvironmentContext, HttpError> {
    authorize_environment_with(state, caller, environment_id, R::ACTION, R::KEY_SCOPES).await
}

/// [`authorize_environment`] accepting any of several key scopes.
pub async fn authorize_environment_with(
    state: &AppState,
    caller: &Caller,
    environment_id: &str,
    action: Action,
    key_scopes: &[Scope],
) -> Result<EnvironmentContext, HttpError> {
    authorize_environment_as(state, caller, environment_id, action, key_scopes, false).await
}

/// [`authorize_environment_with`]; `read_only` says the request only reads (what `documents:read` and
/// `webhooks:read` allow).
async fn authorize_environment_as(
    state: &AppState,
    caller: &Caller,
    environment_id: &str,
    action: Action,
    key_scopes: &[Scope],
    read_only: bool,
) -> Result<EnvironmentContext, HttpError> {
    let not_found = || HttpError(ApiError::new(ErrorCode::EnvironmentNotFound));
    match &caller.principal {
        Principal::ApiKey(key) if key.environment_id != environment_id => return Err(not_found()),
        Principal::ApiKey(key) => check_key_scope(key_scopes, key)?,
        Principal::OAuth(token) if token.environment_id != environment_id => return Err(not_found()),
        Principal::OAuth(token) => check_oauth_scope(key_scopes, action, read_only, token)?,
        Principal::User(_) => {}
    }
    let environment = state.store.environment(environment_id).await?.ok_or_else(not_found)?;
    let user_id = match &caller.principal {
        Principal::ApiKey(_) => None,
        Principal::OAuth(token) => Some(&token.user.id),
        Principal::User(user) => Some(&user.id),
    };
    let member = match user_id {
        None => None,
        Some(user_id) => {
            let member = state.store.membership(&environment.project_id, user_id).await?.ok_or_else(not_found)?;
            if !member.can_access_environment(&environment.id) {
                return Err(not_found());
            }
            if !member.role.allows(action) {
                return Err(forbidden());
            }
            Some(member)
        }
    };
    Ok(EnvironmentContext { environment, member })
}

/// An environment the caller may act in.
#[derive(Debug, Clone)]
pub struct EnvironmentContext {
    pub environment: Environment,
    /// The membership of the user (or of the OAuth token's user); `None` for API keys.
    pub member: Option<Member>,
}

/// A project the caller passed `R` on. The project is the `{teamId}` path parameter, else `teamId` (alias
/// `projectId`) in the query, else the project of an API key or OAuth token.
#[derive(Debug)]
pub struct ProjectAccess<R> {
    pub caller: Caller,
    pub project: Project,
    pub member: Option<Member>,
    _requirement: PhantomData<R>,
}

impl<R: Requirement> FromRequestParts<AppState> for ProjectAccess<R> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let from_path = match Path::<HashMap<String, String>>::from_request_parts(parts, state).await {
            Ok(Path(params)) => params.get("teamId").cloned(),
            Err(PathRejection::MissingPathParams(_)) => None,
            Err(_) => return Err(HttpError(ApiError::new(ErrorCode::ProjectNotFound))),
        };
        let from_query = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|Query(q)| q.get("teamId").or_else(|| q.get("projectId")).cloned());
        let project_id =
            from_path.or(from_query).or_else(|| caller.project_id().map(str::to_string)).ok_or_else(|| {
                HttpError(ApiError::invalid_field("teamId", "is required (or use an API key of the project)"))
            })?;
        let read_only = parts.method == axum::http::Method::GET;
        let (project, member) =
            authorize_project_as(state, &caller, &project_id, R::ACTION, R::KEY_SCOPES, read_only).await?;
        Ok(Self { caller, project, member, _requirement: PhantomData })
    }
}

/// An environment the caller passed `R` in. The environment is the `{environmentId}` path parameter, else
/// `environmentId` (alias `workspaceId`) in the query, else an API key's own environment.
#[derive(Debug)]
pub struct EnvironmentAccess<R> {
    pub caller: Caller,
    pub environment: Environment,
    pub member: Option<Member>,
    _requirement: PhantomData<R>,
}

impl<R: Requirement> FromRequestParts<AppState> for EnvironmentAccess<R> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let from_path = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|Path(p)| p.get("environmentId").cloned());
        let from_query = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|Query(q)| q.get("environmentId").or_else(|| q.get("workspaceId")).cloned());
        let environment_id =
            from_path.or(from_query).or_else(|| caller.environment_id().map(str::to_string)).ok_or_else(|| {
                HttpError(ApiError::invalid_field(
                    "environmentId",
                    "is required (or use an API key of the environment)",
                ))
            })?;
        let read_only = parts.method == axum::http::Method::GET;
        let ctx =
            authorize_environment_as(state, &caller, &environment_id, R::ACTION, R::KEY_SCOPES, read_only).await?;
        Ok(Self { caller, environment: ctx.environment, member: ctx.member, _requirement: PhantomData })
    }
}

#[cfg(test)]
mod tests;
