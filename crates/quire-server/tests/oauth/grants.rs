//! The dashboard's lists: a user's own grants, a project's apps with their grants for owners and admins, and
//! revoking either (which ends the tokens at once).

use serde_json::json;

use super::support::{consent, exchange, register_app, tokens_for};
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn a_user_lists_and_revokes_their_own_grants() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (app, tokens) = tokens_for(&server, &owner, "documents:generate").await;
    let mine = server.get("/api/oauth/grants", &owner.token).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let grant = &mine.body["data"][0];
    assert_eq!(grant["app"]["id"], app.client_id.as_str());
    assert_eq!(grant["environmentId"], owner.env_id.as_str());
    assert_eq!(grant["scopes"], json!(["documents:generate"]));
    let gone = server.delete(&format!("/api/oauth/grants/{}", grant["id"].as_str().unwrap()), &owner.token).await;
    assert_eq!(gone.status, 204, "{}", gone.body);
    assert_error(&server.get("/api/auth/verify", tokens["access_token"].as_str().unwrap()).await, 401, "ERR_AUTH_004");
    assert_eq!(server.get("/api/oauth/grants", &owner.token).await.body["data"], json!([]));
}

#[tokio::test]
async fn owners_see_the_projects_apps_with_everyones_grants_and_members_do_not() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let member = server.register("member@example.com").await;
    server.add_member(&owner, &member, "member", None).await;
    let app =
        register_app(&server, &owner, json!({ "token_endpoint_auth_method": "none", "client_name": "Make" })).await;
    let (code, verifier) = consent(&server, &member, &app, "documents:generate", &owner.env_id).await;
    let tokens = exchange(&server, &app, &code, &verifier).await.body;

    let apps = server.get(&format!("/api/teams/{}/oauth/apps", owner.team_id), &owner.token).await;
    assert_eq!(apps.status, 200, "{}", apps.body);
    assert_eq!(apps.body["data"][0]["name"], "Make");
    let grant = apps.body["data"][0]["grants"][0].clone();
    assert_eq!(grant["userId"], member.user_id.as_str());
    let as_member = server.get(&format!("/api/teams/{}/oauth/apps", owner.team_id), &member.token).await;
    assert_error(&as_member, 403, "ERR_AUTH_005");

    let stranger = server.register("stranger@example.com").await;
    let refused = server.delete(&format!("/api/oauth/grants/{}", grant["id"].as_str().unwrap()), &stranger.token).await;
    assert_eq!(refused.status, 404);
    let revoked = server.delete(&format!("/api/oauth/grants/{}", grant["id"].as_str().unwrap()), &owner.token).await;
    assert_eq!(revoked.status, 204);
    assert_error(&server.get("/api/auth/verify", tokens["access_token"].as_str().unwrap()).await, 401, "ERR_AUTH_004");
}

#[tokio::test]
async fn deleting_an_app_ends_its_tokens() {
    let server = TestServer::start().await;
    let owner = server.register("owner@example.com").await;
    let (app, tokens) = tokens_for(&server, &owner, "documents:generate").await;
    let path = format!("/api/teams/{}/oauth/apps/{}", owner.team_id, app.client_id);
    assert_eq!(server.delete(&path, &owner.token).await.status, 204);
    assert_error(&server.get("/api/auth/verify", tokens["access_token"].as_str().unwrap()).await, 401, "ERR_AUTH_004");
    let apps = server.get(&format!("/api/teams/{}/oauth/apps", owner.team_id), &owner.token).await;
    assert_eq!(apps.body["data"], json!([]));
}
