//! The API key check on the authentication hot path, measured in-process: parse (prefix, length,
//! alphabet, CRC-32 checksum), SHA-256 digest, cache lookup, status/expiry check — and its parts.
//!
//! Run: `cargo bench -p quire-server --bench key_check`. Target (DESIGN.md): ≤ 50 µs per check.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use futures::executor::block_on;
use quire_core::{ApiKeySecret, Scope, Timestamp};
use quire_server::auth::caller::{check_key_usable, resolve_token};
use quire_server::keys::issue::{NewKey, create_key};
use quire_server::{AppState, Config};

/// A server state on a temporary SQLite file with one user, one key, and that key's record cached.
struct Fixture {
    state: AppState,
    key: ApiKeySecret,
    _dir: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (state, key) = runtime.block_on(async {
        let config = Config { data_dir: dir.path().to_path_buf(), ..Config::default() };
        let store = quire_store::open(&config.database_url()).await.unwrap();
        let secrets = quire_server::state::StateSecrets {
            jwt: vec![7; 32],
            download_links: vec![8; 32],
            encryption: quire_server::config::EncryptionKey::generate().unwrap(),
        };
        let files = quire_server::documents::files::FileStore::local(&dir.path().join("files")).unwrap();
        let state = AppState::new(config, store, &secrets, "http://127.0.0.1".into(), files);
        let user =
            quire_server::routes::auth::create_account(&state, "bench@example.com", "bench password".into(), "Bench")
                .await
                .map_err(|e| e.0.message)
                .unwrap();
        let project = state.store.projects_of_user(&user.id).await.unwrap().remove(0).project;
        let environment = state.store.environments(&project.id).await.unwrap().remove(0);
        let new = NewKey {
            project_id: project.id,
            environment_id: environment.id,
            name: "bench".into(),
            scopes: vec![Scope::DocumentsGenerate],
            expires_at: None,
            rate_limit_per_minute: None,
            monthly_document_quota: None,
            created_by: user.id,
        };
        let (key, _) = create_key(&state.store, &new).await.unwrap();
        resolve_token(&state, key.expose()).await.unwrap();
        (state, key)
    });
    Fixture { state, key, _dir: dir, _runtime: runtime }
}

fn key_check(c: &mut Criterion) {
    let f = fixture();
    let token = f.key.expose().to_string();
    assert!(f.state.key_cache.get(&f.key.digest()).is_some(), "the record is cached before measuring");

    c.bench_function("key check: parse + checksum + digest + cache hit + status", |b| {
        b.iter(|| {
            let secret = ApiKeySecret::parse(black_box(&token)).unwrap();
            let record = f.state.key_cache.get(&secret.digest()).unwrap();
            check_key_usable(&record, Timestamp::now()).unwrap();
            black_box(record)
        })
    });
    c.bench_function("key check through resolve_token (cache hit)", |b| {
        b.iter(|| black_box(block_on(resolve_token(&f.state, black_box(&token))).unwrap()))
    });
    c.bench_function("part: parse + checksum", |b| b.iter(|| ApiKeySecret::parse(black_box(&token)).unwrap()));
    c.bench_function("part: SHA-256 digest", |b| b.iter(|| black_box(&f.key).digest()));
    let digest = f.key.digest();
    c.bench_function("part: cache hit", |b| b.iter(|| f.state.key_cache.get(black_box(&digest)).unwrap()));
}

criterion_group!(benches, key_check);
criterion_main!(benches);
