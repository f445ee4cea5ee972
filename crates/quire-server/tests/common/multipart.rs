//! `multipart/form-data` requests for upload endpoints (assets, signing certificates), built by hand so a test can
//! send exactly the parts, names and claimed types it means to.

use reqwest::Method;

use super::{Answer, TestServer};

/// One part of a multipart body.
pub struct Part<'a> {
    pub name: &'a str,
    pub file_name: Option<&'a str>,
    /// The type the client claims (the server must not trust it).
    pub content_type: Option<&'a str>,
    pub bytes: Vec<u8>,
}

impl<'a> Part<'a> {
    /// A plain text part (`password`, `name`).
    pub fn text(name: &'a str, text: &str) -> Self {
        Part { name, file_name: None, content_type: None, bytes: text.as_bytes().to_vec() }
    }

    /// A file part.
    pub fn file(name: &'a str, file_name: &'a str, bytes: Vec<u8>) -> Self {
        Part { name, file_name: Some(file_name), content_type: Some("application/octet-stream"), bytes }
    }
}

const BOUNDARY: &str = "quire-test-boundary-7MA4YWxkTrZu0gW";

/// The body and its `Content-Type`.
fn encode(parts: &[Part<'_>]) -> (Vec<u8>, String) {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"", part.name).as_bytes(),
        );
        if let Some(file_name) = part.file_name {
            body.extend_from_slice(format!("; filename=\"{file_name}\"").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        if let Some(content_type) = part.content_type {
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(&part.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (body, format!("multipart/form-data; boundary={BOUNDARY}"))
}

impl TestServer {
    /// `POST path` with `parts` as `multipart/form-data`, authenticated with `token`.
    pub async fn post_multipart(&self, path: &str, token: &str, parts: &[Part<'_>]) -> Answer {
        let (body, content_type) = encode(parts);
        let authorization = format!("Bearer {token}");
        let headers = [("content-type", content_type.as_str()), ("authorization", authorization.as_str())];
        self.raw(Method::POST, path, &headers, Some(body)).await
    }
}
