//! Invitations (invite, list mine, accept, reject, cancel) and the rules around members: the owner cannot
//! be removed or changed, a project has one owner, role changes take effect at once.

use reqwest::StatusCode;
use serde_json::json;

use super::world::{Who, World};
use crate::common::{TestServer, assert_error};

#[tokio::test]
async fn an_invited_user_sees_accepts_and_joins_with_the_role() {
    let world = World::new().await;
    let server = &world.server;
    let invitation = world.invite("Newcomer@Acme.test", "member").await;
    let newcomer = server.register("newcomer@acme.test").await;

    let mine = server.get("/api/teams/invitations/my", &newcomer.token).await;
    assert_eq!(mine.body["total"], 1, "{}", mine.body);
    let listed = &mine.body["data"][0];
    assert_eq!(listed["id"], invitation.as_str());
    assert_eq!(listed["teamId"], world.team_id.as_str());
    assert_eq!(listed["teamName"], "Acme");
    assert_eq!(listed["role"], "member");
    assert_eq!(listed["status"], "pending");
    assert_eq!(listed["email"], "newcomer@acme.test");
    let others = server.get("/api/teams/invitations/my", &world.outsider.token).await;
    assert_eq!(others.body["total"], 0, "{}", others.body);

    let accepted =
        server.post(&format!("/api/teams/invitations/{invitation}/accept"), &newcomer.token, json!({})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert_eq!(accepted.body["role"], "member");
    assert_eq!(accepted.body["userId"], newcomer.user_id.as_str());

    let teams = server.get("/api/teams", &newcomer.token).await;
    let acme = teams.body["data"].as_array().unwrap().iter().find(|t| t["id"] == world.team_id.as_str()).cloned();
    let acme = acme.expect("Acme is among the newcomer's projects");
    assert_eq!((acme["role"].as_str(), acme["memberCount"].as_i64()), (Some("member"), Some(5)));
    assert_eq!(server.get(&format!("/api/teams/{}", world.team_id), &newcomer.token).await.status, StatusCode::OK);
    assert_eq!(server.get("/api/teams/invitations/my", &newcomer.token).await.body["total"], 0);
    let again = server.post(&format!("/api/teams/invitations/{invitation}/accept"), &newcomer.token, json!({})).await;
    assert_error(&again, 404, "ERR_INVITE_001");
}

#[tokio::test]
async fn a_rejected_invitation_grants_nothing() {
    let world = World::new().await;
    let server = &world.server;
    let invitation = world.invite("newcomer@acme.test", "admin").await;
    let newcomer = server.register("newcomer@acme.test").await;
    let rejected =
        server.post(&format!("/api/teams/invitations/{invitation}/reject"), &newcomer.token, json!({})).await;
    assert_eq!(rejected.status, StatusCode::NO_CONTENT, "{}", rejected.body);
    let accept = server.post(&format!("/api/teams/invitations/{invitation}/accept"), &newcomer.token, json!({})).await;
    assert_error(&accept, 404, "ERR_INVITE_001");
    assert_error(&server.get(&format!("/api/teams/{}", world.team_id), &newcomer.token).await, 404, "ERR_PROJ_001");
}

#[tokio::test]
async fn a_cancelled_invitation_cannot_be_accepted() {
    let world = World::new().await;
    let server = &world.server;
    let invitation = world.invite("newcomer@acme.test", "viewer").await;
    let newcomer = server.register("newcomer@acme.test").await;
    let path = format!("/api/teams/{}/invitations/{invitation}", world.team_id);
    assert_eq!(server.delete(&path, &world.owner.token).await.status, StatusCode::NO_CONTENT);
    let accept = server.post(&format!("/api/teams/invitations/{invitation}/accept"), &newcomer.token, json!({})).await;
    assert_error(&accept, 404, "ERR_INVITE_001");
    assert_error(&server.delete(&path, &world.owner.token).await, 404, "ERR_INVITE_001");
}

#[tokio::test]
async fn nobody_else_can_accept_or_reject_an_invitation() {
    let world = World::new().await;
    let server = &world.server;
    let invitation = world.invite("newcomer@acme.test", "admin").await;
    for action in ["accept", "reject"] {
        let path = format!("/api/teams/invitations/{invitation}/{action}");
        assert_error(&server.post(&path, &world.outsider.token, json!({})).await, 404, "ERR_INVITE_001");
        assert_error(&server.post(&path, &world.owner.token, json!({})).await, 404, "ERR_INVITE_001");
    }
    assert_error(
        &server.get(&format!("/api/teams/{}", world.team_id), &world.outsider.token).await,
        404,
        "ERR_PROJ_001",
    );
}

#[tokio::test]
async fn invitations_refuse_owners_members_and_foreign_environments() {
    let world = World::new().await;
    let server = &world.server;
    let path = format!("/api/teams/{}/members/invite", world.team_id);
    let owner_role = server.post(&path, &world.owner.token, json!({ "email": "x@acme.test", "role": "owner" })).await;
    assert_error(&owner_role, 400, "ERR_VALID_001");
    let bad_role = server.post(&path, &world.owner.token, json!({ "email": "x@acme.test", "role": "boss" })).await;
    assert_error(&bad_role, 400, "ERR_VALID_001");
    let bad_email = server.post(&path, &world.owner.token, json!({ "email": "x", "role": "viewer" })).await;
    assert_error(&bad_email, 400, "ERR_VALID_001");
    let already = server.post(&path, &world.owner.token, json!({ "email": "VIEWER@acme.test", "role": "admin" })).await;
    assert_error(&already, 409, "ERR_CONFLICT");
    let foreign =
        json!({ "email": "x@acme.test", "role": "viewer", "environmentIds": [world.env_id, world.outsider.env_id] });
    let answer = server.post(&path, &world.owner.token, foreign).await;
    assert_error(&answer, 400, "ERR_VALID_001");
    assert_eq!(answer.body["relatedInfo"]["errors"][0]["field"], "environmentIds[1]", "{}", answer.body);
}

#[tokio::test]
async fn the_owner_cannot_be_removed_or_re_roled() {
    let world = World::new().await;
    let server = &world.server;
    let owner_member = world.member_id(Who::Owner).await;
    let base = format!("/api/teams/{}/members/{owner_member}", world.team_id);
    for who in [Who::Owner, Who::Admin] {
        let token = world.token(who);
        assert_error(&server.delete(&base, token).await, 403, "ERR_AUTH_005");
        let demote = server.patch(&format!("{base}/role"), token, json!({ "role": "viewer" })).await;
        assert_error(&demote, 403, "ERR_AUTH_005");
    }
    let admin_member = world.member_id(Who::Admin).await;
    let promote = json!({ "role": "owner" });
    let answer = server
        .patch(&format!("/api/teams/{}/members/{admin_member}/role", world.team_id), &world.owner.token, promote)
        .await;
    assert_error(&answer, 400, "ERR_VALID_001");
    let members = world.members().await;
    let owners = members.iter().filter(|m| m["role"] == "owner").count();
    assert_eq!(owners, 1);
}

#[tokio::test]
async fn a_role_change_takes_effect_on_the_next_request() {
    let world = World::new().await;
    let server = &world.server;
    let viewer_member = world.member_id(Who::Viewer).await;
    let env_path = format!("/api/teams/{}/environments", world.team_id);
    let denied = server.post(&env_path, world.token(Who::Viewer), json!({ "name": "staging" })).await;
    assert_error(&denied, 403, "ERR_AUTH_005");
    let role_path = format!("/api/teams/{}/members/{viewer_member}/role", world.team_id);
    let changed = server.patch(&role_path, &world.owner.token, json!({ "role": "admin" })).await;
    assert_eq!((changed.status, changed.body["role"].as_str()), (StatusCode::OK, Some("admin")), "{}", changed.body);
    let allowed = server.post(&env_path, world.token(Who::Viewer), json!({ "name": "staging" })).await;
    assert_eq!(allowed.status, StatusCode::CREATED, "{}", allowed.body);
}

#[tokio::test]
async fn a_removed_member_loses_access_at_once() {
    let world = World::new().await;
    let server = &world.server;
    let member_id = world.member_id(Who::Member).await;
    let team_path = format!("/api/teams/{}", world.team_id);
    assert_eq!(server.get(&team_path, world.token(Who::Member)).await.status, StatusCode::OK);
    let removed = server.delete(&format!("{team_path}/members/{member_id}"), &world.owner.token).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.body);
    assert_error(&server.get(&team_path, world.token(Who::Member)).await, 404, "ERR_PROJ_001");
    let env = server.get(&format!("/api/environments/{}", world.env_id), world.token(Who::Member)).await;
    assert_error(&env, 404, "ERR_ENV_001");
    let unknown = server.delete(&format!("{team_path}/members/{member_id}"), &world.owner.token).await;
    assert_error(&unknown, 404, "ERR_MEMBER_001");
}

#[tokio::test]
async fn a_personal_project_cannot_be_deleted() {
    let server = TestServer::start().await;
    let ada = server.register("ada@example.com").await;
    let answer = server.delete(&format!("/api/teams/{}", ada.team_id), &ada.token).await;
    assert_error(&answer, 409, "ERR_CONFLICT");
    assert_eq!(server.get(&format!("/api/teams/{}", ada.team_id), &ada.token).await.status, StatusCode::OK);
}
