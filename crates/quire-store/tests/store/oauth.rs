//! OAuth apps, codes, grants and tokens: single-use codes, refresh rotation with reuse detection, revocation that
//! ends every token of a grant, and the dashboard's grant lists, the same on every store.

use quire_core::{OAuthScope, Scope, Timestamp};
use quire_store::{
    OAuthApp, OAuthClientType, OAuthCode, OAuthGrant, OAuthGrantKind, OAuthToken, OAuthTokenKind, RefreshOutcome, Store,
};

use crate::support::{Tenant, on_every_store, tenant};

fn app(owner: &Tenant) -> OAuthApp {
    OAuthApp {
        id: quire_core::ids::new_id("oapp"),
        project_id: owner.project_id.clone(),
        name: "Zap".into(),
        redirect_uris: vec!["https://zap.example/cb".into(), "http://127.0.0.1/cb".into()],
        client_type: OAuthClientType::Confidential,
        secret_digest: Some("secret-digest".into()),
        scopes: vec![OAuthScope::Key(Scope::DocumentsGenerate), OAuthScope::ProfileRead],
        credentials_environment_id: Some(owner.environment_id.clone()),
        created_by: owner.user_id.clone(),
        created_at: Timestamp::now(),
    }
}

fn grant(owner: &Tenant, app: &OAuthApp) -> OAuthGrant {
    OAuthGrant {
        id: quire_core::ids::new_id("ogr"),
        app_id: app.id.clone(),
        project_id: owner.project_id.clone(),
        environment_id: owner.environment_id.clone(),
        user_id: owner.user_id.clone(),
        kind: OAuthGrantKind::AuthorizationCode,
        scopes: vec![OAuthScope::Key(Scope::DocumentsGenerate)],
        created_at: Timestamp::now(),
        revoked_at: None,
    }
}

fn token(grant: &OAuthGrant, kind: OAuthTokenKind, name: &str) -> OAuthToken {
    let now = Timestamp::now();
    OAuthToken {
        digest: format!("{name}-{}", grant.id),
        kind,
        grant_id: grant.id.clone(),
        created_at: now,
        expires_at: now.plus_seconds(3600),
        revoked_at: None,
        rotated_at: None,
    }
}

/// A tenant with an app and a grant holding one access and one refresh token.
async fn granted(store: &Store, email: &str) -> (Tenant, OAuthApp, OAuthGrant, OAuthToken, OAuthToken) {
    let owner = tenant(store, email).await;
    let app = app(&owner);
    store.create_oauth_app(&app).await.unwrap();
    let grant = grant(&owner, &app);
    let (access, refresh) = (token(&grant, OAuthTokenKind::Access, "a1"), token(&grant, OAuthTokenKind::Refresh, "r1"));
    store.create_oauth_grant(&grant, &[access.clone(), refresh.clone()]).await.unwrap();
    (owner, app, grant, access, refresh)
}

