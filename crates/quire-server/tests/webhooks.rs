//! Webhooks (issue #6, API.md §7) over HTTP against a real server and a throwaway receiver: subscriptions and
//! their rules, the SSRF guard, signatures the Rynko SDK verifies, retries with backoff after a receiver
//! was down, timeouts, the delivery log, test and retry endpoints, per-request targets, and the outbox
//! surviving a restart.
//!
//! One test binary; every test starts its own server on 127.0.0.1:0 with a temporary SQLite file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[path = "webhooks/receiver.rs"]
mod receiver;
#[path = "webhooks/support.rs"]
mod support;

#[path = "webhooks/delivery.rs"]
mod delivery;
#[path = "webhooks/manual.rs"]
mod manual;
#[path = "webhooks/outbox.rs"]
mod outbox;
#[path = "webhooks/subscriptions.rs"]
mod subscriptions;
#[path = "webhooks/targets.rs"]
mod targets;
