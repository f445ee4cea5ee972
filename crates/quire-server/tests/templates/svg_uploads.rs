//! SVG uploads: plain drawings are accepted and render; scripts, event handlers, script URLs, external
//! references and DTDs are refused with 400 ERR_VALID_001 naming the problem, and nothing is stored.

use reqwest::StatusCode;
use serde_json::json;

use super::support::*;
use crate::common::{TestServer, assert_error};

const NS: &str = "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"";

fn svg(body: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\"?>\n<svg {NS} width=\"20\" height=\"20\" viewBox=\"0 0 20 20\">{body}</svg>")
        .into_bytes()
}

#[tokio::test]
async fn a_plain_svg_is_accepted_and_renders() {
    let server = TestServer::start().await;
    let owner = server.register("owner@svg.test").await;
    let drawing = svg("<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"red\"/></linearGradient></defs>\
                       <rect width=\"20\" height=\"20\" fill=\"url(#g)\"/>");
    let answer = upload(&server, &owner.token, &owner.env_id, "logo.svg", "image/png", drawing).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!(answer.body["contentType"], "image/svg+xml");
    let url = answer.body["url"].as_str().unwrap();
    create_template(
        &server,
        &owner,
        json!({ "name": "Svg", "slug": "svg", "type": "pdf", "schema": image_schema(url) }),
    )
    .await;
    let file = preview(&server, &owner.token, &owner.env_id, "svg", json!({ "format": "pdf" })).await;
    assert_eq!(file.status, StatusCode::OK, "{:?}", file.json());
}

#[tokio::test]
async fn hostile_svgs_are_refused_naming_the_problem() {
    let server = TestServer::start().await;
    let owner = server.register("owner@hostile-svg.test").await;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("script element", svg("<script>alert(document.cookie)</script>"), "<script>"),
        ("upper-case script", svg("<SCRIPT>alert(1)</SCRIPT>"), "<script>"),
        (
            "event handler",
            format!("<svg {NS} onload=\"alert(1)\"><rect width=\"1\" height=\"1\"/></svg>").into_bytes(),
            "onload",
        ),
        ("javascript link", svg("<a href=\"javascript:alert(1)\"><text>x</text></a>"), "script URL"),
        ("encoded javascript", svg("<a xlink:href=\"&#106;avascript:alert(1)\"><text>x</text></a>"), "script URL"),
        (
            "external image",
            svg("<image href=\"https://tracker.example/pixel.png\" width=\"1\" height=\"1\"/>"),
            "outside the file",
        ),
        ("external use", svg("<use xlink:href=\"http://evil.example/sprite.svg#icon\"/>"), "outside the file"),
        ("css url", svg("<rect width=\"1\" height=\"1\" style=\"fill: url(http://evil.example/p)\"/>"), "url("),
        ("css import", svg("<style>@import url(https://evil.example/x.css);</style>"), "@import"),
        (
            "foreign object",
            svg("<foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\">x</body></foreignObject>"),
            "<foreignobject>",
        ),
    ];
    for (case, bytes, expected) in cases {
        let answer = upload(&server, &owner.token, &owner.env_id, "x.svg", "image/svg+xml", bytes).await;
        assert_error(&answer, 400, "ERR_VALID_001");
        let messages: Vec<&str> = answer.body["relatedInfo"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["message"].as_str().unwrap())
            .collect();
        assert!(messages.iter().any(|m| m.contains(expected)), "{case}: {messages:?}");
    }
    // Entity declarations (billion laughs, external entities) need a DOCTYPE, which no SVG asset may carry.
    let entities = b"<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY lol \"lol\">]><svg>&lol;</svg>".to_vec();
    assert_error(
        &upload(&server, &owner.token, &owner.env_id, "x.svg", "image/svg+xml", entities).await,
        415,
        "ERR_ASSET_002",
    );
    assert_eq!(server.get(&in_env("/api/v1/assets", &owner.env_id), &owner.token).await.body["total"], 0);
}
