//! The role matrix as a table: every project, environment and member endpoint, called by each kind of
//! caller, with the status the contract promises. Denied calls must also leave their target untouched.

use reqwest::Method;
use serde_json::{Value, json};

use super::world::{Who, World, create_project, id_of};

/// Project, environment and member endpoints.
#[derive(Debug, Clone, Copy)]
enum Endpoint {
    GetProject,
    RenameProjectPut,
    RenameProjectPatch,
    DeleteProject,
    ListEnvironments,
    CreateEnvironment,
    GetEnvironment,
    RenameEnvironment,
    DeleteEnvironment,
    ListMembers,
    InviteMember,
    ChangeMemberRole,
    RemoveMember,
    ListInvitations,
    CancelInvitation,
    ReadActivity,
}

/// Expected status per caller, in the order owner, admin, member, viewer, non-member.
struct Row(Endpoint, [u16; 5]);

#[rustfmt::skip]
const MATRIX: &[Row] = &[
    //                                 owner admin member viewer outsider
    Row(Endpoint::GetProject,         [200,  200,  200,   200,   404]),
    Row(Endpoint::RenameProjectPut,   [200,  200,  403,   403,   404]),
    Row(Endpoint::RenameProjectPatch, [200,  200,  403,   403,   404]),
    Row(Endpoint::DeleteProject,      [204,  403,  403,   403,   404]),
    Row(Endpoint::ListEnvironments,   [200,  200,  200,   200,   404]),
    Row(Endpoint::CreateEnvironment,  [201,  201,  403,   403,   404]),
    Row(Endpoint::GetEnvironment,     [200,  200,  200,   200,   404]),
    Row(Endpoint::RenameEnvironment,  [200,  200,  403,   403,   404]),
    Row(Endpoint::DeleteEnvironment,  [204,  204,  403,   403,   404]),
    Row(Endpoint::ListMembers,        [200,  200,  200,   200,   404]),
    Row(Endpoint::InviteMember,       [201,  201,  403,   403,   404]),
    Row(Endpoint::ChangeMemberRole,   [200,  200,  403,   403,   404]),
    Row(Endpoint::RemoveMember,       [204,  204,  403,   403,   404]),
    Row(Endpoint::ListInvitations,    [200,  200,  403,   403,   404]),
    Row(Endpoint::CancelInvitation,   [204,  204,  403,   403,   404]),
    Row(Endpoint::ReadActivity,       [200,  200,  403,   403,   404]),
];

/// A prepared call, and how to tell afterwards whether its target still exists.
struct Call {
    method: Method,
    path: String,
    body: Option<Value>,
    /// 404 code for callers who may not see the target.
    hidden_code: &'static str,
    target: Option<Target>,
}

/// Something a destructive call may remove.
enum Target {
    /// Exists while the owner's `GET path` answers 200.
    Path(String),
    /// A member id in Acme.
    Member(String),
    /// A pending invitation id in Acme.
    Invitation(String),
}

impl Call {
    fn new(method: Method, path: String, body: Option<Value>) -> Call {
        let hidden_code = if path.starts_with("/api/environments/") { "ERR_ENV_001" } else { "ERR_PROJ_001" };
        Call { method, path, body, hidden_code, target: None }
    }

    fn removing(mut self, target: Target) -> Call {
        self.target = Some(target);
        self
    }
}

