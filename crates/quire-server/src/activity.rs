//! Writing activity-log entries for what callers do.

use quire_core::Timestamp;
use quire_core::ids::{new_id, prefix};
use quire_store::ActivityEntry;

use crate::auth::Caller;
use crate::state::AppState;

/// What happened, to what.
#[derive(Debug, Clone)]
pub struct Activity<'a> {
    pub project_id: &'a str,
    pub environment_id: Option<&'a str>,
    /// e.g. `api_key.created`.
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: &'a str,
    /// Non-secret details.
    pub details: Option<serde_json::Value>,
}

/// Appends an entry. A failure to log is reported but does not undo the action.
pub async fn record(state: &AppState, caller: &Caller, activity: Activity<'_>) {
    let entry = ActivityEntry {
        id: new_id(prefix::ACTIVITY),
        project_id: activity.project_id.to_string(),
        environment_id: activity.environment_id.map(str::to_string),
        actor_id: caller.actor_id().to_string(),
        actor_type: caller.actor_type(),
        actor_label: caller.actor_label(),
        action: activity.action.to_string(),
        target_type: activity.target_type.to_string(),
        target_id: activity.target_id.to_string(),
        details: activity.details,
        created_at: Timestamp::now(),
    };
    if let Err(e) = state.store.record_activity(&entry).await {
        tracing::error!(error = %e, action = activity.action, "could not record activity");
    }
}
