//! Document analytics from the job records (API.md §8).

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::{JobStat, JobStatus};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::EnvironmentAccess;
use crate::auth::access::need;
use crate::http::{ApiResult, HttpError, Json};
use crate::state::AppState;

type Access = EnvironmentAccess<need::ViewAnalytics>;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodQuery {
    start_date: Option<String>,
    end_date: Option<String>,
}

/// `[start, end)`: defaults to the last 30 days; a plain end date includes that day.
fn period(q: &PeriodQuery) -> Result<(Timestamp, Timestamp), HttpError> {
    let parse = |field: &str, text: &Option<String>| -> Result<Option<Timestamp>, HttpError> {
        text.as_deref()
            .map(|t| {
                Timestamp::parse(t)
                    .ok_or_else(|| HttpError(ApiError::invalid_field(field, "must be an ISO 8601 date or date-time")))
            })
            .transpose()
    };
    let end = match (parse("endDate", &q.end_date)?, &q.end_date) {
        (Some(at), Some(text)) if text.len() == 10 => at.plus_seconds(86400),
        (Some(at), _) => at,
        (None, _) => Timestamp::now(),
    };
    let start = parse("startDate", &q.start_date)?.unwrap_or(end.plus_seconds(-30 * 86400));
    if start >= end {
        return Err(HttpError(ApiError::invalid_field("startDate", "must be before endDate")));
    }
    Ok((start, end))
}

fn rate(part: usize, total: usize) -> f64 {
    if total == 0 { 0.0 } else { (part as f64 * 10000.0 / total as f64).round() / 100.0 }
}

fn count_by<K: Ord>(stats: &[JobStat], key: impl Fn(&JobStat) -> K) -> BTreeMap<K, usize> {
    let mut map = BTreeMap::new();
    for s in stats {
        *map.entry(key(s)).or_insert(0) += 1;
    }
    map
}

/// `GET /api/v1/documents/analytics?startDate&endDate`.
pub async fn documents(
    State(state): State<AppState>,
    access: Access,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Json<Value>> {
    let (start, end) = period(&q)?;
    let stats = state.store.job_stats(&access.environment.id, start, end, None).await?;
    let ok = stats.iter().filter(|s| s.status == JobStatus::Completed).count();
    let failed = stats.iter().filter(|s| s.status == JobStatus::Failed).count();
    let by_template: Vec<Value> = count_by(&stats, |s| (s.template_id.clone(), s.template_name.clone()))
        .into_iter()
        .map(|((id, name), n)| json!({ "templateId": id, "templateName": name, "count": n }))
        .collect();
    let by_day: Vec<Value> = count_by(&stats, |s| s.created_at.day())
        .into_iter()
        .map(|(day, n)| {
            let completed =
                stats.iter().filter(|s| s.created_at.day() == day && s.status == JobStatus::Completed).count();
            json!({ "date": day, "count": n, "completed": completed })
        })
        .collect();
    Ok(Json(json!({
        "summary": { "totalDocuments": stats.len(), "successfulDocuments": ok, "failedDocuments": failed, "successRate": rate(ok, ok + failed) },
        "byFormat": count_by(&stats, |s| s.format.clone()),
        "byStatus": count_by(&stats, |s| s.status.as_str()),
        "byTemplate": by_template,
        "byDay": by_day,
        "period": { "startDate": start, "endDate": end },
    })))
}

/// `GET /api/v1/templates/{id}/analytics`.
pub async fn template(State(state): State<AppState>, access: Access, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let record = state.store.template(&access.environment.id, &id).await?.ok_or(ErrorCode::TemplateNotFound)?;
    let now = Timestamp::now();
    let stats = state
        .store
        .job_stats(&access.environment.id, now.plus_seconds(-366 * 86400), now.plus_seconds(1), Some(&record.id))
        .await?;
    let since = |days: i64| stats.iter().filter(|s| s.created_at >= now.plus_seconds(-days * 86400)).count();
    let ok = stats.iter().filter(|s| s.status == JobStatus::Completed).count();
    let failed = stats.iter().filter(|s| s.status == JobStatus::Failed).count();
    let mut times: Vec<i64> = stats.iter().filter_map(|s| s.render_ms).collect();
    times.sort_unstable();
    let avg = if times.is_empty() { 0.0 } else { times.iter().sum::<i64>() as f64 / times.len() as f64 };
    let p95 = times.get(((times.len() as f64 * 0.95).ceil() as usize).saturating_sub(1)).copied().unwrap_or(0);
    let format = count_by(&stats, |s| s.format.clone()).into_iter().max_by_key(|(_, n)| *n).map(|(f, _)| f);
    Ok(Json(json!({
        "templateId": record.id,
        "templateName": record.name,
        "format": format,
        "usage": { "total": stats.len(), "last7Days": since(7), "last30Days": since(30) },
        "performance": { "successRate": rate(ok, ok + failed), "avgGenerationTimeMs": (avg * 10.0).round() / 10.0, "p95GenerationTimeMs": p95, "failedCount": failed },
    })))
}
