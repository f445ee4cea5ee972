//! Dynamic client registration (RFC 7591): a project owner's or admin's dashboard token is the initial access
//! token; public clients (`token_endpoint_auth_method: none`) get no secret, confidential ones get theirs once.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use quire_core::ids::{new_id, prefix};
use quire_core::oauth_scope::{format_scope_list, parse_scope_list};
use quire_core::role::Action;
use quire_core::{OAuthScope, OAuthSecret, OAuthSecretKind, Timestamp};
use quire_store::{OAuthApp, OAuthClientType};
use serde::Deserialize;
use serde_json::json;

use super::error::OAuthError;
use super::redirect_uri;
use crate::activity::{self, Activity};
use crate::auth::{Caller, authorize_environment, authorize_project};
use crate::state::AppState;

/// The registration request: RFC 7591 metadata plus the project (and, for client credentials, the environment).
#[derive(Debug, Deserialize)]
struct RegistrationIn {
    #[serde(default)]
    redirect_uris: Vec<String>,
    client_name: Option<String>,
    token_endpoint_auth_method: Option<String>,
    grant_types: Option<Vec<String>>,
    response_types: Option<Vec<String>>,
    scope: Option<String>,
    #[serde(alias = "teamId", alias = "team_id", alias = "projectId")]
    project_id: Option<String>,
    #[serde(alias = "environmentId", alias = "workspace_id")]
    environment_id: Option<String>,
}

const GRANT_TYPES: [&str; 3] = ["authorization_code", "refresh_token", "client_credentials"];

fn metadata_error(text: impl Into<String>) -> Response {
    OAuthError::invalid_client_metadata(text).into_response()
}

/// `POST /api/oauth/register`.
pub async fn register(state: axum::extract::State<AppState>, caller: Caller, body: Bytes) -> Response {
    match register_inner(&state, &caller, &body).await {
        Ok(response) | Err(response) => response,
    }
}

async fn register_inner(state: &AppState, caller: &Caller, body: &[u8]) -> Result<Response, Response> {
    let user = caller.require_user().map_err(IntoResponse::into_response)?;
    let input: RegistrationIn = serde_json::from_slice(body)
        .map_err(|e| metadata_error(format!("the registration body is not valid client metadata: {e}")))?;
    let project_id = input.project_id.as_deref().ok_or_else(|| metadata_error("project_id (teamId) is required"))?;
    authorize_project(state, caller, project_id, Action::ManageKeys, None)
        .await
        .map_err(IntoResponse::into_response)?;

    let method = input.token_endpoint_auth_method.as_deref().unwrap_or("client_secret_basic");
    let client_type = match method {
        "none" => OAuthClientType::Public,
        "client_secret_basic" | "client_secret_post" => OAuthClientType::Confidential,
        other => return Err(metadata_error(format!("token_endpoint_auth_method {other:?} is not supported"))),
    };
    let grant_types = input.grant_types.clone().unwrap_or_else(|| vec!["authorization_code".into()]);
    if let Some(unknown) = grant_types.iter().find(|g| !GRANT_TYPES.contains(&g.as_str())) {
        return Err(metadata_error(format!("grant type {unknown:?} is not supported")));
    }
    if input.response_types.as_ref().is_some_and(|r| r.iter().any(|t| t != "code")) {
        return Err(metadata_error("only the response type \"code\" is supported"));
    }
    let uses_code = grant_types.iter().any(|g| g == "authorization_code");
    if uses_code && input.redirect_uris.is_empty() {
        return Err(
            OAuthError::invalid_redirect_uri("redirect_uris is required for authorization_code").into_response()
        );
    }
    for uri in &input.redirect_uris {
        redirect_uri::check_registrable(uri).map_err(|e| OAuthError::invalid_redirect_uri(e).into_response())?;
    }
    let scopes = match input.scope.as_deref() {
        Some(text) => parse_scope_list(text).map_err(|name| metadata_error(format!("unknown scope {name:?}")))?,
        None => OAuthScope::ALL.to_vec(),
    };
    let credentials_environment_id = if grant_types.iter().any(|g| g == "client_credentials") {
        if client_type == OAuthClientType::Public {
            return Err(metadata_error("client_credentials needs a confidential client"));
        }
        let environment_id =
            input.environment_id.as_deref().ok_or_else(|| metadata_error("client_credentials needs environment_id"))?;
        let ctx = authorize_environment(state, caller, environment_id, Action::ManageKeys, None)
            .await
            .map_err(IntoResponse::into_response)?;
        if ctx.environment.project_id != project_id {
            return Err(metadata_error("environment_id is not an environment of the project"));
        }
        Some(ctx.environment.id)
    } else {
        None
    };

    let secret =
        (client_type == OAuthClientType::Confidential).then(|| OAuthSecret::generate(OAuthSecretKind::ClientSecret));
    let now = Timestamp::now();
    let app = OAuthApp {
        id: new_id(prefix::OAUTH_APP),
        project_id: project_id.to_string(),
        name: input.client_name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "Unnamed app".into()),
        redirect_uris: input.redirect_uris.clone(),
        client_type,
        secret_digest: secret.as_ref().map(OAuthSecret::digest),
        scopes,
        credentials_environment_id,
        created_by: user.id.clone(),
        created_at: now,
    };
    state.store.create_oauth_app(&app).await.map_err(|e| OAuthError::from(e).into_response())?;
    let details = json!({ "name": app.name, "clientType": app.client_type.as_str() });
    let entry = Activity {
        project_id,
        environment_id: app.credentials_environment_id.as_deref(),
        action: "oauth_app.registered",
        target_type: "oauth_app",
        target_id: &app.id,
        details: Some(details),
    };
    activity::record(state, caller, entry).await;

    let response_types: Vec<&str> = if uses_code { vec!["code"] } else { Vec::new() };
    let mut body = json!({
        "client_id": app.id,
        "client_id_issued_at": now.as_unix_seconds(),
        "client_name": app.name,
        "redirect_uris": app.redirect_uris,
        "token_endpoint_auth_method": method,
        "grant_types": grant_types,
        "response_types": response_types,
        "scope": format_scope_list(&app.scopes),
        "project_id": app.project_id,
        "environment_id": app.credentials_environment_id,
    });
    if let Some(secret) = &secret {
        body["client_secret"] = secret.expose().into();
        body["client_secret_expires_at"] = 0.into();
    }
    let mut response = (StatusCode::CREATED, axum::Json(body)).into_response();
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(response)
}
