//! The activity log: who did what when, newest first, paged, and never holding a secret.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::world::{Who, World};

/// Every entry of Acme's log as the owner sees it, newest first.
async fn entries(world: &World) -> Vec<Value> {
    let answer =
        world.server.get(&format!("/api/teams/{}/activity?limit=100", world.team_id), &world.owner.token).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["data"].as_array().cloned().unwrap_or_default()
}

fn actions(entries: &[Value]) -> Vec<&str> {
    entries.iter().filter_map(|e| e["action"].as_str()).collect()
}

#[tokio::test]
async fn project_environment_and_member_changes_are_logged_newest_first() {
    let world = World::new().await;
    let server = &world.server;
    let staging = world.create_environment("staging").await;
    server.patch(&format!("/api/environments/{staging}"), world.token(Who::Admin), json!({ "name": "qa" })).await;
    let viewer = world.member_id(Who::Viewer).await;
    let team = format!("/api/teams/{}", world.team_id);
    server.patch(&format!("{team}/members/{viewer}/role"), &world.owner.token, json!({ "role": "member" })).await;
    server.delete(&format!("{team}/members/{viewer}"), world.token(Who::Admin)).await;
    server.delete(&format!("/api/environments/{staging}"), &world.owner.token).await;
    server.put(&team, &world.owner.token, json!({ "name": "Acme Corp" })).await;

    let log = entries(&world).await;
    let expected_tail = [
        "project.renamed",
        "environment.deleted",
        "member.removed",
        "member.role_changed",
        "environment.renamed",
        "environment.created",
    ];
    assert_eq!(&actions(&log)[..expected_tail.len()], expected_tail);
    let joins = actions(&log).iter().filter(|a| **a == "member.joined").count();
    let invites = actions(&log).iter().filter(|a| **a == "member.invited").count();
    assert_eq!((joins, invites), (3, 3));
    assert_eq!(actions(&log).last(), Some(&"project.created"));

    let renamed = &log[4];
    assert_eq!(renamed["actorLabel"], "admin@acme.test");
    assert_eq!(renamed["actorId"], world.admin.user_id.as_str());
    assert_eq!(renamed["actorType"], "user");
    assert_eq!(renamed["targetId"], staging.as_str());
    assert_eq!(renamed["environmentId"], staging.as_str());
    assert_eq!(renamed["details"]["name"], "qa");
    let role_changed = &log[3];
    assert_eq!(role_changed["targetId"], viewer.as_str());
    assert_eq!(role_changed["details"]["role"], "member");
    assert!(log.iter().all(|e| e["projectId"] == world.team_id.as_str()));
    assert!(log.iter().all(|e| e["id"].as_str().is_some_and(|id| !id.is_empty())));
    assert!(log.iter().all(|e| e["createdAt"].as_str().is_some_and(|t| t.ends_with('Z'))));
}

#[tokio::test]
async fn the_log_is_paged() {
    let world = World::new().await;
    let all = entries(&world).await;
    assert!(all.len() >= 4, "{all:?}");
    let path = format!("/api/teams/{}/activity?limit=2&page=2", world.team_id);
    let page = world.server.get(&path, &world.owner.token).await;
    assert_eq!(page.body["total"], all.len());
    assert_eq!((page.body["page"].as_i64(), page.body["limit"].as_i64()), (Some(2), Some(2)));
    assert_eq!(page.body["totalPages"], all.len().div_ceil(2));
    assert_eq!(page.body["data"], json!(all[2..4]));
}

#[tokio::test]
async fn the_log_never_holds_secrets() {
    let world = World::new().await;
    let (key, _) = world.server.create_key(&world.owner.token, &world.env_id, &["documents:generate"]).await;
    let log = entries(&world).await;
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(&key), "the API key secret is in the log");
    assert!(!text.contains("correct horse battery"), "a password is in the log");
    assert!(!text.contains(&world.owner.refresh_token) && !text.contains(&world.owner.token));
}

#[tokio::test]
async fn another_projects_log_is_hidden() {
    let world = World::new().await;
    let theirs = format!("/api/teams/{}/activity", world.outsider.team_id);
    let answer = world.server.get(&theirs, &world.owner.token).await;
    assert_eq!((answer.status.as_u16(), answer.code()), (404, "ERR_PROJ_001"));
}
