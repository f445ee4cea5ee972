//! Documents API over HTTP: generate, jobs, batches, downloads, retention, validation, isolation, workers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "documents/announcements.rs"]
mod announcements;
#[path = "documents/api_surface.rs"]
mod api_surface;
mod common;
#[path = "documents/flow.rs"]
mod flow;
#[path = "documents/pdf_options.rs"]
mod pdf_options;
#[path = "documents/pdf_post.rs"]
mod pdf_post;
#[path = "../../quire-pdf-post/tests/common/python.rs"]
mod pdf_readers;
#[path = "documents/queue.rs"]
mod queue;
#[path = "documents/quota.rs"]
mod quota;
#[path = "webhooks/receiver.rs"]
#[allow(dead_code)]
mod receiver;
#[path = "documents/support.rs"]
mod support;
#[path = "documents/validation.rs"]
mod validation;
