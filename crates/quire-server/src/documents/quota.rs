//! Monthly document quotas (API.md §2, §9): an API key and an environment may each carry
//! `monthlyDocumentQuota`; the documents generated in a calendar month (UTC) — queued jobs, batch items,
//! retries and synchronous renders — by that key, or in that environment by anyone, may not exceed it
//! (`429 ERR_QUOTA_001`, with `retryAfter` until the month ends). Rotation keeps a key's count: the keys it
//! was rotated from count as the same key.

use quire_core::{ApiError, ErrorCode, Timestamp};
use quire_store::{DocumentQuota, Environment, QuotaScope};

use crate::auth::Caller;
use crate::http::HttpError;
use crate::state::AppState;

/// How far back a rotation chain is followed.
const MAX_ROTATIONS: usize = 16;

/// The quotas that apply to documents `caller` makes in `environment` (as the request already loaded it): the
/// caller's key's, the environment's, both or none.
pub async fn applying(
    state: &AppState,
    caller: &Caller,
    environment: &Environment,
) -> Result<Vec<DocumentQuota>, HttpError> {
    let since = month_start(Timestamp::now());
    let mut quotas = Vec::new();
    if let Some(key) = caller.api_key()
        && let Some(limit) = key.monthly_document_quota
    {
        let mut creators = vec![key.id.clone()];
        let mut previous = key.rotated_from.clone();
        while let Some(id) = previous {
            if creators.len() > MAX_ROTATIONS || creators.contains(&id) {
                break;
            }
            previous = state.store.api_key(&id).await?.and_then(|k| k.rotated_from);
            creators.push(id);
        }
        quotas.push(DocumentQuota { scope: QuotaScope::Creators(creators), since, limit });
    }
    if let Some(limit) = environment.monthly_document_quota {
        quotas.push(DocumentQuota { scope: QuotaScope::Environment(environment.id.clone()), since, limit });
    }
    Ok(quotas)
}

/// Records a synchronous render (which leaves no job), within the quotas that apply.
pub async fn record_sync_render(state: &AppState, caller: &Caller, environment: &Environment) -> Result<(), HttpError> {
    let quotas = applying(state, caller, environment).await?;
    state.store.record_sync_render(caller.actor_id(), &environment.id, Timestamp::now(), &quotas).await?;
    Ok(())
}

/// `429 ERR_QUOTA_001` for a quota of `limit` (the environment's, or the key's) with `used` documents this month.
pub fn refusal(used: i64, limit: i64, environment: bool) -> ApiError {
    let now = Timestamp::now();
    let reset = next_month_start(now);
    let whose = if environment { "The environment's" } else { "This API key's" };
    let mut err = ApiError::with_message(
        ErrorCode::QuotaExceeded,
        format!(
            "{whose} monthly document quota of {limit} is used up ({used} documents this month); it resets on {}",
            reset.day()
        ),
    );
    err.retry_after = Some(((reset.as_millis() - now.as_millis()) / 1000).max(1) as u64);
    err
}

/// `(year, month)` of a timestamp (UTC).
fn year_month(t: Timestamp) -> (i32, u32) {
    let day = t.day();
    let year = day.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(1970);
    let month = day.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    (year, month)
}

fn first_day(year: i32, month: u32) -> Timestamp {
    Timestamp::parse(&format!("{year:04}-{month:02}-01")).unwrap_or(Timestamp::from_millis(0))
}

/// Midnight UTC on the first day of `t`'s month.
pub fn month_start(t: Timestamp) -> Timestamp {
    let (year, month) = year_month(t);
    first_day(year, month)
}

/// Midnight UTC on the first day of the month after `t`'s.
pub fn next_month_start(t: Timestamp) -> Timestamp {
    let (year, month) = year_month(t);
    if month == 12 { first_day(year + 1, 1) } else { first_day(year, month + 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_start_and_end_in_utc() {
        let t = Timestamp::parse("2026-11-30T23:59:59.999Z").unwrap();
        assert_eq!(month_start(t), Timestamp::parse("2026-11-01T00:00:00.000Z").unwrap());
        assert_eq!(next_month_start(t), Timestamp::parse("2026-12-01T00:00:00.000Z").unwrap());
        let december = Timestamp::parse("2026-12-15T08:00:00.000Z").unwrap();
        assert_eq!(next_month_start(december), Timestamp::parse("2027-01-01T00:00:00.000Z").unwrap());
        assert_eq!(month_start(Timestamp::parse("2027-01-01T00:00:00.000Z").unwrap()).day(), "2027-01-01");
    }

    #[test]
    fn the_refusal_says_when_the_quota_resets() {
        let err = refusal(100, 100, false);
        assert_eq!(err.code, ErrorCode::QuotaExceeded);
        assert!(err.message.contains("quota of 100") && err.message.contains("resets on"));
        assert!(refusal(5, 5, true).message.starts_with("The environment's"));
        assert!(err.retry_after.is_some_and(|s| (1..=31 * 86400).contains(&s)));
    }
}
