//! `GET /api/v1/api-keys/{keyId}/usage`: requests per UTC day by status class, and the flush that makes
//! batched counts visible to management reads.

use axum::extract::{Path, Query, State};
use quire_core::{ApiError, Timestamp};
use quire_store::KeyUsageDay;
use serde::Deserialize;
use serde_json::json;

use super::routes::manageable_key;
use crate::auth::Caller;
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(super) struct UsageQuery {
    from: Option<String>,
    to: Option<String>,
}

/// Makes counted usage visible before a read.
pub(super) async fn flush_usage(state: &AppState) {
    if let Err(e) = state.usage.flush(&state.store).await {
        tracing::warn!(error = %e, "usage flush failed");
    }
}

pub(super) async fn usage(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<UsageQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    let record = manageable_key(&state, &caller, &id).await?;
    flush_usage(&state).await;
    let today = Timestamp::now();
    let parse_day = |field: &str, text: &Option<String>, default: Timestamp| -> Result<Timestamp, HttpError> {
        match text {
            None => Ok(default),
            Some(t) => Timestamp::parse(t)
                .ok_or_else(|| HttpError(ApiError::invalid_field(field, "must be a date such as 2026-01-15"))),
        }
    };
    let to = parse_day("to", &q.to, today)?;
    let from = parse_day("from", &q.from, to.plus_seconds(-29 * 86400))?;
    if from > to || to.as_millis() - from.as_millis() > 366 * 86_400_000 {
        return Err(HttpError(ApiError::invalid_field(
            "from",
            "must be on or before `to` and at most 366 days earlier",
        )));
    }
    let stored = state.store.api_key_usage(&record.id, &from.day(), &to.day()).await?;
    let mut days = Vec::new();
    let mut day = Timestamp::parse(&from.day()).unwrap_or(from);
    while day.day() <= to.day() {
        let date = day.day();
        days.push(stored.iter().find(|d| d.date == date).cloned().unwrap_or(KeyUsageDay {
            date,
            requests: 0,
            status_2xx: 0,
            status_4xx: 0,
            status_5xx: 0,
        }));
        day = day.plus_seconds(86400);
    }
    let total: i64 = days.iter().map(|d| d.requests).sum();
    Ok(Json(json!({ "keyId": record.id, "from": from.day(), "to": to.day(), "totalRequests": total, "days": days })))
}
