//! A small HTTP client for the cluster tests: calls to any node, a user with a key, a template.

use reqwest::Method;
use serde_json::{Value, json};

/// Talks to the cluster's API nodes.
#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
}

/// The test's user: a dashboard token, its environment, and a key that generates documents.
#[derive(Debug, Clone)]
pub struct Owner {
    pub token: String,
    pub env_id: String,
    pub key: String,
}

impl Client {
    pub fn new() -> Self {
        let http = reqwest::Client::builder().pool_max_idle_per_host(32).build().unwrap();
        Client { http }
    }

    /// A call with a bearer token and optional JSON body; status and JSON (or `Null`).
    pub async fn call(&self, method: Method, url: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
        let mut request = self.http.request(method, url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null))
    }

    pub async fn get(&self, url: &str, token: &str) -> (u16, Value) {
        self.call(Method::GET, url, Some(token), None).await
    }

    pub async fn post(&self, url: &str, token: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, url, Some(token), Some(body)).await
    }

    /// Registers on `node`, then makes a key with `extra` settings (e.g. a rate limit) there.
    pub async fn owner(&self, node: &str, email: &str) -> Owner {
        let register = json!({ "email": email, "password": "correct horse battery", "name": "Cluster" });
        let (status, body) = self.call(Method::POST, &format!("{node}/api/auth/register"), None, Some(register)).await;
        assert_eq!(status, 201, "{body}");
        let token = body["accessToken"].as_str().unwrap().to_string();
        let (_, teams) = self.get(&format!("{node}/api/teams"), &token).await;
        let team = teams["data"][0]["id"].as_str().unwrap().to_string();
        let (_, envs) = self.get(&format!("{node}/api/teams/{team}/environments"), &token).await;
        let env_id = envs["data"][0]["id"].as_str().unwrap().to_string();
        let mut owner = Owner { token, env_id, key: String::new() };
        owner.key = self.key(node, &owner, json!({})).await.1;
        owner
    }

    /// A new key of the owner's environment made on `node`; answers its id and secret.
    pub async fn key(&self, node: &str, owner: &Owner, extra: Value) -> (String, String) {
        let mut body = json!({
            "environmentId": owner.env_id, "name": "cluster", "permissions": ["documents:generate", "templates:manage"]
        });
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let (status, key) = self.post(&format!("{node}/api/v1/api-keys"), &owner.token, body).await;
        assert_eq!(status, 201, "{key}");
        (key["id"].as_str().unwrap().to_string(), key["key"].as_str().unwrap().to_string())
    }

    /// A published one-line PDF template made on `node`.
    pub async fn template(&self, node: &str, owner: &Owner) -> String {
        let body = json!({
            "name": "Cluster greeting",
            "schema": { "pageSize": "A6", "components": [
                { "id": "hello", "type": "text", "props": { "text": "Hello {{customer}}" } }
            ] },
            "variables": [ { "name": "customer", "type": "string", "required": true } ]
        });
        let (status, created) = self.post(&format!("{node}/api/v1/templates"), &owner.key, body).await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().unwrap().to_string();
        let (status, published) =
            self.post(&format!("{node}/api/v1/templates/{id}/publish"), &owner.key, json!({})).await;
        assert!((200..300).contains(&status), "{published}");
        id
    }
}
