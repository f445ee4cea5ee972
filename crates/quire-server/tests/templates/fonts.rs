//! Font uploads: TrueType/OpenType kept, WOFF and WOFF2 decoded to the font inside, broken files refused with
//! the reason; an uploaded font is used by PDF renders of its environment by its family name.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::support::*;
use crate::common::{Account, TestServer, assert_error};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/fonts/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The font names embedded in a PDF, by poppler's `pdffonts`.
fn pdf_fonts(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fonts.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdffonts").arg(&path).output().expect("pdffonts (poppler-utils)");
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

async fn heading_template(server: &TestServer, owner: &Account) {
    let schema = json!({ "components": [
        { "id": "title", "type": "text", "props": { "text": "Branded heading", "style": { "fontFamily": "Quire Test Sans", "fontSize": 20 } } }
    ] });
    let body = json!({ "name": "Branded", "slug": "branded", "type": "pdf", "schema": schema, "variables": [] });
    create_template(server, owner, body).await;
}

async fn rendered_fonts(server: &TestServer, owner: &Account) -> String {
    let file = preview(server, &owner.token, &owner.env_id, "branded", json!({ "format": "pdf" })).await;
    assert_eq!(file.status, StatusCode::OK, "{:?}", file.json());
    assert!(pdf_text(&file.bytes).contains("Branded heading"));
    pdf_fonts(&file.bytes)
}

#[tokio::test]
async fn woff_and_woff2_uploads_are_decoded_and_every_format_renders_by_family_name() {
    let server = TestServer::start().await;
    let owner = server.register("owner@fonts.test").await;
    heading_template(&server, &owner).await;
    assert!(!rendered_fonts(&server, &owner).await.contains("QuireTestSans"), "not uploaded yet: the default font");

    for file in ["QuireTestSans-Regular.woff2", "QuireTestSans-Regular.woff", "QuireTestSans-Regular.otf"] {
        let bytes = fixture(file);
        let answer = upload(&server, &owner.token, &owner.env_id, file, "font/woff2", bytes.clone()).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{file}: {}", answer.body);
        let asset: &Value = &answer.body;
        assert_eq!((asset["kind"].as_str(), asset["contentType"].as_str()), (Some("font"), Some("font/otf")), "{file}");
        assert_eq!(asset["name"], file);
        if !file.ends_with(".otf") {
            assert_ne!(asset["size"], bytes.len(), "{file}: what is stored is the decoded font");
        }
        let fonts = rendered_fonts(&server, &owner).await;
        assert!(fonts.contains("QuireTestSans-Regular"), "{file}: the uploaded font is embedded:\n{fonts}");
        let path = in_env(&format!("/api/v1/assets/{}", asset["id"].as_str().unwrap()), &owner.env_id);
        assert_eq!(server.delete(&path, &owner.token).await.status, StatusCode::NO_CONTENT);
        let fonts = rendered_fonts(&server, &owner).await;
        assert!(!fonts.contains("QuireTestSans"), "{file}: a deleted font is no longer used:\n{fonts}");
    }
}

#[tokio::test]
async fn another_environments_font_is_not_used() {
    let server = TestServer::start().await;
    let owner = server.register("owner@font-isolation.test").await;
    heading_template(&server, &owner).await;
    let other = second_environment(&server, &owner, "Staging").await;
    let answer =
        upload(&server, &owner.token, &other, "brand.otf", "font/otf", fixture("QuireTestSans-Regular.otf")).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert!(!rendered_fonts(&server, &owner).await.contains("QuireTestSans"));
}

#[tokio::test]
async fn broken_font_files_are_refused_with_the_reason() {
    let server = TestServer::start().await;
    let owner = server.register("owner@broken-fonts.test").await;
    let woff2 = fixture("QuireTestSans-Regular.woff2");
    let mut truncated = woff2.clone();
    truncated.truncate(woff2.len() / 2);
    let mut bomb = woff2.clone();
    bomb[16..20].copy_from_slice(&u32::MAX.to_be_bytes());
    let mut garbage_sfnt = b"OTTO\x00\x0b\x00\x80\x00\x03\x00\x30".to_vec();
    garbage_sfnt.resize(2000, 7);
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("truncated.woff2", truncated, "cannot be decoded"),
        ("bomb.woff2", bomb, "the limit is 33554432"),
        ("short.woff", b"wOFF\0\x01".to_vec(), "header is cut short"),
        ("garbage.otf", garbage_sfnt, "not a font the engine can read"),
    ];
    for (name, bytes, reason) in cases {
        let answer = upload(&server, &owner.token, &owner.env_id, name, "font/woff2", bytes).await;
        assert_error(&answer, 415, "ERR_ASSET_002");
        let message = answer.body["message"].as_str().unwrap();
        assert!(message.contains(reason), "{name}: {message}");
    }
    assert_eq!(server.get(&in_env("/api/v1/assets", &owner.env_id), &owner.token).await.body["total"], 0);
}
