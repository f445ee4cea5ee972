//! The behaviour every store promises, checked on SQLite and (with `QUIRE_TEST_DATABASE_URL`) on PostgreSQL, with
//! two "nodes" (two pools on one database) where the promise is about several processes.

mod support;

mod store {
    mod conflicts;
    mod connection;
    mod key_changes;
    mod outbox;
    mod queue;
    mod quotas;
}
