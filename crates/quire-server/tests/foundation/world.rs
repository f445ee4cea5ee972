//! A shared project ("Acme") with one user in each role and one outsider, for role and visibility tests.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Account, Answer, TestServer};

/// The five kinds of caller the role matrix distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Owner,
    Admin,
    Member,
    Viewer,
    /// Signed in, but not a member of the project.
    Outsider,
}

impl Who {
    /// In the column order of the matrix tables.
    pub const ALL: [Who; 5] = [Who::Owner, Who::Admin, Who::Member, Who::Viewer, Who::Outsider];

    /// The role name sent to the API (the outsider has none).
    pub fn role(self) -> Option<&'static str> {
        match self {
            Who::Owner => Some("owner"),
            Who::Admin => Some("admin"),
            Who::Member => Some("member"),
            Who::Viewer => Some("viewer"),
            Who::Outsider => None,
        }
    }

    /// Lower-case label, used in emails and names.
    pub fn label(self) -> &'static str {
        self.role().unwrap_or("outsider")
    }
}

/// A server, a non-personal project "Acme" owned by `owner`, and one account per [`Who`].
/// Every account's `team_id`/`env_id` is its own personal project; `team_id`/`env_id` of the world are Acme's.
pub struct World {
    pub server: TestServer,
    pub owner: Account,
    pub admin: Account,
    pub member: Account,
    pub viewer: Account,
    pub outsider: Account,
    /// Acme's id.
    pub team_id: String,
    /// Acme's `production` environment.
    pub env_id: String,
}

impl World {
    /// Starts a server and builds the world.
    pub async fn new() -> World {
        World::on(TestServer::start().await).await
    }

    /// Builds the world on a running server.
    pub async fn on(server: TestServer) -> World {
        let owner = server.register("owner@acme.test").await;
        let admin = server.register("admin@acme.test").await;
        let member = server.register("member@acme.test").await;
        let viewer = server.register("viewer@acme.test").await;
        let outsider = server.register("outsider@elsewhere.test").await;
        let (team_id, env_id) = create_project(&server, &owner, "Acme").await;
        let world = World { server, owner, admin, member, viewer, outsider, team_id, env_id };
        for who in [Who::Admin, Who::Member, Who::Viewer] {
            world.join(&world.team_id, who, None).await;
        }
        world
    }

    /// The account acting as `who`.
    pub fn account(&self, who: Who) -> &Account {
        match who {
            Who::Owner => &self.owner,
            Who::Admin => &self.admin,
            Who::Member => &self.member,
            Who::Viewer => &self.viewer,
            Who::Outsider => &self.outsider,
        }
    }

    /// The access token of `who`.
    pub fn token(&self, who: Who) -> &str {
        &self.account(who).token
    }

    /// Invites `who` into `team_id` with their role (restricted to `environment_ids` if given) and accepts.
    pub async fn join(&self, team_id: &str, who: Who, environment_ids: Option<Vec<String>>) -> String {
        let role = who.role().filter(|r| *r != "owner").expect("only admin, member or viewer can join");
        let inviter = Account { team_id: team_id.to_string(), ..self.owner.clone() };
        self.server.add_member(&inviter, self.account(who), role, environment_ids).await
    }

    /// Creates an environment in Acme as the owner and returns its id.
    pub async fn create_environment(&self, name: &str) -> String {
        let path = format!("/api/teams/{}/environments", self.team_id);
        let created = self.server.post(&path, &self.owner.token, json!({ "name": name })).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        id_of(&created)
    }

    /// Invites `email` into Acme as the owner and returns the invitation id.
    pub async fn invite(&self, email: &str, role: &str) -> String {
        let path = format!("/api/teams/{}/members/invite", self.team_id);
        let invited = self.server.post(&path, &self.owner.token, json!({ "email": email, "role": role })).await;
        assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
        id_of(&invited)
    }

    /// Acme's member list as the owner sees it.
    pub async fn members(&self) -> Vec<Value> {
        let listed = self.server.get(&format!("/api/teams/{}/members", self.team_id), &self.owner.token).await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
        listed.body["data"].as_array().cloned().unwrap_or_default()
    }

    /// The member id of `who` in Acme.
    pub async fn member_id(&self, who: Who) -> String {
        let user_id = &self.account(who).user_id;
        let members = self.members().await;
        let found = members.iter().find(|m| m["userId"] == user_id.as_str()).expect("is a member");
        found["id"].as_str().unwrap().to_string()
    }
}

/// Creates a non-personal project as `owner`; returns its id and its first environment's id.
pub async fn create_project(server: &TestServer, owner: &Account, name: &str) -> (String, String) {
    let created = server.post("/api/teams", &owner.token, json!({ "name": name })).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let team_id = id_of(&created);
    let envs = server.get(&format!("/api/teams/{team_id}/environments"), &owner.token).await;
    assert_eq!(envs.status, StatusCode::OK, "{}", envs.body);
    let env_id = envs.body["data"][0]["id"].as_str().expect("a first environment").to_string();
    (team_id, env_id)
}

/// The `id` field of an answer.
pub fn id_of(answer: &Answer) -> String {
    answer.body["id"].as_str().unwrap_or_else(|| panic!("no id in {}", answer.body)).to_string()
}
