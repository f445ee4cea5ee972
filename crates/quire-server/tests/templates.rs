//! Integration tests for the Templates API (issue #5): templates with drafts and published versions,
//! every lookup form, validation, optimistic concurrency, preview, scopes, assets with hostile uploads,
//! isolation between environments and the activity log — over HTTP against a real server on
//! 127.0.0.1:0 with a temporary SQLite file. One binary; the specification is split by concern.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod templates {
    mod activity_log;
    mod assets;
    mod concurrency;
    mod crud;
    mod fonts;
    mod isolation;
    mod lookup;
    mod preview;
    mod remote_images;
    mod scopes;
    mod support;
    mod svg_uploads;
    mod validation;
    mod versions;
}