#[tokio::test]
async fn an_app_round_trips_and_is_listed_under_its_project_only() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let (owner, other) = (tenant(&store, "apps@example.com").await, tenant(&store, "other@example.com").await);
        let registered = app(&owner);
        store.create_oauth_app(&registered).await.unwrap();
        assert_eq!(store.oauth_app(&registered.id).await.unwrap(), Some(registered.clone()), "{}", backend.name);
        assert_eq!(store.oauth_apps(&owner.project_id).await.unwrap(), vec![registered.clone()]);
        assert!(store.oauth_apps(&other.project_id).await.unwrap().is_empty());
        assert!(store.delete_oauth_app(&other.project_id, &registered.id).await.is_err(), "another project's app");
        store.delete_oauth_app(&owner.project_id, &registered.id).await.unwrap();
        assert_eq!(store.oauth_app(&registered.id).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn an_authorization_code_can_be_taken_once() {
    on_every_store(|backend| async move {
        let (first, second) = (backend.node().await, backend.node().await);
        let owner = tenant(&first, "codes@example.com").await;
        let app = app(&owner);
        first.create_oauth_app(&app).await.unwrap();
        let now = Timestamp::now();
        let code = OAuthCode {
            digest: "code-digest".into(),
            app_id: app.id.clone(),
            user_id: owner.user_id.clone(),
            environment_id: owner.environment_id.clone(),
            redirect_uri: "https://zap.example/cb".into(),
            scopes: vec![OAuthScope::ProfileRead],
            code_challenge: "challenge".into(),
            created_at: now,
            expires_at: now.plus_seconds(60),
        };
        first.create_oauth_code(&code).await.unwrap();
        let (a, b) = tokio::join!(first.take_oauth_code("code-digest"), second.take_oauth_code("code-digest"));
        let taken: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
        assert_eq!(taken, vec![code], "{}: exactly one exchange gets the code", backend.name);
        assert_eq!(first.take_oauth_code("code-digest").await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn a_token_is_found_with_its_grant_and_app_name() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let (_, app, grant, access, _) = granted(&store, "tokens@example.com").await;
        let found = store.oauth_token(&access.digest).await.unwrap().expect("stored");
        assert_eq!((found.token, found.grant, found.app_name), (access, grant, app.name), "{}", backend.name);
        assert!(store.oauth_token("unknown").await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn a_refresh_token_rotates_once_and_its_reuse_revokes_the_grant() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let (_, app, grant, access, refresh) = granted(&store, "rotate@example.com").await;
        let now = Timestamp::now();
        let next = [token(&grant, OAuthTokenKind::Access, "a2"), token(&grant, OAuthTokenKind::Refresh, "r2")];
        let outcome = store.rotate_oauth_refresh_token(&app.id, &refresh.digest, &next, now).await.unwrap();
        assert_eq!(outcome, RefreshOutcome::Rotated(grant.clone()), "{}", backend.name);
        assert!(store.oauth_token(&next[0].digest).await.unwrap().unwrap().is_active(now));
        assert!(!store.oauth_token(&refresh.digest).await.unwrap().unwrap().is_active(now), "rotated out");

        let again = [token(&grant, OAuthTokenKind::Access, "a3"), token(&grant, OAuthTokenKind::Refresh, "r3")];
        let reused = store.rotate_oauth_refresh_token(&app.id, &refresh.digest, &again, now).await.unwrap();
        assert_eq!(reused, RefreshOutcome::Reused, "{}", backend.name);
        for digest in [&access.digest, &next[0].digest, &next[1].digest] {
            let context = store.oauth_token(digest).await.unwrap().unwrap();
            assert!(!context.is_active(now), "{}: every token of the grant ends", backend.name);
        }
        assert!(store.oauth_token(&again[0].digest).await.unwrap().is_none(), "nothing issued on reuse");
        let after = store.rotate_oauth_refresh_token(&app.id, &next[1].digest, &again, now).await.unwrap();
        assert_eq!(after, RefreshOutcome::Invalid, "the newest refresh token died with the grant");
    })
    .await;
}

#[tokio::test]
async fn a_refresh_token_is_refused_for_another_app_or_when_it_is_an_access_token() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let (owner, _, grant, access, refresh) = granted(&store, "foreign@example.com").await;
        let stranger = app(&owner);
        store.create_oauth_app(&stranger).await.unwrap();
        let next = [token(&grant, OAuthTokenKind::Refresh, "r2")];
        let now = Timestamp::now();
        let foreign = store.rotate_oauth_refresh_token(&stranger.id, &refresh.digest, &next, now).await.unwrap();
        assert_eq!(foreign, RefreshOutcome::Invalid, "{}", backend.name);
        let as_access = store.rotate_oauth_refresh_token(&grant.app_id, &access.digest, &next, now).await.unwrap();
        assert_eq!(as_access, RefreshOutcome::Invalid);
        assert!(store.oauth_token(&refresh.digest).await.unwrap().unwrap().is_active(now), "still usable");
    })
    .await;
}

#[tokio::test]
async fn revoking_a_grant_ends_its_tokens_and_drops_it_from_the_lists() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let (owner, app, grant, access, refresh) = granted(&store, "lists@example.com").await;
        let mine = store.oauth_grants_of_user(&owner.user_id).await.unwrap();
        assert_eq!(mine.len(), 1, "{}", backend.name);
        assert_eq!((&mine[0].grant, &mine[0].app), (&grant, &app));
        assert_eq!(store.oauth_grants_of_project(&owner.project_id).await.unwrap(), mine);

        assert!(store.revoke_oauth_grant(&grant.id, Timestamp::now()).await.unwrap());
        assert!(!store.revoke_oauth_grant(&grant.id, Timestamp::now()).await.unwrap(), "already revoked");
        let now = Timestamp::now();
        assert!(!store.oauth_token(&access.digest).await.unwrap().unwrap().is_active(now));
        assert!(!store.oauth_token(&refresh.digest).await.unwrap().unwrap().is_active(now));
        assert!(store.oauth_grants_of_user(&owner.user_id).await.unwrap().is_empty());
        assert!(store.oauth_grants_of_project(&owner.project_id).await.unwrap().is_empty());
        assert!(store.oauth_grant(&grant.id).await.unwrap().unwrap().revoked_at.is_some());
    })
    .await;
}

#[tokio::test]
async fn revoking_one_token_leaves_the_others_of_its_grant() {
    on_every_store(|backend| async move {
        let store = backend.node().await;
        let (_, _, _, access, refresh) = granted(&store, "one@example.com").await;
        assert!(store.revoke_oauth_token(&access.digest, Timestamp::now()).await.unwrap());
        assert!(!store.revoke_oauth_token("unknown", Timestamp::now()).await.unwrap());
        let now = Timestamp::now();
        assert!(!store.oauth_token(&access.digest).await.unwrap().unwrap().is_active(now), "{}", backend.name);
        assert!(store.oauth_token(&refresh.digest).await.unwrap().unwrap().is_active(now));
    })
    .await;
}
