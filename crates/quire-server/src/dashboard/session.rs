//! The dashboard's cookie session: sign up, sign in, refresh and sign out. The tokens of
//! `/api/auth/*` are set as cookies instead of returned, so the dashboard's scripts never hold them.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use quire_core::{ApiError, ErrorCode};
use quire_store::User;
use serde::Serialize;
use subtle::ConstantTimeEq;

use crate::auth::session_cookie::{
    CSRF_HEADER, check_same_origin, cookie, cookie_names, new_csrf_token, secure_cookies,
};
use crate::http::client_ip::ClientIp;
use crate::http::{ApiResult, HttpError, Json};
use crate::routes::auth::{
    LoginIn, RegisterIn, TokensOut, end_session, issue_tokens, redeem_refresh_token, sign_in, sign_up,
};
use crate::state::AppState;

/// The refresh cookie is sent only to these endpoints.
const SESSION_PATH: &str = "/api/dashboard/session";

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/dashboard/signup", post(signup))
        .route(SESSION_PATH, post(signin).delete(signout))
        .route("/api/dashboard/session/refresh", post(refresh))
}

/// `{user, csrfToken, expiresIn}`: the session's CSRF token is also in the readable CSRF cookie.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionOut {
    user: User,
    csrf_token: String,
    expires_in: i64,
}

async fn signup(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<RegisterIn>,
) -> ApiResult<Response> {
    check_same_origin(&headers, &state.public_url).map_err(HttpError)?;
    let user = sign_up(&state, body).await?;
    let mut response = start_session(&state, user).await?;
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

async fn signin(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Json(body): Json<LoginIn>,
) -> ApiResult<Response> {
    check_same_origin(&headers, &state.public_url).map_err(HttpError)?;
    let user = sign_in(&state, client, body).await?;
    start_session(&state, user).await
}

/// Trades the refresh cookie (single use) for a new session.
///
/// A refused refresh leaves the cookies alone: with two tabs open, both may refresh at once, and the loser
/// must not clear the cookies the winner has just set (the dashboard retries its request with them).
async fn refresh(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    check_same_origin(&headers, &state.public_url).map_err(HttpError)?;
    let token = cookie(&headers, cookie_names(&state.public_url).refresh)
        .ok_or_else(|| HttpError(ApiError::with_message(ErrorCode::AuthMissing, "No dashboard session")))?;
    let user = redeem_refresh_token(&state, token).await?;
    start_session(&state, user).await
}

/// Ends the session (its refresh token stops working) and clears the cookies. Guarded by the plain
/// double-submit check, so it works even after the access token has expired.
async fn signout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    check_same_origin(&headers, &state.public_url).map_err(HttpError)?;
    let presented = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let names = cookie_names(&state.public_url);
    let expected = cookie(&headers, names.csrf).unwrap_or_default();
    if expected.is_empty() || !bool::from(presented.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(HttpError(ApiError::with_message(
            ErrorCode::AuthForbidden,
            "Request refused: X-CSRF-Token does not match this session",
        )));
    }
    if let Some(token) = cookie(&headers, names.refresh) {
        end_session(&state, token).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    set_cookies(&state, &mut response, None);
    Ok(response)
}

/// Issues the tokens with a fresh CSRF token bound in, and sets the three cookies.
async fn start_session(state: &AppState, user: User) -> ApiResult<Response> {
    let (csrf_token, csrf_digest) = new_csrf_token();
    let tokens = issue_tokens(state, user, Some(csrf_digest)).await?;
    let out = SessionOut { user: tokens.user.clone(), csrf_token: csrf_token.clone(), expires_in: tokens.expires_in };
    let mut response = Json(out).into_response();
    set_cookies(state, &mut response, Some((&tokens, &csrf_token)));
    Ok(response)
}

/// Sets the session cookies, or clears them when `session` is `None`.
fn set_cookies(state: &AppState, response: &mut Response, session: Option<(&TokensOut, &str)>) {
    let secure = secure_cookies(&state.public_url);
    let names = cookie_names(&state.public_url);
    let access_ttl = state.config.access_token_ttl_seconds;
    let refresh_ttl = state.config.refresh_token_ttl_seconds;
    let cookies = match session {
        Some((tokens, csrf)) => [
            set_cookie(names.session, &tokens.access_token, "/", access_ttl, true, secure),
            set_cookie(names.refresh, &tokens.refresh_token, SESSION_PATH, refresh_ttl, true, secure),
            set_cookie(names.csrf, csrf, "/", refresh_ttl, false, secure),
        ],
        None => [
            set_cookie(names.session, "", "/", 0, true, secure),
            set_cookie(names.refresh, "", SESSION_PATH, 0, true, secure),
            set_cookie(names.csrf, "", "/", 0, false, secure),
        ],
    };
    for value in cookies {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// One `Set-Cookie` value; always `SameSite=Strict`.
fn set_cookie(name: &str, value: &str, path: &str, max_age: u64, http_only: bool, secure: bool) -> String {
    let mut cookie = format!("{name}={value}; Path={path}; Max-Age={max_age}; SameSite=Strict");
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_attributes() {
        assert_eq!(
            set_cookie("quire_session", "t", "/", 60, true, true),
            "quire_session=t; Path=/; Max-Age=60; SameSite=Strict; HttpOnly; Secure"
        );
        assert_eq!(
            set_cookie("quire_csrf", "", "/", 0, false, false),
            "quire_csrf=; Path=/; Max-Age=0; SameSite=Strict"
        );
    }
}
