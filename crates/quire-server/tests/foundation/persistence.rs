//! Data survives a restart on the same data folder: users, sessions, projects, environments, members,
//! invitations and the activity log.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::world::{Who, World};

/// What the owner sees of Acme: the project, its environments, members, pending invitations and log.
async fn snapshot(world: &World) -> Vec<Value> {
    let team = format!("/api/teams/{}", world.team_id);
    let mut seen = Vec::new();
    for path in [
        team.clone(),
        format!("{team}/environments"),
        format!("{team}/members"),
        format!("{team}/invitations"),
        format!("{team}/activity?limit=100"),
    ] {
        let answer = world.server.get(&path, &world.owner.token).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
        seen.push(answer.body);
    }
    seen
}

#[tokio::test]
async fn everything_survives_a_restart() {
    let mut world = World::new().await;
    let staging = world.create_environment("staging").await;
    world.invite("later@acme.test", "viewer").await;
    let before = snapshot(&world).await;
    assert_eq!(before[1]["total"], 2);
    assert_eq!(before[2]["total"], 4);
    assert_eq!(before[3]["total"], 1);

    world.server = world.server.restart().await;
    let after = snapshot(&world).await;
    assert_eq!(after, before);
    let env = world.server.get(&format!("/api/environments/{staging}"), world.token(Who::Viewer)).await;
    assert_eq!(env.body["name"], "staging");

    let login = json!({ "email": "member@acme.test", "password": "correct horse battery" });
    let logged_in = world.server.call(Method::POST, "/api/auth/login", None, Some(login)).await;
    assert_eq!(logged_in.status, StatusCode::OK, "{}", logged_in.body);
    let refresh = json!({ "refreshToken": world.admin.refresh_token });
    let refreshed = world.server.call(Method::POST, "/api/auth/refresh", None, Some(refresh)).await;
    assert_eq!(refreshed.status, StatusCode::OK, "a refresh token issued before the restart: {}", refreshed.body);
    let teams = world.server.get("/api/teams", world.token(Who::Member)).await;
    assert_eq!(teams.body["total"], 2, "personal project and Acme: {}", teams.body);
}
