//! The dashboard's cookie session: HttpOnly/SameSite cookies, the CSRF token on state-changing requests,
//! refresh and sign-out, and the sign-up policy.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::cookies::{Session, set_cookies};
use crate::common::{TestServer, assert_error};

const PASSWORD: &str = "correct horse battery";

fn body(value: serde_json::Value) -> Option<Vec<u8>> {
    Some(serde_json::to_vec(&value).unwrap())
}

async fn sign_in(server: &TestServer, email: &str) -> Session {
    let answer = server
        .raw(
            Method::POST,
            "/api/dashboard/session",
            &[("content-type", "application/json")],
            body(json!({ "email": email, "password": PASSWORD })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    Session::from_answer(&answer)
}

#[tokio::test]
async fn sign_in_sets_http_only_strict_cookies_and_never_returns_tokens() {
    let server = TestServer::start().await;
    let account = server.register("ada@example.com").await;
    let answer = server
        .raw(
            Method::POST,
            "/api/dashboard/session",
            &[("content-type", "application/json")],
            body(json!({ "email": "ada@example.com", "password": PASSWORD })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["user"]["id"], account.user_id);
    assert!(answer.body.get("accessToken").is_none() && answer.body.get("refreshToken").is_none());
    assert_eq!(answer.header("cache-control").as_deref(), Some("no-store"));
    let cookies = set_cookies(&answer);
    let access = &cookies["quire_session"];
    assert!(access.has("HttpOnly") && access.attribute("SameSite") == Some("Strict"));
    assert_eq!(access.attribute("Path"), Some("/"));
    assert_eq!(access.attribute("Max-Age"), Some(server.config.access_token_ttl_seconds.to_string().as_str()));
    let refresh = &cookies["quire_refresh"];
    assert!(refresh.has("HttpOnly") && refresh.attribute("SameSite") == Some("Strict"));
    assert_eq!(refresh.attribute("Path"), Some("/api/dashboard/session"));
    let csrf = &cookies["quire_csrf"];
    assert!(!csrf.has("HttpOnly"), "the dashboard's scripts read the CSRF cookie");
    assert_eq!(answer.body["csrfToken"], csrf.value.as_str());
    assert!(!access.has("Secure"), "plain http: a Secure cookie would never come back");
}

#[tokio::test]
async fn cookies_are_secure_behind_an_https_public_url() {
    let server = TestServer::start_with(|c| c.public_url = Some("https://quire.example.com".into())).await;
    server.register("ada@example.com").await;
    let answer = server
        .raw(
            Method::POST,
            "/api/dashboard/session",
            &[("content-type", "application/json"), ("origin", "https://quire.example.com")],
            body(json!({ "email": "ada@example.com", "password": PASSWORD })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let cookies = set_cookies(&answer);
    assert!(cookies.values().all(|c| c.has("Secure")));
    let mut names: Vec<&str> = cookies.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(names, ["__Host-quire_csrf", "__Host-quire_session", "__Secure-quire_refresh"]);
    assert!(
        cookies["__Host-quire_session"].attribute("Path") == Some("/")
            && !cookies["__Host-quire_session"].has("Domain")
    );

    // The prefixed cookie authenticates; an unprefixed one (as a sibling subdomain could plant) does not.
    let token = &cookies["__Host-quire_session"].value;
    let verify = server
        .raw(Method::GET, "/api/auth/verify", &[("cookie", &format!("__Host-quire_session={token}"))], None)
        .await;
    assert_eq!(verify.status, StatusCode::OK);
    let planted =
        server.raw(Method::GET, "/api/auth/verify", &[("cookie", &format!("quire_session={token}"))], None).await;
    assert_error(&planted, 401, "ERR_AUTH_001");
}

#[tokio::test]
async fn the_cookie_authenticates_reads_and_the_csrf_token_guards_writes() {
    let server = TestServer::start().await;
    let account = server.register("ada@example.com").await;
    let session = sign_in(&server, "ada@example.com").await;
    let cookie = session.api_cookies();

    let verify = server.raw(Method::GET, "/api/auth/verify", &[("cookie", &cookie)], None).await;
    assert_eq!(verify.status, StatusCode::OK);
    assert_eq!(verify.body["authType"], "jwt");
    assert_eq!(verify.body["id"], account.user_id);

    let create = |headers: Vec<(&'static str, String)>| {
        let server = &server;
        let env = account.env_id.clone();
        async move {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let mut all = vec![("content-type", "application/json")];
            all.extend(headers);
            server
                .raw(
                    Method::POST,
                    "/api/v1/api-keys",
                    &all,
                    body(json!({ "environmentId": env, "name": "k", "permissions": ["documents:generate"] })),
                )
                .await
        }
    };
    let missing = create(vec![("cookie", cookie.clone())]).await;
    assert_error(&missing, 403, "ERR_AUTH_005");
    assert!(missing.body["message"].as_str().unwrap().contains("X-CSRF-Token"));
    let wrong = create(vec![("cookie", cookie.clone()), ("x-csrf-token", "not-the-token".into())]).await;
    assert_error(&wrong, 403, "ERR_AUTH_005");
    let cross_site = create(vec![
        ("cookie", cookie.clone()),
        ("x-csrf-token", session.csrf.clone()),
        ("origin", "https://evil.example".into()),
    ])
    .await;
    assert_error(&cross_site, 403, "ERR_AUTH_005");
    let keys = server.get(&format!("/api/v1/api-keys?environmentId={}", account.env_id), &account.token).await;
    assert_eq!(keys.body["total"], 0, "no refused request created anything");

    let same_origin = create(vec![
        ("cookie", cookie.clone()),
        ("x-csrf-token", session.csrf.clone()),
        ("origin", server.base.clone()),
    ])
    .await;
    assert_eq!(same_origin.status, StatusCode::CREATED, "{:?}", same_origin.body);
    assert!(same_origin.body["key"].as_str().unwrap().starts_with("fm_"));
}

#[tokio::test]
async fn another_sessions_csrf_token_or_a_bearer_token_in_a_cookie_cannot_write() {
    let server = TestServer::start().await;
    let account = server.register("ada@example.com").await;
    let first = sign_in(&server, "ada@example.com").await;
    let second = sign_in(&server, "ada@example.com").await;
    let path = format!("/api/teams/{}/environments", account.team_id);
    let post = |cookie: String, csrf: String| {
        let server = &server;
        let path = path.clone();
        async move {
            server
                .raw(
                    Method::POST,
                    &path,
                    &[("content-type", "application/json"), ("cookie", &cookie), ("x-csrf-token", &csrf)],
                    body(json!({ "name": "staging" })),
                )
                .await
        }
    };
    // A token planted in the readable cookie does not match the signed claim of the session cookie.
    let mixed = post(format!("quire_session={}; quire_csrf={}", first.access, second.csrf), second.csrf.clone()).await;
    assert_error(&mixed, 403, "ERR_AUTH_005");
    // Tokens from /api/auth/login carry no CSRF claim: as a cookie they may read but not write.
    let bearer_as_cookie = post(format!("quire_session={}", account.token), "anything".into()).await;
    assert_error(&bearer_as_cookie, 403, "ERR_AUTH_005");
    let read = server.raw(Method::GET, &path, &[("cookie", &format!("quire_session={}", account.token))], None).await;
    assert_eq!(read.status, StatusCode::OK);
    let ok = post(first.api_cookies(), first.csrf.clone()).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
}

#[tokio::test]
async fn the_authorization_header_wins_over_the_cookie() {
    let server = TestServer::start().await;
    let account = server.register("ada@example.com").await;
    let session = sign_in(&server, "ada@example.com").await;
    let (key, _) = server.create_key(&account.token, &account.env_id, &["documents:generate"]).await;
    let bearer = format!("Bearer {key}");
    let answer = server
        .raw(Method::GET, "/api/auth/verify", &[("cookie", &session.api_cookies()), ("authorization", &bearer)], None)
        .await;
    assert_eq!(answer.body["authType"], "api_key");
}

#[tokio::test]
async fn refresh_rotates_the_session_and_sign_out_ends_it() {
    let server = TestServer::start().await;
    server.register("ada@example.com").await;
    let session = sign_in(&server, "ada@example.com").await;

    let refreshed = server
        .raw(Method::POST, "/api/dashboard/session/refresh", &[("cookie", &session.session_cookies())], None)
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{:?}", refreshed.body);
    let renewed = Session::from_answer(&refreshed);
    assert_ne!(renewed.refresh, session.refresh);
    assert_ne!(renewed.csrf, session.csrf);
    assert_eq!(refreshed.body["csrfToken"], renewed.csrf.as_str());

    // Refresh tokens are single-use: the old one is refused. The cookies are left alone, since another tab
    // may have just set new ones, and the new session goes on working.
    let replay = server
        .raw(Method::POST, "/api/dashboard/session/refresh", &[("cookie", &session.session_cookies())], None)
        .await;
    assert_error(&replay, 401, "ERR_AUTH_004");
    assert!(replay.headers.get("set-cookie").is_none());
    let still = server.raw(Method::GET, "/api/auth/verify", &[("cookie", &renewed.api_cookies())], None).await;
    assert_eq!(still.status, StatusCode::OK);

    let none = server.raw(Method::POST, "/api/dashboard/session/refresh", &[], None).await;
    assert_error(&none, 401, "ERR_AUTH_001");

    let no_token =
        server.raw(Method::DELETE, "/api/dashboard/session", &[("cookie", &renewed.session_cookies())], None).await;
    assert_error(&no_token, 403, "ERR_AUTH_005");
    let signed_out = server
        .raw(
            Method::DELETE,
            "/api/dashboard/session",
            &[("cookie", &renewed.session_cookies()), ("x-csrf-token", &renewed.csrf)],
            None,
        )
        .await;
    assert_eq!(signed_out.status, StatusCode::NO_CONTENT);
    let cleared = set_cookies(&signed_out);
    assert_eq!(cleared.len(), 3);
    assert!(cleared.values().all(|c| c.value.is_empty() && c.attribute("Max-Age") == Some("0")));
    let after = server
        .raw(Method::POST, "/api/dashboard/session/refresh", &[("cookie", &renewed.session_cookies())], None)
        .await;
    assert_error(&after, 401, "ERR_AUTH_004");
}

#[tokio::test]
async fn sign_up_follows_the_sign_up_policy_and_starts_a_session() {
    let server = TestServer::start_with(|c| c.allow_signup = false).await;
    let signup = |email: &'static str| {
        let server = &server;
        async move {
            server
                .raw(
                    Method::POST,
                    "/api/dashboard/signup",
                    &[("content-type", "application/json")],
                    body(json!({ "email": email, "password": PASSWORD, "name": "Ada" })),
                )
                .await
        }
    };
    let first = signup("ada@example.com").await;
    assert_eq!(first.status, StatusCode::CREATED, "the first user may always sign up: {:?}", first.body);
    let session = Session::from_answer(&first);
    let teams = server.raw(Method::GET, "/api/teams", &[("cookie", &session.api_cookies())], None).await;
    assert_eq!(teams.body["data"][0]["isPersonal"], true);

    let closed = signup("bob@example.com").await;
    assert_error(&closed, 403, "ERR_USER_002");
    assert!(closed.headers.get("set-cookie").is_none());
    let again = signup("ada@example.com").await;
    assert_error(&again, 403, "ERR_USER_002");
}

#[tokio::test]
async fn bad_sign_ins_are_refused_without_cookies() {
    let server = TestServer::start().await;
    server.register("ada@example.com").await;
    let wrong = server
        .raw(
            Method::POST,
            "/api/dashboard/session",
            &[("content-type", "application/json")],
            body(json!({ "email": "ada@example.com", "password": "wrong password" })),
        )
        .await;
    assert_error(&wrong, 401, "ERR_AUTH_002");
    assert!(wrong.headers.get("set-cookie").is_none());

    let malformed = server
        .raw(
            Method::POST,
            "/api/dashboard/session",
            &[("content-type", "application/json")],
            Some(b"{\"email\":".to_vec()),
        )
        .await;
    assert_error(&malformed, 400, "ERR_VALID_002");
    let missing = server
        .raw(Method::POST, "/api/dashboard/session", &[("content-type", "application/json")], body(json!({})))
        .await;
    assert_error(&missing, 400, "ERR_VALID_001");
    let form_post = server
        .raw(
            Method::POST,
            "/api/dashboard/session",
            &[("content-type", "application/x-www-form-urlencoded")],
            Some(b"email=ada@example.com&password=x".to_vec()),
        )
        .await;
    assert_error(&form_post, 400, "ERR_VALID_002");
    let cross_site = server
        .raw(
            Method::POST,
            "/api/dashboard/session",
            &[("content-type", "application/json"), ("origin", "https://evil.example")],
            body(json!({ "email": "ada@example.com", "password": PASSWORD })),
        )
        .await;
    assert_error(&cross_site, 403, "ERR_AUTH_005");
}
