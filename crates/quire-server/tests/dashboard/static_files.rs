//! The embedded dashboard: `/` redirects to it, pages answer the app shell with strict security headers,
//! files revalidate by ETag, every module the app imports is served, and none of it is rate-limited.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};

use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn the_root_redirects_to_the_dashboard() {
    let server = TestServer::start().await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let answer = client.get(format!("{}/", server.base)).send().await.unwrap();
    assert!(answer.status().is_redirection());
    assert_eq!(answer.headers()["location"], "/dashboard");
}

#[tokio::test]
async fn every_page_path_answers_the_app_shell_with_security_headers() {
    let server = TestServer::start().await;
    for path in ["/dashboard", "/dashboard/", "/dashboard/keys", "/dashboard/signin", "/dashboard/members/anything"] {
        let answer = server.raw(Method::GET, path, &[], None).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.header("content-type").as_deref(), Some("text/html; charset=utf-8"));
        assert!(answer.body.as_str().unwrap().contains("<div id=\"app\""), "{path}");
        let csp = answer.header("content-security-policy").unwrap();
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(answer.header("x-frame-options").as_deref(), Some("DENY"));
        assert_eq!(answer.header("x-content-type-options").as_deref(), Some("nosniff"));
    }
}

#[tokio::test]
async fn files_are_served_with_their_type_and_revalidate_by_etag() {
    let server = TestServer::start().await;
    let css = server.raw(Method::GET, "/dashboard/assets/app.css", &[], None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type").as_deref(), Some("text/css; charset=utf-8"));
    let etag = css.header("etag").unwrap();
    let again = server.raw(Method::GET, "/dashboard/assets/app.css", &[("if-none-match", &etag)], None).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let stale = server.raw(Method::GET, "/dashboard/assets/app.css", &[("if-none-match", "\"old\"")], None).await;
    assert_eq!(stale.status, StatusCode::OK);
    let icon = server.raw(Method::GET, "/dashboard/assets/favicon.svg", &[], None).await;
    assert_eq!(icon.header("content-type").as_deref(), Some("image/svg+xml"));
}

#[tokio::test]
async fn unknown_files_are_not_found() {
    let server = TestServer::start().await;
    for path in [
        "/dashboard/assets/nope.js",
        "/dashboard/assets/index.html",
        "/dashboard/assets/..%2f..%2fCargo.toml",
        "/dashboard/assets/js/..%2f..%2f..%2fsrc%2flib.rs",
    ] {
        let answer = server.raw(Method::GET, path, &[], None).await;
        assert_error(&answer, 404, "ERR_NOT_FOUND");
    }
}

/// The relative `import … from './x.js'` targets of a module.
fn imports(source: &str) -> Vec<String> {
    source
        .split("from '")
        .skip(1)
        .filter_map(|rest| rest.split_once('\'').map(|(target, _)| target.to_string()))
        .filter(|t| t.starts_with('.'))
        .collect()
}

fn resolve(module: &str, target: &str) -> String {
    let mut parts: Vec<&str> = module.split('/').collect();
    parts.pop();
    for piece in target.split('/') {
        match piece {
            "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[tokio::test]
async fn every_module_the_app_imports_is_served() {
    let server = TestServer::start().await;
    let mut pending = vec!["js/app.js".to_string()];
    let mut seen = BTreeSet::new();
    while let Some(module) = pending.pop() {
        if !seen.insert(module.clone()) {
            continue;
        }
        let answer = server.raw(Method::GET, &format!("/dashboard/assets/{module}"), &[], None).await;
        assert_eq!(answer.status, StatusCode::OK, "{module}");
        assert_eq!(answer.header("content-type").as_deref(), Some("text/javascript; charset=utf-8"), "{module}");
        pending.extend(imports(answer.body.as_str().unwrap()).iter().map(|t| resolve(&module, t)));
    }
    assert!(seen.len() >= 10, "the app's module graph: {seen:?}");
    assert!(seen.contains("js/pages/keys.js"));
}

#[tokio::test]
async fn dashboard_files_are_not_rate_limited_but_the_api_still_is() {
    let server = TestServer::start_with(|c| c.rate_limits.unauthenticated_per_minute = 3).await;
    for _ in 0..6 {
        let answer = server.raw(Method::GET, "/dashboard/assets/js/app.js", &[], None).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(answer.header("x-ratelimit-limit").is_none());
    }
    let mut refused = false;
    for _ in 0..6 {
        let answer = server.raw(Method::GET, "/api/auth/verify", &[], None).await;
        refused |= answer.status == StatusCode::TOO_MANY_REQUESTS;
    }
    assert!(refused, "unauthenticated API calls are still limited");
}
