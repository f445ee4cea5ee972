//! Integration tests for the foundation (issue #2): accounts, tokens, projects, environments, members,
//! invitations, the activity log and the HTTP surface, against a real server on 127.0.0.1:0 with a
//! temporary SQLite file. One binary; the specification is split by concern under `foundation/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod foundation {
    mod accounts;
    mod activity_log;
    mod client_ip;
    mod cross_project;
    mod environment_restriction;
    mod http_surface;
    mod invitations;
    mod login_throttle;
    mod outage;
    mod persistence;
    mod role_matrix;
    mod sessions;
    mod signing_certificates;
    mod signing_render;
    mod signing_support;
    mod signing_uploads;
    mod tokens;
    mod world;
}
