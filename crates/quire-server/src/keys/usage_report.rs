//! `GET /api/v1/api-keys/{keyId}/usage` and `GET /api/v1/api-keys/usage?environmentId=`: requests per UTC day
//! by status class, and the flush that makes batched counts visible to management reads.

use axum::extract::{Path, Query, State};
use quire_core::{ApiError, Timestamp};
use quire_store::KeyUsageDay;
use serde::Deserialize;
use serde_json::json;

use super::routes::manageable_key;
use crate::auth::access::need;
use crate::auth::{Caller, EnvironmentAccess};
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
    let (from, to) = period(&q)?;
    let days = every_day(state.store.api_key_usage(&record.id, &from.day(), &to.day()).await?, from, to);
    let total: i64 = days.iter().map(|d| d.requests).sum();
    Ok(Json(json!({ "keyId": record.id, "from": from.day(), "to": to.day(), "totalRequests": total, "days": days })))
}

/// `GET /api/v1/api-keys/usage?environmentId=`: the same report for every key of an environment in one call
/// (the dashboard's key list draws a chart per key).
pub(super) async fn environment_usage(
    State(state): State<AppState>,
    access: EnvironmentAccess<need::ManageKeys>,
    Query(q): Query<UsageQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    flush_usage(&state).await;
    let (from, to) = period(&q)?;
    let mut data = Vec::new();
    for key in state.store.api_keys(&access.environment.id).await? {
        let days = every_day(state.store.api_key_usage(&key.id, &from.day(), &to.day()).await?, from, to);
        let total: i64 = days.iter().map(|d| d.requests).sum();
        data.push(json!({ "keyId": key.id, "totalRequests": total, "days": days }));
    }
    Ok(Json(json!({ "environmentId": access.environment.id, "from": from.day(), "to": to.day(), "data": data })))
}

/// The period asked for: `to` defaults to today, `from` to 29 days before `to`; at most 366 days.
fn period(q: &UsageQuery) -> Result<(Timestamp, Timestamp), HttpError> {
    let parse_day = |field: &str, text: &Option<String>, default: Timestamp| -> Result<Timestamp, HttpError> {
        match text {
            None => Ok(default),
            Some(t) => Timestamp::parse(t)
                .ok_or_else(|| HttpError(ApiError::invalid_field(field, "must be a date such as 2026-01-15"))),
        }
    };
    let to = parse_day("to", &q.to, Timestamp::now())?;
    let from = parse_day("from", &q.from, to.plus_seconds(-29 * 86400))?;
    if from > to || to.as_millis() - from.as_millis() > 366 * 86_400_000 {
        return Err(HttpError(ApiError::invalid_field(
            "from",
            "must be on or before `to` and at most 366 days earlier",
        )));
    }
    Ok((from, to))
}

/// Every UTC day from `from` to `to`, with zeros where nothing was stored.
fn every_day(stored: Vec<KeyUsageDay>, from: Timestamp, to: Timestamp) -> Vec<KeyUsageDay> {
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
    days
}
