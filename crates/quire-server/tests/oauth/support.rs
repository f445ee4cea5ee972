//! Helpers of the OAuth tests: registering apps, the consent decision, PKCE pairs and form posts to the token
//! endpoint, all over real HTTP.

use base64::Engine;
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::common::{Account, Answer, TestServer};

/// The redirect URI the test apps register.
pub const REDIRECT: &str = "https://app.example/callback";

/// A registered app.
#[derive(Debug, Clone)]
pub struct App {
    pub client_id: String,
    pub client_secret: Option<String>,
}

/// A PKCE verifier and its S256 challenge.
pub fn pkce() -> (String, String) {
    let verifier = format!("v-{}", quire_core::base62::random_string(50));
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// Registers an app in `owner`'s project with extra metadata merged in.
pub async fn register_app(server: &TestServer, owner: &Account, extra: Value) -> App {
    let mut body = json!({ "client_name": "Zap", "redirect_uris": [REDIRECT], "team_id": owner.team_id });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    let answer = server.post("/api/oauth/register", &owner.token, body).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    App {
        client_id: answer.body["client_id"].as_str().unwrap().to_string(),
        client_secret: answer.body["client_secret"].as_str().map(str::to_string),
    }
}

/// The query of an authorization request for `app` with `challenge` and `scope`.
pub fn authorize_query(app: &App, challenge: &str, scope: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", &app.client_id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("scope", scope)
        .append_pair("state", "xyz 1")
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", "S256")
        .finish()
}

/// The user's decision on the consent page, posted as the dashboard does; answers the redirect target.
pub async fn decide(server: &TestServer, user: &Account, query: &str, decision: &str, env_id: &str) -> Answer {
    let mut body: serde_json::Map<String, Value> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), Value::from(v.into_owned())))
        .collect();
    body.insert("decision".into(), decision.into());
    body.insert("environmentId".into(), env_id.into());
    server.post("/api/oauth/authorize", &user.token, Value::Object(body)).await
}

/// The value of `name` in the query of a redirect URL.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let url = url::Url::parse(url).unwrap();
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// Consent allowed by `user` in `env_id`: answers the code and its verifier.
pub async fn consent(server: &TestServer, user: &Account, app: &App, scope: &str, env_id: &str) -> (String, String) {
    let (verifier, challenge) = pkce();
    let answer = decide(server, user, &authorize_query(app, &challenge, scope), "allow", env_id).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let to = answer.body["redirectTo"].as_str().unwrap();
    assert_eq!(query_param(to, "state").as_deref(), Some("xyz 1"));
    (query_param(to, "code").expect("a code"), verifier)
}

/// A form post to an OAuth endpoint with optional Basic credentials.
pub async fn form(server: &TestServer, path: &str, basic: Option<(&str, &str)>, fields: &[(&str, &str)]) -> Answer {
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
    let mut headers = vec![("content-type", "application/x-www-form-urlencoded".to_string())];
    if let Some((id, secret)) = basic {
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        headers.push(("authorization", format!("Basic {encoded}")));
    }
    let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    server.raw(Method::POST, path, &headers, Some(body.into_bytes())).await
}

/// The code exchanged by a public app: answers the token response.
pub async fn exchange(server: &TestServer, app: &App, code: &str, verifier: &str) -> Answer {
    let fields = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier),
        ("client_id", app.client_id.as_str()),
    ];
    form(server, "/api/oauth/token", None, &fields).await
}

/// A public app of `owner`'s project, consented by `owner` with `scope`: answers the token response body.
pub async fn tokens_for(server: &TestServer, owner: &Account, scope: &str) -> (App, Value) {
    let app = register_app(server, owner, json!({ "token_endpoint_auth_method": "none" })).await;
    let (code, verifier) = consent(server, owner, &app, scope, &owner.env_id).await;
    let answer = exchange(server, &app, &code, &verifier).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    (app, answer.body)
}

/// Asserts an RFC 6749 §5.2 error: status, `error` code, a description and `Cache-Control: no-store`.
pub fn assert_oauth_error(answer: &Answer, status: u16, error: &str) {
    assert_eq!(answer.status.as_u16(), status, "{}", answer.body);
    assert_eq!(answer.body["error"], error, "{}", answer.body);
    assert!(answer.body["error_description"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(answer.header("cache-control").as_deref(), Some("no-store"));
}
