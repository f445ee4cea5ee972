//! The table of every operation the API serves: the one place the OpenAPI document is generated from.
//! A test checks that every row is routed, so the document cannot list an endpoint that does not exist.

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// No credentials.
    Public,
    /// Dashboard token (JWT) only.
    Dashboard,
    /// A dashboard token, or an API key with this scope.
    Scope(&'static str),
    /// Any authenticated caller.
    Any,
    /// A signed link.
    Signed,
}

/// One operation.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub auth: Auth,
    /// Status of success.
    pub success: u16,
    /// Whether it takes a JSON body.
    pub body: bool,
}

const fn op(method: &'static str, path: &'static str, tag: &'static str, summary: &'static str, auth: Auth, success: u16, body: bool) -> Operation {
    Operation { method, path, tag, summary, auth, success, body }
}

use Auth::*;

/// Every operation, grouped by tag.
pub const OPERATIONS: &[Operation] = &[
    op("get", "/health", "Service", "Liveness", Public, 200, false),
    op("get", "/ready", "Service", "Readiness: the store answers", Public, 200, false),
    op("post", "/api/auth/register", "Accounts", "Register (first user, open signup, or an invited email)", Public, 201, true),
    op("post", "/api/auth/login", "Accounts", "Sign in with email and password", Public, 200, true),
    op("post", "/api/auth/refresh", "Accounts", "Trade a refresh token for new tokens (single use)", Public, 200, true),
    op("post", "/api/auth/logout", "Accounts", "Revoke a refresh token, or every session of the user", Dashboard, 204, true),
    op("get", "/api/auth/verify", "Accounts", "Who is calling", Any, 200, false),
    op("get", "/api/v1/auth/verify", "Accounts", "Who is calling", Any, 200, false),
    op("get", "/api/teams", "Projects", "Projects of the user", Dashboard, 200, false),
    op("post", "/api/teams", "Projects", "Create a project (with a production environment)", Dashboard, 201, true),
    op("get", "/api/teams/{teamId}", "Projects", "A project", Dashboard, 200, false),
    op("put", "/api/teams/{teamId}", "Projects", "Rename a project (owner, admin)", Dashboard, 200, true),
    op("delete", "/api/teams/{teamId}", "Projects", "Delete a project (owner)", Dashboard, 204, false),
    op("get", "/api/teams/{teamId}/activity", "Projects", "Activity log (owner, admin)", Scope("project:manage"), 200, false),
    op("get", "/api/teams/{teamId}/members", "Members", "Members of a project", Scope("project:manage"), 200, false),
    op("post", "/api/teams/{teamId}/members/invite", "Members", "Invite by email with a role and optional environments", Scope("project:manage"), 201, true),
    op("patch", "/api/teams/{teamId}/members/{memberId}/role", "Members", "Change a member's role", Scope("project:manage"), 200, true),
    op("delete", "/api/teams/{teamId}/members/{memberId}", "Members", "Remove a member", Scope("project:manage"), 204, false),
    op("get", "/api/teams/{teamId}/invitations", "Members", "Pending invitations of a project", Scope("project:manage"), 200, false),
    op("delete", "/api/teams/{teamId}/invitations/{invitationId}", "Members", "Cancel an invitation", Scope("project:manage"), 204, false),
    op("get", "/api/teams/invitations/my", "Members", "Invitations for the signed-in user", Dashboard, 200, false),
    op("post", "/api/teams/invitations/{invitationId}/accept", "Members", "Accept an invitation", Dashboard, 200, false),
    op("post", "/api/teams/invitations/{invitationId}/reject", "Members", "Reject an invitation", Dashboard, 204, false),
    op("get", "/api/teams/{teamId}/environments", "Environments", "Environments the caller may see", Dashboard, 200, false),
    op("post", "/api/teams/{teamId}/environments", "Environments", "Create an environment (owner, admin)", Dashboard, 201, true),
    op("get", "/api/environments/{environmentId}", "Environments", "An environment", Dashboard, 200, false),
    op("patch", "/api/environments/{environmentId}", "Environments", "Rename an environment", Dashboard, 200, true),
    op("delete", "/api/environments/{environmentId}", "Environments", "Delete an environment and everything in it", Dashboard, 204, false),
    op("post", "/api/v1/api-keys", "API keys", "Create a key (shown once)", Dashboard, 201, true),
    op("get", "/api/v1/api-keys", "API keys", "Keys of an environment, with usage", Dashboard, 200, false),
    op("get", "/api/v1/api-keys/{keyId}", "API keys", "A key", Dashboard, 200, false),
    op("patch", "/api/v1/api-keys/{keyId}", "API keys", "Change name, permissions, expiry, rate limit", Dashboard, 200, true),
    op("delete", "/api/v1/api-keys/{keyId}", "API keys", "Delete a key for good", Dashboard, 204, false),
    op("post", "/api/v1/api-keys/{keyId}/revoke", "API keys", "Revoke (takes effect on the next request)", Dashboard, 200, false),
    op("post", "/api/v1/api-keys/{keyId}/reactivate", "API keys", "Reactivate a revoked key", Dashboard, 200, false),
    op("post", "/api/v1/api-keys/{keyId}/rotate", "API keys", "New secret; the old one works for a grace period", Dashboard, 201, true),
    op("get", "/api/v1/api-keys/{keyId}/usage", "API keys", "Requests per day and status class", Dashboard, 200, false),
    op("get", "/api/v1/templates", "Templates", "List templates (search, type, paging)", Scope("documents:generate"), 200, false),
    op("post", "/api/v1/templates", "Templates", "Create a template (validated; 422 ERR_TMPL_003 lists every problem)", Scope("templates:manage"), 201, true),
    op("get", "/api/templates/attachment", "Templates", "List templates (the SDK's path)", Scope("documents:generate"), 200, false),
    op("post", "/api/v1/templates/validate", "Templates", "Validate a schema and variables without storing", Scope("documents:generate"), 200, true),
    op("get", "/api/v1/templates/{templateId}", "Templates", "A template by id, shortId or slug", Scope("documents:generate"), 200, false),
    op("get", "/api/templates/{templateId}", "Templates", "A template (the SDK's path)", Scope("documents:generate"), 200, false),
    op("patch", "/api/v1/templates/{templateId}", "Templates", "Edit the draft (optimistic concurrency: 409 on a stale draftVersion)", Scope("templates:manage"), 200, true),
    op("delete", "/api/v1/templates/{templateId}", "Templates", "Delete a template (documents made from it stay readable)", Scope("templates:manage"), 204, false),
    op("post", "/api/v1/templates/{templateId}/publish", "Templates", "Publish the draft as a new immutable version", Scope("templates:manage"), 200, false),
    op("post", "/api/v1/templates/{templateId}/unpublish", "Templates", "Withdraw the published version", Scope("templates:manage"), 200, false),
    op("get", "/api/v1/templates/{templateId}/versions", "Templates", "Published versions", Scope("documents:generate"), 200, false),
    op("get", "/api/v1/templates/{templateId}/versions/{version}", "Templates", "One published version", Scope("documents:generate"), 200, false),
    op("post", "/api/v1/templates/{templateId}/preview", "Templates", "Render now (the draft by default); answers with the file", Scope("documents:generate"), 200, true),
    op("get", "/api/v1/templates/{templateId}/variables", "Templates", "The variables a template takes", Scope("documents:generate"), 200, false),
    op("get", "/api/v1/assets", "Templates", "Assets of the environment", Scope("templates:manage"), 200, false),
    op("post", "/api/v1/assets", "Templates", "Upload an image or font (multipart; type sniffed; SVG sanitised)", Scope("templates:manage"), 201, false),
    op("get", "/api/v1/assets/{assetId}", "Templates", "An asset's details", Scope("templates:manage"), 200, false),
    op("delete", "/api/v1/assets/{assetId}", "Templates", "Delete an asset", Scope("templates:manage"), 204, false),
    op("get", "/api/v1/webhook-subscriptions", "Webhooks", "Subscriptions of the environment", Scope("project:manage"), 200, false),
    op("post", "/api/v1/webhook-subscriptions", "Webhooks", "Subscribe a URL to events (secret shown once)", Scope("project:manage"), 201, true),
    op("get", "/api/v1/webhook-subscriptions/signing-secret", "Webhooks", "The environment's secret for per-request webhookUrl deliveries", Scope("project:manage"), 200, false),
    op("post", "/api/v1/webhook-subscriptions/signing-secret/rotate", "Webhooks", "Rotate the environment's signing secret", Scope("project:manage"), 200, false),
    op("get", "/api/v1/webhook-subscriptions/{id}", "Webhooks", "A subscription", Scope("project:manage"), 200, false),
    op("patch", "/api/v1/webhook-subscriptions/{id}", "Webhooks", "Change a subscription", Scope("project:manage"), 200, true),
    op("delete", "/api/v1/webhook-subscriptions/{id}", "Webhooks", "Delete a subscription", Scope("project:manage"), 204, false),
    op("post", "/api/v1/webhook-subscriptions/{id}/rotate-secret", "Webhooks", "New signing secret (shown once)", Scope("project:manage"), 200, false),
    op("post", "/api/v1/webhook-subscriptions/{id}/test", "Webhooks", "Send a test event", Scope("project:manage"), 200, false),
    op("get", "/api/v1/webhook-subscriptions/{id}/deliveries", "Webhooks", "Delivery log with every attempt", Scope("project:manage"), 200, false),
    op("post", "/api/v1/webhook-subscriptions/{id}/deliveries/{deliveryId}/retry", "Webhooks", "Deliver again now", Scope("project:manage"), 200, false),
    op("post", "/api/v1/documents/generate", "Documents", "Queue a document (202)", Scope("documents:generate"), 202, true),
    op("post", "/api/v1/documents/generate/batch", "Documents", "Queue up to 100 documents (202)", Scope("documents:generate"), 202, true),
    op("post", "/api/v1/documents/render", "Documents", "Render synchronously; answers with the file", Scope("documents:generate"), 200, true),
    op("get", "/api/v1/documents/jobs", "Documents", "List jobs: {jobs, total}", Scope("documents:generate"), 200, false),
    op("get", "/api/v1/documents/jobs/{jobId}", "Documents", "A job, with a fresh signed download link", Scope("documents:generate"), 200, false),
    op("delete", "/api/v1/documents/jobs/{jobId}", "Documents", "Delete a finished job and its file", Scope("documents:generate"), 204, false),
    op("post", "/api/v1/documents/jobs/{jobId}/cancel", "Documents", "Cancel a queued or processing job", Scope("documents:generate"), 200, false),
    op("post", "/api/v1/documents/jobs/{jobId}/retry", "Documents", "Retry a failed or cancelled job as a new job", Scope("documents:generate"), 202, false),
    op("get", "/api/v1/documents/jobs/{jobId}/download", "Documents", "Download through a signed link", Signed, 200, false),
    op("get", "/api/v1/documents/batches/{batchId}", "Documents", "A batch with progress counts", Scope("documents:generate"), 200, false),
    op("get", "/api/v1/documents/analytics", "Analytics", "Documents by status, format, template and day", Scope("analytics:view"), 200, false),
    op("get", "/api/v1/templates/{templateId}/analytics", "Analytics", "Usage and render times of a template", Scope("analytics:view"), 200, false),
];
