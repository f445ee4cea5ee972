//! The consent step: `GET /oauth/authorize` sends the browser to the dashboard's consent page, which reads the
//! request's details from `GET /api/oauth/authorize` and posts the user's decision to `POST /api/oauth/authorize`.

use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use quire_core::role::Action;
use quire_core::{OAuthSecret, OAuthSecretKind, Timestamp};
use quire_store::{Member, OAuthCode};
use serde_json::json;

use super::authorize::{self, AuthorizationRequest, AuthorizeError};
use super::error::OAuthError;
use super::issue::CODE_SECONDS;
use super::params::OAuthParams;
use crate::auth::{Caller, UserPrincipal, authorize_environment};
use crate::state::AppState;

/// The dashboard page that asks for consent.
pub const CONSENT_PAGE: &str = "/dashboard/authorize";

/// `GET /oauth/authorize`: errors the client should hear go back to it; everything else (a valid request, or one
/// whose client or redirect URI is wrong, which the page shows) opens the consent page with the same query.
pub async fn start(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let params = match OAuthParams::from_form(&query) {
        Ok(params) => params,
        Err(_) => return Redirect::to(&format!("{CONSENT_PAGE}?{query}")).into_response(),
    };
    match authorize::check(&state, &params).await {
        Err(AuthorizeError::Redirect(url)) => Redirect::to(&url).into_response(),
        Ok(_) | Err(AuthorizeError::Shown(_)) => Redirect::to(&format!("{CONSENT_PAGE}?{query}")).into_response(),
    }
}

/// The request checked, and the signed-in user's membership of the app's project.
async fn checked(
    state: &AppState,
    caller: &Caller,
    params: &OAuthParams,
) -> Result<Result<(AuthorizationRequest, UserPrincipal, Member), String>, OAuthError> {
    let user = caller.require_user().map_err(|_| OAuthError::access_denied("sign in to the dashboard first"))?;
    let request = match authorize::check(state, params).await {
        Ok(request) => request,
        Err(AuthorizeError::Shown(e)) => return Err(e),
        Err(AuthorizeError::Redirect(url)) => return Ok(Err(url)),
    };
    let member = state
        .store
        .membership(&request.app.project_id, &user.id)
        .await?
        .ok_or_else(|| OAuthError::access_denied("you are not a member of the project that registered this app"))?;
    Ok(Ok((request, user.clone(), member)))
}

/// `GET /api/oauth/authorize?…`: what the consent page shows (or where to send the user back to).
pub async fn details(State(state): State<AppState>, caller: Caller, RawQuery(query): RawQuery) -> Response {
    let result = async {
        let params = OAuthParams::from_form(&query.unwrap_or_default())?;
        let (request, _, member) = match checked(&state, &caller, &params).await? {
            Ok(found) => found,
            Err(url) => return Ok(json!({ "redirectTo": url })),
        };
        let project = state.store.project(&request.app.project_id).await?;
        let registered_by = state.store.user(&request.app.created_by).await?;
        let environments: Vec<_> = state
            .store
            .environments(&request.app.project_id)
            .await?
            .into_iter()
            .filter(|e| member.can_access_environment(&e.id))
            .map(|e| json!({ "id": e.id, "name": e.name }))
            .collect();
        let scopes: Vec<_> = request.scopes.iter().map(|s| json!({ "name": s.as_str(), "label": s.label() })).collect();
        Ok::<_, OAuthError>(json!({
            "app": { "id": request.app.id, "name": request.app.name, "clientType": request.app.client_type.as_str() },
            "project": project.map(|p| json!({ "id": p.id, "name": p.name })),
            "registeredBy": registered_by.map(|u| json!({ "name": u.name, "email": u.email })),
            "scopes": scopes,
            "environments": environments,
            "redirectUri": request.redirect_uri,
        }))
    }
    .await;
    match result {
        Ok(body) => axum::Json(body).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/oauth/authorize` with the request's parameters, `environmentId` and `decision` (`allow` or
/// `deny`): answers `{redirectTo}`, the client's redirect URI with a code or `access_denied`.
pub async fn decide(State(state): State<AppState>, caller: Caller, params: OAuthParams) -> Response {
    match decide_inner(&state, &caller, &params).await {
        Ok(url) => axum::Json(json!({ "redirectTo": url })).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn decide_inner(state: &AppState, caller: &Caller, params: &OAuthParams) -> Result<String, OAuthError> {
    let (request, user, _) = match checked(state, caller, params).await? {
        Ok(found) => found,
        Err(url) => return Ok(url),
    };
    let client_state = request.state.as_deref();
    match params.require("decision")? {
        "allow" => {}
        "deny" => {
            let description = "the user denied the request";
            return Ok(authorize::error_redirect(&request.redirect_uri, "access_denied", description, client_state));
        }
        _ => return Err(OAuthError::invalid_request("decision must be allow or deny")),
    }
    let environment_id = params.require("environmentId")?;
    let ctx = authorize_environment(state, caller, environment_id, Action::Read, None)
        .await
        .map_err(|_| OAuthError::invalid_request("environmentId is not an environment you can use"))?;
    if ctx.environment.project_id != request.app.project_id {
        return Err(OAuthError::invalid_request("environmentId is not an environment of the app's project"));
    }
    let code = OAuthSecret::generate(OAuthSecretKind::AuthorizationCode);
    let now = Timestamp::now();
    let record = OAuthCode {
        digest: code.digest(),
        app_id: request.app.id.clone(),
        user_id: user.id.clone(),
        environment_id: ctx.environment.id.clone(),
        redirect_uri: request.redirect_uri.clone(),
        scopes: request.scopes.clone(),
        code_challenge: request.code_challenge.clone(),
        created_at: now,
        expires_at: now.plus_seconds(CODE_SECONDS),
    };
    state.store.create_oauth_code(&record).await?;
    let mut back = vec![("code", code.expose())];
    if let Some(client_state) = client_state {
        back.push(("state", client_state));
    }
    Ok(authorize::redirect_with(&request.redirect_uri, &back))
}
