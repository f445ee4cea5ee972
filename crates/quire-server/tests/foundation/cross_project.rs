//! Ids of another project never work through this project's paths, and API keys reach only what their
//! project, environment and scopes allow.

use reqwest::StatusCode;
use serde_json::json;

use super::world::{Who, World, id_of};
use crate::common::assert_error;

#[tokio::test]
async fn another_projects_member_and_invitation_ids_are_not_found_here() {
    let world = World::new().await;
    let server = &world.server;
    let theirs = format!("/api/teams/{}", world.outsider.team_id);
    let their_members = server.get(&format!("{theirs}/members"), &world.outsider.token).await;
    let their_owner = their_members.body["data"][0]["id"].as_str().unwrap().to_string();
    let invite = json!({ "email": "friend@elsewhere.test", "role": "viewer" });
    let their_invitation =
        id_of(&server.post(&format!("{theirs}/members/invite"), &world.outsider.token, invite).await);

    let ours = format!("/api/teams/{}", world.team_id);
    let owner = &world.owner.token;
    assert_error(&server.delete(&format!("{ours}/members/{their_owner}"), owner).await, 404, "ERR_MEMBER_001");
    let re_role = server.patch(&format!("{ours}/members/{their_owner}/role"), owner, json!({ "role": "viewer" })).await;
    assert_error(&re_role, 404, "ERR_MEMBER_001");
    let cancel = server.delete(&format!("{ours}/invitations/{their_invitation}"), owner).await;
    assert_error(&cancel, 404, "ERR_INVITE_001");

    let still = server.get(&format!("{theirs}/members"), &world.outsider.token).await;
    assert_eq!(still.body["data"][0]["role"], "owner");
    let pending = server.get(&format!("{theirs}/invitations"), &world.outsider.token).await;
    assert_eq!(pending.body["total"], 1, "{}", pending.body);
}

#[tokio::test]
async fn another_projects_owner_cannot_reach_our_environments() {
    let world = World::new().await;
    let server = &world.server;
    let path = format!("/api/environments/{}", world.env_id);
    let outsider = &world.outsider.token;
    assert_error(&server.get(&path, outsider).await, 404, "ERR_ENV_001");
    assert_error(&server.patch(&path, outsider, json!({ "name": "mine" })).await, 404, "ERR_ENV_001");
    assert_error(&server.delete(&path, outsider).await, 404, "ERR_ENV_001");
    assert_eq!(server.get(&path, &world.owner.token).await.body["name"], "production");
}

#[tokio::test]
async fn project_lists_show_each_user_their_own_role() {
    let world = World::new().await;
    for who in Who::ALL {
        let teams = world.server.get("/api/teams", world.token(who)).await;
        let data = teams.body["data"].as_array().unwrap();
        let acme = data.iter().find(|t| t["id"] == world.team_id.as_str());
        assert_eq!(acme.map(|t| t["role"].clone()), who.role().map(|r| json!(r)), "{who:?}: {}", teams.body);
        if let Some(acme) = acme {
            assert_eq!((acme["name"].as_str(), acme["memberCount"].as_i64()), (Some("Acme"), Some(4)));
            assert_eq!((acme["slug"].as_str(), acme["isPersonal"].as_bool()), (Some("acme"), Some(false)));
        }
    }
}

#[tokio::test]
async fn renaming_a_project_changes_its_name_and_slug() {
    let world = World::new().await;
    let path = format!("/api/teams/{}", world.team_id);
    let renamed = world.server.put(&path, world.token(Who::Admin), json!({ "name": "Acme Corp & Co" })).await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    let seen = world.server.get(&path, world.token(Who::Viewer)).await;
    assert_eq!(
        (seen.body["name"].as_str(), seen.body["slug"].as_str()),
        (Some("Acme Corp & Co"), Some("acme-corp-co"))
    );
    assert_eq!(seen.body["role"], "viewer");
}

#[tokio::test]
async fn api_keys_reach_only_their_project_and_scopes() {
    let world = World::new().await;
    let server = &world.server;
    let (generate, _) = server.create_key(&world.owner.token, &world.env_id, &["documents:generate"]).await;
    let (manage, _) = server.create_key(&world.owner.token, &world.env_id, &["project:manage"]).await;
    let ours = format!("/api/teams/{}", world.team_id);
    assert_error(&server.get("/api/teams", &generate).await, 403, "ERR_AUTH_005");
    assert_error(&server.get(&ours, &manage).await, 403, "ERR_AUTH_005");
    assert_error(&server.get(&format!("{ours}/members"), &generate).await, 403, "ERR_AUTH_005");
    assert_eq!(server.get(&format!("{ours}/members"), &manage).await.status, StatusCode::OK);
    let theirs = format!("/api/teams/{}/members", world.outsider.team_id);
    assert_error(&server.get(&theirs, &manage).await, 404, "ERR_PROJ_001");
    let their_env = format!("/api/environments/{}", world.outsider.env_id);
    assert_error(&server.get(&their_env, &manage).await, 404, "ERR_ENV_001");
}

#[tokio::test]
async fn an_api_key_grants_no_more_than_its_own_environment() {
    let world = World::new().await;
    let server = &world.server;
    world.create_environment("staging").await;
    let (manage, _) = server.create_key(&world.owner.token, &world.env_id, &["project:manage"]).await;
    let invite = format!("/api/teams/{}/members/invite", world.team_id);
    let everywhere = server.post(&invite, &manage, json!({ "email": "new@acme.test", "role": "admin" })).await;
    assert_error(&everywhere, 400, "ERR_VALID_001");
    let here = json!({ "email": "new@acme.test", "role": "admin", "environmentIds": [world.env_id] });
    assert_eq!(server.post(&invite, &manage, here).await.status, StatusCode::CREATED);
}
