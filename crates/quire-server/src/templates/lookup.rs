//! Where a template call acts and on what: the environment (query `environmentId`/`workspaceId`, a
//! body's, an API key's own, or for a dashboard caller naming none the environment of the template its
//! id or shortId names), authorized for a requirement; and the template `:id` (id, shortId or slug).

use std::collections::HashMap;
use std::marker::PhantomData;

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use quire_core::{ApiError, ErrorCode};
use quire_store::{Environment, TemplateRecord};

use crate::auth::Caller;
use crate::auth::access::{EnvironmentContext, Requirement, authorize_environment_for};
use crate::http::HttpError;
use crate::state::AppState;

/// `404 ERR_TMPL_001` naming what was looked for.
pub fn template_not_found(key: &str) -> HttpError {
    HttpError(ApiError::with_message(ErrorCode::TemplateNotFound, format!("Template {key:?} not found")))
}

/// The environment named in the query string (`environmentId`, alias `workspaceId`).
pub async fn environment_in_query(parts: &mut Parts, state: &AppState) -> Option<String> {
    let Query(query) = Query::<HashMap<String, String>>::from_request_parts(parts, state).await.ok()?;
    query.get("environmentId").or_else(|| query.get("workspaceId")).cloned()
}

/// The environment a call acts in, checked against requirement `R`: `named` (query or body), else the
/// API key's own; `ERR_VALID_001` when a dashboard caller names none.
pub async fn environment_for<R: Requirement>(
    state: &AppState,
    caller: &Caller,
    named: Option<&str>,
) -> Result<EnvironmentContext, HttpError> {
    let id = named.map(str::to_string).or_else(|| caller.environment_id().map(str::to_string)).ok_or_else(|| {
        HttpError(ApiError::invalid_field("environmentId", "is required (or use an API key of the environment)"))
    })?;
    authorize_environment_for::<R>(state, caller, &id).await
}

/// A template the caller passed `R` on, named by the `{templateId}` path parameter (id, shortId or
/// slug). Anything the caller may not see, including another environment's template, is
/// `404 ERR_TMPL_001`.
#[derive(Debug)]
pub struct TemplateAccess<R> {
    pub caller: Caller,
    pub environment: Environment,
    pub template: TemplateRecord,
    _requirement: PhantomData<R>,
}

impl<R: Requirement> FromRequestParts<AppState> for TemplateAccess<R> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| HttpError::internal("template route without templateId"))?;
        let key = params.get("templateId").cloned().unwrap_or_default();
        let named = match environment_in_query(parts, state).await {
            Some(env) => Some(env),
            None if caller.environment_id().is_some() => None,
            // A dashboard caller may leave the environment out when the id or shortId says it; a slug
            // means nothing without one.
            None if key.starts_with("tmpl_") || key.starts_with("atpl_") => {
                Some(state.store.template_environment(&key).await?.ok_or_else(|| template_not_found(&key))?)
            }
            None => None,
        };
        let context = environment_for::<R>(state, &caller, named.as_deref())
            .await
            .map_err(|e| if e.0.code == ErrorCode::EnvironmentNotFound { template_not_found(&key) } else { e })?;
        let template =
            state.store.template(&context.environment.id, &key).await?.ok_or_else(|| template_not_found(&key))?;
        Ok(Self { caller, environment: context.environment, template, _requirement: PhantomData })
    }
}
