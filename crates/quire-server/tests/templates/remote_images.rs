//! Remote images (`QUIRE_REMOTE_IMAGES`): refused unless the operator allows them; then fetched with the
//! webhook guard (private addresses only for listed hosts, every redirect checked again), a size and a time
//! limit, only real images (SVGs sanitised), and cached between renders.

use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use super::support::*;
use crate::common::{Account, TestServer};

/// A web server with images, pages and traps on 127.0.0.1; counts requests for the logo.
struct ImageHost {
    addr: SocketAddr,
    logo_hits: Arc<AtomicUsize>,
}

impl ImageHost {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let logo_hits = Arc::new(AtomicUsize::new(0));
        let localhost = format!("http://localhost:{}/logo.png", addr.port());
        let app = Router::new()
            .route("/logo.png", get(logo))
            .route("/to-logo", get(|| async { redirect("/logo.png") }))
            .route("/to-localhost", get(move || async move { redirect(&localhost) }))
            .route("/loop", get(|| async { redirect("/loop") }))
            .route("/big.png", get(|| async { padded_png(4000) }))
            .route("/big-streamed.png", get(|| async { streamed_png(4000) }))
            .route("/slow.png", get(slow))
            .route("/page.html", get(|| async { ([(header::CONTENT_TYPE, "image/png")], "<html><p>hi</p></html>") }))
            .route(
                "/script.svg",
                get(|| async { "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>" }),
            )
            .with_state(logo_hits.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { addr, logo_hits }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

async fn logo(State(hits): State<Arc<AtomicUsize>>) -> impl IntoResponse {
    hits.fetch_add(1, Ordering::SeqCst);
    ([(header::CONTENT_TYPE, "image/png")], red_png())
}

async fn slow() -> impl IntoResponse {
    tokio::time::sleep(Duration::from_secs(10)).await;
    red_png()
}

fn redirect(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to.to_string())]).into_response()
}

/// A PNG signature followed by padding: `size` bytes, with a Content-Length.
fn padded_png(size: usize) -> Vec<u8> {
    let mut bytes = red_png();
    bytes.resize(size, 0);
    bytes
}

/// The same, streamed in chunks without a Content-Length.
fn streamed_png(size: usize) -> Response {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = padded_png(size).chunks(500).map(|c| Ok(c.to_vec())).collect();
    Body::from_stream(futures::stream::iter(chunks)).into_response()
}

/// A server allowing remote images from 127.0.0.1 (as an operator lists an intranet host), with small limits.
async fn allowing_server() -> TestServer {
    TestServer::start_with(|c| {
        c.remote_images.enabled = true;
        c.remote_images.allow_hosts = vec!["127.0.0.1".into()];
        c.remote_images.max_bytes = 1000;
        c.remote_images.timeout_ms = 2000;
    })
    .await
}

/// A template showing the image named by its `logo` variable; returns the owner.
async fn logo_template(server: &TestServer) -> Account {
    let owner = server.register("owner@remote-images.test").await;
    let body = json!({ "name": "Remote", "slug": "remote", "type": "pdf", "schema": image_schema("{{logo}}"),
        "variables": [ { "name": "logo", "type": "image", "required": true } ] });
    create_template(server, &owner, body).await;
    owner
}

async fn render(server: &TestServer, owner: &Account, src: &str) -> FileAnswer {
    preview(server, &owner.token, &owner.env_id, "remote", json!({ "format": "pdf", "variables": { "logo": src } }))
        .await
}

/// The message of a render refused with `422 ERR_DOC_004`.
async fn refusal(server: &TestServer, owner: &Account, src: &str) -> String {
    let file = render(server, owner, src).await;
    let body: Value = file.json();
    assert_eq!((file.status.as_u16(), body["code"].as_str()), (422, Some("ERR_DOC_004")), "{src}: {body}");
    body["message"].as_str().unwrap().to_string()
}

/// Images in a PDF, by poppler's `pdfimages -list`.
fn pdf_images(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("remote.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdfimages").arg("-list").arg(&path).output().expect("pdfimages (poppler-utils)");
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().lines().skip(2).count()
}

#[tokio::test]
async fn remote_images_are_refused_unless_the_operator_allows_them() {
    let host = ImageHost::start().await;
    let server = TestServer::start().await;
    let owner = logo_template(&server).await;
    let message = refusal(&server, &owner, &host.url("/logo.png")).await;
    assert!(message.contains("QUIRE_REMOTE_IMAGES"), "{message}");
    assert_eq!(host.logo_hits.load(Ordering::SeqCst), 0, "nothing was fetched");
}

#[tokio::test]
async fn an_allowed_remote_image_renders_and_is_fetched_once_for_many_renders() {
    let host = ImageHost::start().await;
    let server = allowing_server().await;
    let owner = logo_template(&server).await;
    for _ in 0..3 {
        let file = render(&server, &owner, &host.url("/logo.png")).await;
        assert_eq!(file.status, StatusCode::OK, "{:?}", file.json());
        assert_eq!(pdf_images(&file.bytes), 1, "the image is in the PDF");
    }
    assert_eq!(host.logo_hits.load(Ordering::SeqCst), 1, "later renders use the cache");
    let file = render(&server, &owner, &host.url("/to-logo")).await;
    assert_eq!(file.status, StatusCode::OK, "a redirect within the listed host is followed: {:?}", file.json());
}

#[tokio::test]
async fn a_private_address_is_refused_even_when_remote_images_are_on() {
    let host = ImageHost::start().await;
    let server = TestServer::start_with(|c| c.remote_images.enabled = true).await;
    let owner = logo_template(&server).await;
    let message = refusal(&server, &owner, &host.url("/logo.png")).await;
    assert!(message.contains("127.0.0.1 is a loopback, private"), "{message}");
    assert!(message.contains("logo"), "the component is named: {message}");
    assert_eq!(host.logo_hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn redirects_sizes_slowness_and_non_images_are_refused_with_the_reason() {
    let host = ImageHost::start().await;
    let server = allowing_server().await;
    let owner = logo_template(&server).await;
    let cases = [
        ("/to-localhost", "localhost resolves to"),
        ("/loop", "redirected more than 3 times"),
        ("/big.png", "larger than the limit of 1000 bytes"),
        ("/big-streamed.png", "larger than the limit of 1000 bytes"),
        ("/slow.png", "took longer than 2000 ms"),
        ("/page.html", "did not answer a PNG, JPEG, GIF, WebP or SVG image"),
        ("/script.svg", "not safe to render"),
        ("/missing.png", "answered 404"),
    ];
    for (path, reason) in cases {
        let message = refusal(&server, &owner, &host.url(path)).await;
        assert!(message.contains(reason), "{path}: {message}");
    }
    let ftp = render(&server, &owner, "ftp://127.0.0.1/logo.png").await;
    assert_eq!((ftp.status.as_u16(), ftp.json()["code"].as_str()), (400, Some("ERR_VALID_001")), "{:?}", ftp.json());
    assert_eq!(host.logo_hits.load(Ordering::SeqCst), 0, "the redirect to localhost was never followed");
}
