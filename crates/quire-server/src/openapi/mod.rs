//! The OpenAPI 3.1 document (`/api/openapi.json`), generated from the operations table and the error
//! catalogue, and a self-contained API docs page (`/docs`, no external assets).

pub mod operations;

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use quire_core::ErrorCode;
use serde_json::{Map, Value, json};

use crate::http::Json;
use crate::state::AppState;
use operations::{Auth, OPERATIONS, Operation};

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(|| async { Json(document()) }))
        .route("/docs", get(|| async { Html(include_str!("docs.html")) }))
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn operation(op: &Operation) -> Value {
    let mut parameters: Vec<Value> = op
        .path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect();
    if matches!(op.auth, Auth::Signed) {
        parameters.push(json!({ "name": "expires", "in": "query", "required": true, "schema": { "type": "integer" } }));
        parameters
            .push(json!({ "name": "signature", "in": "query", "required": true, "schema": { "type": "string" } }));
    }
    let (security, note) = match op.auth {
        Auth::Public | Auth::Signed => (json!([]), String::new()),
        Auth::Dashboard => (json!([{ "dashboardToken": [] }]), "Dashboard sign-in (JWT) only.".to_string()),
        Auth::Any => (json!([{ "apiKey": [] }, { "dashboardToken": [] }]), String::new()),
        Auth::Scope(scope) => {
            (json!([{ "apiKey": [] }, { "dashboardToken": [] }]), format!("API keys need the `{scope}` permission."))
        }
    };
    let mut responses = Map::new();
    responses.insert(op.success.to_string(), json!({ "description": "Success" }));
    if op.body {
        responses.insert("400".into(), error_response("ERR_VALID_001 invalid field / ERR_VALID_002 malformed JSON"));
        responses.insert("413".into(), error_response("ERR_VALID_003 body too large"));
    }
    if !matches!(op.auth, Auth::Public | Auth::Signed) {
        responses.insert("401".into(), error_response("ERR_AUTH_001/003/004, ERR_AKEY_002/003/004"));
        responses.insert("403".into(), error_response("ERR_AUTH_005 role or permission missing"));
        responses.insert("429".into(), error_response("ERR_QUOTA_003 rate limited (see Retry-After)"));
    }
    let mut out = json!({
        "tags": [op.tag],
        "summary": op.summary,
        "description": note,
        "operationId": format!("{}{}", op.method, op.path.replace(['/', '{', '}', '-'], "_")),
        "parameters": parameters,
        "security": security,
        "responses": responses,
    });
    if op.body {
        out["requestBody"] =
            json!({ "required": true, "content": { "application/json": { "schema": { "type": "object" } } } });
    }
    out
}

/// The OpenAPI document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for op in OPERATIONS {
        let item = paths.entry(op.path.to_string()).or_insert_with(|| json!({}));
        item[op.method] = operation(op);
    }
    let codes: Vec<Value> = ErrorCode::ALL
        .iter()
        .map(|c| json!({ "code": c.as_str(), "status": c.status(), "message": c.default_message() }))
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Quire API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Self-hosted document generation, compatible with the Rynko REST API. Every error has the body \
                `{statusCode, error, code, message, timestamp, path, relatedInfo?, requestId}`; every response carries \
                `X-Request-Id` and `X-RateLimit-Limit/Remaining/Reset`."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "apiKey": { "type": "http", "scheme": "bearer", "description": "API key: fm_ + 32 base62 + 6 checksum characters" },
                "dashboardToken": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT" }
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["statusCode", "error", "code", "message", "timestamp", "path"],
                    "properties": {
                        "statusCode": { "type": "integer" }, "error": { "type": "string" }, "code": { "type": "string" },
                        "message": { "type": "string" }, "timestamp": { "type": "string", "format": "date-time" },
                        "path": { "type": "string" }, "relatedInfo": { "type": "object" }, "requestId": { "type": "string" },
                        "retryAfter": { "type": "integer" }
                    }
                }
            }
        },
        "x-error-codes": codes,
    })
}
