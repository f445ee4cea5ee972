//! `quire keys` against a real SQLite store: the printed key authenticates, lists never show it, revoke works.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use clap::Parser;
use quire_core::ErrorCode;
use quire_server::auth::caller::resolve_token;
use quire_server::{AppState, Config};

use super::{KeysCommand, execute};

/// `quire keys …` as the binary parses it.
#[derive(Debug, Parser)]
struct KeysCli {
    #[command(subcommand)]
    command: KeysCommand,
}

fn command(args: &[&str]) -> KeysCommand {
    KeysCli::try_parse_from(std::iter::once("keys").chain(args.iter().copied())).unwrap().command
}

/// A server state on a scratch data folder with one account; returns it with the environment id.
async fn state_with_account() -> (AppState, String, PathBuf) {
    let dir = std::env::temp_dir().join(format!("quire-keys-cmd-{}", quire_core::base62::random_string(12)));
    std::fs::create_dir_all(&dir).unwrap();
    let config = Config { data_dir: dir.clone(), ..Config::default() };
    let store = quire_store::open(&config.database_url()).await.unwrap();
    let secrets = quire_server::state::StateSecrets {
        jwt: vec![9; 32],
        download_links: vec![7; 32],
        encryption: quire_server::config::EncryptionKey::generate().unwrap(),
    };
    let files = quire_server::documents::files::FileStore::local(&dir.join("files")).unwrap();
    let state = AppState::new(config, store, &secrets, "http://127.0.0.1".into(), files);
    let user = quire_server::routes::auth::create_account(&state, "cli@example.com", "cli password".into(), "Cli")
        .await
        .map_err(|e| e.0.message)
        .unwrap();
    let project = state.store.projects_of_user(&user.id).await.unwrap().remove(0).project;
    let env = state.store.environments(&project.id).await.unwrap().remove(0);
    (state, env.id, dir)
}

#[tokio::test]
async fn created_key_is_printed_once_and_authenticates() {
    let (state, env, dir) = state_with_account().await;
    let create = command(&[
        "create",
        "--environment",
        &env,
        "--name",
        "deploy",
        "--permission",
        "documents:generate",
        "--permission",
        "templates:manage",
    ]);
    let printed = execute(create, &state.store).await.unwrap();
    assert_eq!(printed.stdout.len(), 1, "stdout carries the key alone");
    let key = &printed.stdout[0];
    let caller = resolve_token(&state, key).await.unwrap();
    let record = caller.api_key().unwrap();
    assert_eq!(record.environment_id, env);
    assert_eq!(record.created_by, "cli");
    assert_eq!(record.scopes.len(), 2);

    let listed = execute(command(&["list", "--environment", &env]), &state.store).await.unwrap();
    assert_eq!(listed.stdout.len(), 1);
    assert!(listed.stdout[0].contains(&record.id) && listed.stdout[0].contains("active"));
    assert!(!listed.stdout[0].contains(&key[3..35]), "the list never shows the key");
    state.store.close().await;
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn revoked_key_is_refused_by_a_server_that_had_not_cached_it() {
    let (state, env, dir) = state_with_account().await;
    let create = command(&["create", "--environment", &env, "--name", "old", "--permission", "analytics:view"]);
    let key = execute(create, &state.store).await.unwrap().stdout.remove(0);
    let id = state.store.api_keys(&env).await.unwrap().remove(0).id;
    let revoked = execute(command(&["revoke", &id]), &state.store).await.unwrap();
    assert_eq!(revoked.stdout, vec![format!("revoked {id}")]);
    let refused = resolve_token(&state, &key).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::KeyRevoked);
    let listed = execute(command(&["list", "--environment", &env]), &state.store).await.unwrap();
    assert!(listed.stdout[0].contains("revoked"));
    state.store.close().await;
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn bad_arguments_are_refused_before_anything_is_stored() {
    let (state, env, dir) = state_with_account().await;
    let cases: [(&[&str], &str); 4] = [
        (&["--permission", "everything"], "unknown permission"),
        (&["--permission", "documents:generate", "--expires-at", "2001-01-01T00:00:00Z"], "future"),
        (&["--permission", "documents:generate", "--rate-limit-per-minute", "0"], "between 1 and"),
        (&["--permission", "documents:generate", "--environment", "ws_nope"], "no environment"),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["create", "--name", "x"];
        if !extra.contains(&"--environment") {
            args.extend(["--environment", env.as_str()]);
        }
        args.extend_from_slice(extra);
        let err = execute(command(&args), &state.store).await.unwrap_err().to_string();
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert!(state.store.api_keys(&env).await.unwrap().is_empty());
    assert!(execute(command(&["revoke", "key_missing"]), &state.store).await.is_err());
    state.store.close().await;
    std::fs::remove_dir_all(dir).unwrap();
}
