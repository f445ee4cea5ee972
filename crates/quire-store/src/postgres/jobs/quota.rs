//! PostgreSQL: what keeps monthly quotas and idempotency keys exact across nodes. Inside the enqueue transaction,
//! transaction-scoped advisory locks serialise the writers that could break the same rule (one lock per
//! idempotency key, per quota-counted API key, per quota-counted environment); the counts then see every document
//! committed before, and the insert commits before the next writer counts.

use sqlx::{Postgres, Transaction};

use crate::jobs::{DocumentQuota, QuotaScope};
use crate::{StoreError, StoreResult};

/// The advisory locks an enqueue needs: the idempotency key's (if any) and one per quota scope. Sorted and without
/// repeats, because every transaction taking them in the same order is what rules out deadlocks.
pub(super) fn lock_names(environment_id: &str, idempotency_key: Option<&str>, quotas: &[DocumentQuota]) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(key) = idempotency_key {
        names.push(format!("quire.idempotency:{environment_id}:{key}"));
    }
    for quota in quotas {
        match &quota.scope {
            QuotaScope::Creators(creators) => {
                names.extend(creators.iter().map(|creator| format!("quire.quota.creator:{creator}")));
            }
            QuotaScope::Environment(environment) => names.push(format!("quire.quota.environment:{environment}")),
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Takes the named locks, held until the transaction ends. Names are hashed to the 64-bit lock space; two names
/// meeting on one hash only serialise a little more than needed.
pub(super) async fn lock(tx: &mut Transaction<'static, Postgres>, names: &[String]) -> Result<(), sqlx::Error> {
    for name in names {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))").bind(name).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Inside the locked transaction: refuses `adding` more documents when they would go over one of `quotas`.
pub(super) async fn check(
    tx: &mut Transaction<'static, Postgres>,
    quotas: &[DocumentQuota],
    adding: i64,
) -> StoreResult<()> {
    for quota in quotas {
        let since = quota.since.as_millis();
        let used: i64 = match &quota.scope {
            QuotaScope::Creators(creators) => {
                sqlx::query_scalar(
                    "SELECT (SELECT COUNT(*) FROM jobs WHERE created_by = ANY($1) AND created_at >= $2) \
                     + (SELECT COUNT(*) FROM document_renders WHERE created_by = ANY($1) AND created_at >= $2)",
                )
                .bind(creators)
                .bind(since)
                .fetch_one(&mut **tx)
                .await?
            }
            QuotaScope::Environment(environment_id) => {
                sqlx::query_scalar(
                    "SELECT (SELECT COUNT(*) FROM jobs WHERE environment_id = $1 AND created_at >= $2) \
                     + (SELECT COUNT(*) FROM document_renders WHERE environment_id = $1 AND created_at >= $2)",
                )
                .bind(environment_id)
                .bind(since)
                .fetch_one(&mut **tx)
                .await?
            }
        };
        if used + adding > quota.limit {
            let environment = matches!(quota.scope, QuotaScope::Environment(_));
            return Err(StoreError::QuotaExceeded { used, limit: quota.limit, environment });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use quire_core::Timestamp;

    use super::lock_names;
    use crate::jobs::{DocumentQuota, QuotaScope};

    #[test]
    fn locks_are_sorted_and_unique_whatever_order_the_quotas_come_in() {
        let quota = |scope| DocumentQuota { scope, since: Timestamp::from_millis(0), limit: 1 };
        let quotas = [
            quota(QuotaScope::Environment("env_b".into())),
            quota(QuotaScope::Creators(vec!["key_2".into(), "key_1".into()])),
            quota(QuotaScope::Creators(vec!["key_1".into()])),
        ];
        let names = lock_names("env_b", Some("retry-1"), &quotas);
        assert_eq!(
            names,
            [
                "quire.idempotency:env_b:retry-1",
                "quire.quota.creator:key_1",
                "quire.quota.creator:key_2",
                "quire.quota.environment:env_b",
            ]
        );
    }
}
