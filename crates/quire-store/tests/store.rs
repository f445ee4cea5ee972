//! The behaviour every store promises, checked on SQLite and (with `QUIRE_TEST_DATABASE_URL`) on PostgreSQL, with
//! two "nodes" (two pools on one database) where the promise is about several processes.
// Tests: a failed call is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod store {
    mod announcements;
    mod conflicts;
    mod connection;
    mod copy;
    mod key_changes;
    mod oauth;
    mod outbox;
    mod queue;
    mod quotas;
    mod signing_certificates;
}
