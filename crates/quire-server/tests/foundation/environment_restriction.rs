//! Environments: create/rename/delete effects, and members restricted to some environments seeing
//! nothing of the others (404, never 403).

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::world::{Who, World};
use crate::common::assert_error;

/// Ids of the environments listed for `token` in Acme.
async fn visible_environments(world: &World, token: &str) -> Vec<String> {
    let listed = world.server.get(&format!("/api/teams/{}/environments", world.team_id), token).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    assert_eq!(listed.body["total"], listed.body["data"].as_array().map_or(0, Vec::len));
    listed.body["data"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
}

/// World with a second environment `staging`, the admin and member restricted to `production`.
async fn restricted_world() -> (World, String) {
    let world = World::new().await;
    let staging = world.create_environment("staging").await;
    for who in [Who::Admin, Who::Member] {
        let id = world.member_id(who).await;
        let path = format!("/api/teams/{}/members/{id}/role", world.team_id);
        let body = json!({ "role": who.label(), "environmentIds": [world.env_id] });
        let changed = world.server.patch(&path, &world.owner.token, body).await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
        assert_eq!(changed.body["environmentIds"], json!([world.env_id]));
    }
    (world, staging)
}

#[tokio::test]
async fn a_restricted_member_sees_only_the_allowed_environments() {
    let (world, staging) = restricted_world().await;
    assert_eq!(visible_environments(&world, &world.owner.token).await, [world.env_id.clone(), staging.clone()]);
    assert_eq!(visible_environments(&world, world.token(Who::Viewer)).await.len(), 2, "unrestricted viewer");
    for who in [Who::Admin, Who::Member] {
        assert_eq!(
            visible_environments(&world, world.token(who)).await,
            std::slice::from_ref(&world.env_id),
            "{who:?}"
        );
        let hidden = world.server.get(&format!("/api/environments/{staging}"), world.token(who)).await;
        assert_error(&hidden, 404, "ERR_ENV_001");
        let allowed = world.server.get(&format!("/api/environments/{}", world.env_id), world.token(who)).await;
        assert_eq!(allowed.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_restricted_admin_cannot_touch_hidden_environments() {
    let (world, staging) = restricted_world().await;
    let path = format!("/api/environments/{staging}");
    let admin = world.token(Who::Admin);
    assert_error(&world.server.patch(&path, admin, json!({ "name": "mine" })).await, 404, "ERR_ENV_001");
    assert_error(&world.server.delete(&path, admin).await, 404, "ERR_ENV_001");
    let still = world.server.get(&path, &world.owner.token).await;
    assert_eq!((still.status, still.body["name"].as_str()), (StatusCode::OK, Some("staging")));
}

#[tokio::test]
async fn a_restricted_admin_cannot_grant_environments_hidden_from_them() {
    let (world, staging) = restricted_world().await;
    let admin = world.token(Who::Admin);
    let invite = format!("/api/teams/{}/members/invite", world.team_id);
    for environment_ids in [Value::Null, json!([staging]), json!([world.env_id, staging])] {
        let body = json!({ "email": "new@acme.test", "role": "viewer", "environmentIds": environment_ids });
        let answer = world.server.post(&invite, admin, body).await;
        assert!(answer.status.is_client_error(), "invite with {environment_ids}: {}", answer.body);
    }
    let within = json!({ "email": "new@acme.test", "role": "viewer", "environmentIds": [world.env_id] });
    assert_eq!(world.server.post(&invite, admin, within).await.status, StatusCode::CREATED);

    let viewer = world.member_id(Who::Viewer).await;
    let role_path = format!("/api/teams/{}/members/{viewer}/role", world.team_id);
    let widen = json!({ "role": "viewer", "environmentIds": [staging] });
    assert!(world.server.patch(&role_path, admin, widen).await.status.is_client_error());
    let narrow = json!({ "role": "viewer", "environmentIds": [world.env_id] });
    assert_eq!(world.server.patch(&role_path, admin, narrow).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_restricted_member_does_not_learn_hidden_environment_ids() {
    let (world, staging) = restricted_world().await;
    let viewer = world.member_id(Who::Viewer).await;
    let role_path = format!("/api/teams/{}/members/{viewer}/role", world.team_id);
    let to_staging = json!({ "role": "viewer", "environmentIds": [staging] });
    assert_eq!(world.server.patch(&role_path, &world.owner.token, to_staging).await.status, StatusCode::OK);
    let members = world.server.get(&format!("/api/teams/{}/members", world.team_id), world.token(Who::Member)).await;
    assert_eq!(members.status, StatusCode::OK, "{}", members.body);
    assert!(!members.body.to_string().contains(&staging), "{}", members.body);
    let activity = world.server.get(&format!("/api/teams/{}/activity", world.team_id), world.token(Who::Admin)).await;
    assert_eq!(activity.status, StatusCode::OK, "{}", activity.body);
    assert!(!activity.body.to_string().contains(&staging), "{}", activity.body);
    assert!(activity.body["data"].as_array().is_some_and(|a| !a.is_empty()));
}

#[tokio::test]
async fn lifting_the_restriction_shows_every_environment_again() {
    let (world, staging) = restricted_world().await;
    let id = world.member_id(Who::Member).await;
    let path = format!("/api/teams/{}/members/{id}/role", world.team_id);
    let lifted =
        world.server.patch(&path, &world.owner.token, json!({ "role": "member", "environmentIds": null })).await;
    assert_eq!(lifted.status, StatusCode::OK, "{}", lifted.body);
    assert!(lifted.body["environmentIds"].is_null());
    assert_eq!(visible_environments(&world, world.token(Who::Member)).await, [world.env_id.clone(), staging]);
}

#[tokio::test]
async fn environments_are_created_renamed_and_deleted() {
    let world = World::new().await;
    let server = &world.server;
    let staging = world.create_environment("staging").await;
    assert!(staging.starts_with("ws_"));
    let path = format!("/api/environments/{staging}");
    let renamed = server.patch(&path, &world.owner.token, json!({ "name": "qa" })).await;
    assert_eq!((renamed.status, renamed.body["name"].as_str()), (StatusCode::OK, Some("qa")), "{}", renamed.body);
    assert_eq!(server.get(&path, world.token(Who::Viewer)).await.body["name"], "qa");
    let taken = server.patch(&path, &world.owner.token, json!({ "name": "production" })).await;
    assert_error(&taken, 409, "ERR_CONFLICT");
    let bad = server
        .post(&format!("/api/teams/{}/environments", world.team_id), &world.owner.token, json!({ "name": "a/b" }))
        .await;
    assert_error(&bad, 400, "ERR_VALID_001");
    assert_eq!(server.delete(&path, &world.owner.token).await.status, StatusCode::NO_CONTENT);
    assert_error(&server.get(&path, &world.owner.token).await, 404, "ERR_ENV_001");
    let last = server.delete(&format!("/api/environments/{}", world.env_id), &world.owner.token).await;
    assert_error(&last, 409, "ERR_CONFLICT");
}