/// Builds the call for `endpoint` made by `who`, creating a fresh target where the call destroys one.
async fn prepare(world: &World, endpoint: Endpoint, who: Who, spare: &mut Spare) -> Call {
    let team = format!("/api/teams/{}", world.team_id);
    let name = json!({ "name": format!("by-{}", who.label()) });
    match endpoint {
        Endpoint::GetProject => Call::new(Method::GET, team, None),
        Endpoint::RenameProjectPut => Call::new(Method::PUT, team, Some(name)),
        Endpoint::RenameProjectPatch => Call::new(Method::PATCH, team, Some(name)),
        Endpoint::DeleteProject => {
            let (doomed, _) = create_project(&world.server, &world.owner, "Doomed").await;
            for role in [Who::Admin, Who::Member, Who::Viewer] {
                world.join(&doomed, role, None).await;
            }
            let path = format!("/api/teams/{doomed}");
            Call::new(Method::DELETE, path.clone(), None).removing(Target::Path(path))
        }
        Endpoint::ListEnvironments => Call::new(Method::GET, format!("{team}/environments"), None),
        Endpoint::CreateEnvironment => Call::new(Method::POST, format!("{team}/environments"), Some(name)),
        Endpoint::GetEnvironment => Call::new(Method::GET, format!("/api/environments/{}", world.env_id), None),
        Endpoint::RenameEnvironment => {
            let env = world.create_environment(&format!("rename-target-{}", who.label())).await;
            let renamed = json!({ "name": format!("renamed-by-{}", who.label()) });
            Call::new(Method::PATCH, format!("/api/environments/{env}"), Some(renamed))
        }
        Endpoint::DeleteEnvironment => {
            let env = world.create_environment(&format!("delete-target-{}", who.label())).await;
            let path = format!("/api/environments/{env}");
            Call::new(Method::DELETE, path.clone(), None).removing(Target::Path(path))
        }
        Endpoint::ListMembers => Call::new(Method::GET, format!("{team}/members"), None),
        Endpoint::InviteMember => {
            let email = format!("invited-by-{}@acme.test", who.label());
            Call::new(Method::POST, format!("{team}/members/invite"), Some(json!({ "email": email, "role": "viewer" })))
        }
        Endpoint::ChangeMemberRole => {
            let id = spare_member(world, spare).await;
            Call::new(Method::PATCH, format!("{team}/members/{id}/role"), Some(json!({ "role": "member" })))
        }
        Endpoint::RemoveMember => {
            let id = spare_member(world, spare).await;
            Call::new(Method::DELETE, format!("{team}/members/{id}"), None).removing(Target::Member(id))
        }
        Endpoint::ListInvitations => Call::new(Method::GET, format!("{team}/invitations"), None),
        Endpoint::CancelInvitation => {
            let id = world.invite(&format!("to-cancel-{}@acme.test", who.label()), "viewer").await;
            Call::new(Method::DELETE, format!("{team}/invitations/{id}"), None).removing(Target::Invitation(id))
        }
        Endpoint::ReadActivity => Call::new(Method::GET, format!("{team}/activity"), None),
    }
}

/// A user who is invited into Acme again whenever a call removed them.
#[derive(Default)]
struct Spare {
    token: Option<String>,
    member_id: Option<String>,
}

/// The spare user's member id in Acme, (re-)joining when needed.
async fn spare_member(world: &World, spare: &mut Spare) -> String {
    if let Some(id) = &spare.member_id
        && world.members().await.iter().any(|m| m["id"] == id.as_str())
    {
        return id.clone();
    }
    let token = match &spare.token {
        Some(token) => token.clone(),
        None => world.server.register("spare@acme.test").await.token,
    };
    let invitation = world.invite("spare@acme.test", "viewer").await;
    let accepted = world.server.post(&format!("/api/teams/invitations/{invitation}/accept"), &token, json!({})).await;
    assert_eq!(accepted.status.as_u16(), 200, "{}", accepted.body);
    let id = id_of(&accepted);
    *spare = Spare { token: Some(token), member_id: Some(id.clone()) };
    id
}

/// Whether the target of a destructive call is still there, as the owner sees it.
async fn still_there(world: &World, target: &Target) -> bool {
    let server = &world.server;
    match target {
        Target::Path(path) => server.get(path, &world.owner.token).await.status.as_u16() == 200,
        Target::Member(id) => world.members().await.iter().any(|m| m["id"] == id.as_str()),
        Target::Invitation(id) => {
            let listed = server.get(&format!("/api/teams/{}/invitations", world.team_id), &world.owner.token).await;
            listed.body["data"].as_array().is_some_and(|all| all.iter().any(|i| i["id"] == id.as_str()))
        }
    }
}

#[tokio::test]
async fn every_role_is_allowed_and_denied_as_the_matrix_says() {
    let world = World::new().await;
    let mut spare = Spare::default();
    let mut mismatches = Vec::new();
    for Row(endpoint, expected) in MATRIX {
        for (who, want) in Who::ALL.into_iter().zip(*expected) {
            let call = prepare(&world, *endpoint, who, &mut spare).await;
            let answer = world.server.call(call.method.clone(), &call.path, Some(world.token(who)), call.body).await;
            let got = answer.status.as_u16();
            let label = format!("{endpoint:?} as {who:?} ({} {})", call.method, call.path);
            if got != want {
                mismatches.push(format!("{label}: expected {want}, got {got}: {}", answer.body));
                continue;
            }
            let want_code = match want {
                403 => Some("ERR_AUTH_005"),
                404 => Some(call.hidden_code),
                _ => None,
            };
            if let Some(code) = want_code.filter(|c| answer.code() != *c) {
                mismatches.push(format!("{label}: expected code {code}, got {}", answer.body));
            }
            if let Some(target) = &call.target {
                let removed = !still_there(&world, target).await;
                if removed != (want < 300) {
                    mismatches.push(format!("{label}: answered {got} but target removed = {removed}"));
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "role matrix violations:\n{}", mismatches.join("\n"));
}
