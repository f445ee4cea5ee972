//! Assets: multipart upload typed by the bytes (never the client's claim), a 5 MB limit, list, get,
//! delete, and `assets://asset_…` references resolved for renders.

use reqwest::StatusCode;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::support::*;
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn an_upload_is_typed_by_its_bytes_not_by_the_client() {
    let server = TestServer::start().await;
    let owner = server.register("owner@upload.test").await;
    let png = red_png();
    let answer =
        upload(&server, &owner.token, &owner.env_id, "../../logo.exe", "application/x-msdownload", png.clone()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let asset = &answer.body;
    let id = asset["id"].as_str().unwrap();
    assert!(id.starts_with("asset_"));
    assert_eq!(asset["contentType"], "image/png");
    assert_eq!(asset["kind"], "image");
    assert_eq!(asset["name"], "logo.exe", "folders are dropped from the name");
    assert_eq!(asset["size"], png.len());
    assert_eq!(asset["sha256"], hex::encode(Sha256::digest(&png)));
    assert_eq!(asset["url"], format!("assets://{id}"));
}

#[tokio::test]
async fn fonts_are_accepted_as_fonts() {
    let server = TestServer::start().await;
    let owner = server.register("owner@font.test").await;
    let font = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../quire-render/fonts/Inter-Regular.otf")).unwrap();
    let answer = upload(&server, &owner.token, &owner.env_id, "inter.otf", "image/png", font).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!((answer.body["kind"].as_str(), answer.body["contentType"].as_str()), (Some("font"), Some("font/otf")));
}

#[tokio::test]
async fn assets_are_listed_fetched_and_deleted() {
    let server = TestServer::start().await;
    let owner = server.register("owner@assetlist.test").await;
    let env = &owner.env_id;
    let first = upload(&server, &owner.token, env, "a.png", "image/png", red_png()).await.body;
    let second = upload(&server, &owner.token, env, "b.png", "image/png", red_png()).await.body;
    let list = server.get(&in_env("/api/v1/assets", env), &owner.token).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body["total"], 2);
    let path = |a: &serde_json::Value| in_env(&format!("/api/v1/assets/{}", a["id"].as_str().unwrap()), env);
    assert_eq!(server.get(&path(&first), &owner.token).await.body["name"], "a.png");
    assert_eq!(server.delete(&path(&first), &owner.token).await.status, StatusCode::NO_CONTENT);
    assert_error(&server.get(&path(&first), &owner.token).await, 404, "ERR_ASSET_001");
    assert_error(&server.delete(&path(&first), &owner.token).await, 404, "ERR_ASSET_001");
    let list = server.get(&in_env("/api/v1/assets", env), &owner.token).await;
    assert_eq!(list.body["data"][0]["id"], second["id"]);
    assert_eq!(list.body["total"], 1);
}

#[tokio::test]
async fn a_template_renders_its_assets_until_they_are_deleted() {
    let server = TestServer::start().await;
    let owner = server.register("owner@render-asset.test").await;
    let env = &owner.env_id;
    let asset = upload(&server, &owner.token, env, "logo.png", "image/png", red_png()).await.body;
    let url = asset["url"].as_str().unwrap();
    let body = json!({ "name": "Logo", "slug": "logo", "type": "pdf", "schema": image_schema(url), "variables": [] });
    create_template(&server, &owner, body).await;
    let file = preview(&server, &owner.token, env, "logo", json!({ "format": "pdf" })).await;
    assert_eq!(file.status, StatusCode::OK, "{:?}", file.json());
    assert!(pdf_text(&file.bytes).contains("with logo"));

    let by_variable = json!({ "name": "Var", "slug": "var", "type": "pdf", "schema": image_schema("{{logo}}"),
        "variables": [ { "name": "logo", "type": "image", "required": true } ] });
    create_template(&server, &owner, by_variable).await;
    let file =
        preview(&server, &owner.token, env, "var", json!({ "format": "pdf", "variables": { "logo": url } })).await;
    assert_eq!(file.status, StatusCode::OK, "an asset given as data renders too: {:?}", file.json());

    server.delete(&in_env(&format!("/api/v1/assets/{}", asset["id"].as_str().unwrap()), env), &owner.token).await;
    let file = preview(&server, &owner.token, env, "logo", json!({ "format": "pdf" })).await;
    assert_eq!((file.status.as_u16(), file.json()["code"].as_str()), (422, Some("ERR_DOC_004")), "{:?}", file.json());
    assert!(file.json()["message"].as_str().unwrap().contains(asset["id"].as_str().unwrap()), "{:?}", file.json());
}

#[tokio::test]
async fn an_upload_over_5_mb_is_413_err_valid_003() {
    let server = TestServer::start().await;
    let owner = server.register("owner@big.test").await;
    let mut big = red_png();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let answer = upload(&server, &owner.token, &owner.env_id, "big.png", "image/png", big).await;
    assert_error(&answer, 413, "ERR_VALID_003");
    let mut limit = red_png();
    limit.resize(5 * 1024 * 1024, 0);
    let answer = upload(&server, &owner.token, &owner.env_id, "limit.png", "image/png", limit).await;
    assert_eq!(answer.status, StatusCode::CREATED, "exactly 5 MB is accepted: {}", answer.body);
    assert_eq!(server.get(&in_env("/api/v1/assets", &owner.env_id), &owner.token).await.body["total"], 1);
}

#[tokio::test]
async fn files_that_are_not_images_or_fonts_are_415_err_asset_002() {
    let server = TestServer::start().await;
    let owner = server.register("owner@type.test").await;
    let env = &owner.env_id;
    let hostile: [(&str, &str, &[u8]); 4] = [
        ("invoice.png", "image/png", b"%PDF-1.7\n1 0 obj <<>> endobj"),
        ("page.svg", "image/svg+xml", b"<html><body><svg></svg><script>alert(1)</script></body></html>"),
        ("tool.png", "image/png", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("empty.png", "image/png", b""),
    ];
    for (name, claimed, bytes) in hostile {
        let answer = upload(&server, &owner.token, env, name, claimed, bytes.to_vec()).await;
        assert_error(&answer, 415, "ERR_ASSET_002");
    }
    assert_eq!(server.get(&in_env("/api/v1/assets", env), &owner.token).await.body["total"], 0);
}

#[tokio::test]
async fn a_body_without_a_file_part_is_400_err_valid_001() {
    let server = TestServer::start().await;
    let owner = server.register("owner@nofile.test").await;
    let only_name = Part { name: "name", file_name: None, content_type: None, bytes: b"logo".to_vec() };
    let answer = upload_parts(&server, &owner.token, &owner.env_id, &[only_name]).await;
    assert_error(&answer, 400, "ERR_VALID_001");
    assert_eq!(answer.body["relatedInfo"]["errors"][0]["field"], "file");
    let json_body = server.post(&in_env("/api/v1/assets", &owner.env_id), &owner.token, json!({ "file": "x" })).await;
    assert_error(&json_body, 400, "ERR_VALID_001");
}
