//! Shared pieces of the webhook tests: servers with fast retries, subscriptions, waiting on the delivery
//! log, and a signature check written the way the Rynko SDK's `verify_webhook_signature` does it.

use std::time::Duration;

use hmac::{Hmac, Mac};
use quire_server::Config;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::common::{Account, TestServer};

/// Fast retries (tens of milliseconds) and loopback receivers allowed.
pub fn fast_retries(config: &mut Config) {
    config.webhooks_allow_private = true;
    config.webhooks_backoff_base_ms = 50;
    config.webhooks_backoff_max_ms = 200;
}

/// A server with [`fast_retries`] and its first user.
pub async fn server_with_user() -> (TestServer, Account) {
    let server = TestServer::start_with(fast_retries).await;
    let owner = server.register("owner@example.com").await;
    (server, owner)
}

/// Creates a subscription (extra fields merged into the body); returns `(id, secret)`.
pub async fn subscribe(
    server: &TestServer,
    owner: &Account,
    url: &str,
    events: &[&str],
    extra: Value,
) -> (String, String) {
    let mut body = json!({ "environmentId": owner.env_id, "url": url, "events": events });
    if let Value::Object(fields) = extra {
        for (k, v) in fields {
            body[k] = v;
        }
    }
    let answer = server.post("/api/v1/webhook-subscriptions", &owner.token, body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    (answer.body["id"].as_str().unwrap().to_string(), answer.body["secret"].as_str().unwrap().to_string())
}

/// The delivery log of a subscription (first page).
pub async fn deliveries(server: &TestServer, owner: &Account, subscription_id: &str) -> Vec<Value> {
    let answer = server.get(&format!("/api/v1/webhook-subscriptions/{subscription_id}/deliveries"), &owner.token).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["data"].as_array().unwrap().clone()
}

/// Polls the delivery log until `done` holds for its newest delivery (failing after 20 s); returns it.
pub async fn wait_for_delivery(
    server: &TestServer,
    owner: &Account,
    subscription_id: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    for _ in 0..1000 {
        if let Some(newest) = deliveries(server, owner, subscription_id).await.first()
            && done(newest)
        {
            return newest.clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("delivery never reached the expected state: {:?}", deliveries(server, owner, subscription_id).await);
}

/// `verify_webhook_signature` of the Rynko Python SDK, transcribed: parse `t=…,v1=…`, check the timestamp
/// is within `tolerance` seconds, compare the hex HMAC-SHA256 of `"<t>.<payload>"` keyed by the secret's
/// UTF-8 bytes; on success the parsed payload.
pub fn verify_webhook_signature(payload: &str, signature: &str, secret: &str, tolerance: i64) -> Result<Value, String> {
    let parts: std::collections::HashMap<&str, &str> = signature.split(',').filter_map(|p| p.split_once('=')).collect();
    let (Some(t), Some(v1)) = (parts.get("t"), parts.get("v1")) else {
        return Err("Invalid signature header format".into());
    };
    let timestamp: i64 = t.parse().map_err(|_| "Invalid timestamp in signature".to_string())?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    if (now - timestamp).abs() > tolerance {
        return Err("Webhook timestamp outside tolerance window".into());
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{payload}").as_bytes());
    if hex::encode(mac.finalize().into_bytes()) != *v1 {
        return Err("Invalid signature".into());
    }
    serde_json::from_str(payload).map_err(|_| "Invalid webhook payload".into())
}

/// Document event data as the job pipeline sends it.
pub fn document_data(job_id: &str) -> Value {
    json!({
        "jobId": job_id, "status": "completed", "templateId": "tmpl_x", "format": "pdf",
        "downloadUrl": "https://quire.example/dl", "fileSize": 1234, "errorCode": null, "errorMessage": null,
        "metadata": { "orderId": "ord_1" }
    })
}
