//! Document jobs and batches: the queue with leases, results, and the queries behind listings and analytics.

use async_trait::async_trait;
use quire_core::Timestamp;
use serde::Serialize;

use crate::StoreResult;

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Queued,
    Processing,
    Completed,
    Failed,
    Cancelled,
}

impl JobStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Processing => "processing",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    /// From the stored name.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Queued, Self::Processing, Self::Completed, Self::Failed, Self::Cancelled]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    /// Completed, failed or cancelled.
    pub fn is_terminal(self) -> bool {
        matches!(self, JobStatus::Completed | JobStatus::Failed | JobStatus::Cancelled)
    }
}

/// A document job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    pub id: String,
    pub project_id: String,
    pub environment_id: String,
    pub template_id: String,
    pub template_name: String,
    /// `None` when the draft was used.
    pub template_version: Option<i64>,
    /// `{schema, variables}` of the template as queued: the job renders exactly what was validated.
    pub template_snapshot: String,
    /// `pdf`, `xlsx` or `csv`.
    pub format: String,
    pub status: JobStatus,
    /// The input variables (JSON object text).
    pub variables: String,
    /// File name without extension.
    pub filename: String,
    /// Flat JSON object text.
    pub metadata: Option<String>,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    pub batch_id: Option<String>,
    pub idempotency_key: Option<String>,
    /// Digest of the request that made the job, to tell a retried request from a different one.
    pub request_hash: Option<String>,
    pub created_by: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub lease_owner: Option<String>,
    pub lease_until: Option<Timestamp>,
    pub file_key: Option<String>,
    pub file_size: Option<i64>,
    pub page_count: Option<i64>,
    pub content_type: Option<String>,
    pub render_ms: Option<i64>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub retried_from: Option<String>,
    pub created_at: Timestamp,
    pub processing_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    /// When the file is deleted (retention).
    pub expires_at: Option<Timestamp>,
    pub file_deleted_at: Option<Timestamp>,
    /// W3C `traceparent` of the span that queued the job (a batch's jobs carry the batch request's), so the
    /// worker continues that trace; `None` when trace export is off.
    pub trace_parent: Option<String>,
    /// The request's PDF passwords, sealed by the server with its encryption key, for the worker; wiped when the
    /// job ends (completed, failed or cancelled), so they live no longer than the job.
    pub pdf_secrets: Option<String>,
}

/// A batch of jobs.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRecord {
    pub id: String,
    pub project_id: String,
    pub environment_id: String,
    pub template_id: String,
    pub template_name: String,
    pub format: String,
    pub total_jobs: i64,
    pub metadata: Option<String>,
    pub created_at: Timestamp,
    /// Set once, when the last job finished.
    pub completed_at: Option<Timestamp>,
}

/// Counts of a batch's jobs by status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchCounts {
    pub queued: i64,
    pub processing: i64,
    pub completed: i64,
    pub failed: i64,
    pub cancelled: i64,
    /// Earliest `processing_at` of its jobs.
    pub first_processing_at: Option<Timestamp>,
    /// Latest `completed_at` of its jobs.
    pub last_completed_at: Option<Timestamp>,
}

/// Filters of the job list.
#[derive(Debug, Clone, Default)]
pub struct JobFilter {
    pub status: Option<JobStatus>,
    pub template_id: Option<String>,
    pub format: Option<String>,
    pub created_from: Option<Timestamp>,
    pub created_to: Option<Timestamp>,
    pub batch_id: Option<String>,
}

/// The outcome of a successful render.
#[derive(Debug, Clone)]
pub struct JobResult {
    pub file_key: String,
    pub file_size: i64,
    pub page_count: Option<i64>,
    pub content_type: String,
    pub render_ms: i64,
    pub completed_at: Timestamp,
    pub expires_at: Timestamp,
}

/// One finished job, for analytics.
#[derive(Debug, Clone)]
pub struct JobStat {
    pub template_id: String,
    pub template_name: String,
    pub format: String,
    pub status: JobStatus,
    pub render_ms: Option<i64>,
    pub created_at: Timestamp,
}

/// The queue at one moment, over every environment (for metrics).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueStats {
    /// `(status, format, jobs)` for the queued and processing jobs.
    pub counts: Vec<(JobStatus, String, i64)>,
    /// Creation time of the oldest queued job.
    pub oldest_queued_at: Option<Timestamp>,
}

impl QueueStats {
    /// Jobs with `status` and `format`.
    pub fn count(&self, status: JobStatus, format: &str) -> i64 {
        self.counts.iter().filter(|(s, f, _)| *s == status && f == format).map(|(_, _, n)| n).sum()
    }
}

/// What a monthly document quota counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuotaScope {
    /// Documents made by an API key and the keys it was rotated from.
    Creators(Vec<String>),
    /// Documents made in an environment, by anyone.
    Environment(String),
}

/// A monthly document quota to respect while queueing: the documents of `scope` since `since` plus the new
/// ones may not exceed `limit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentQuota {
    pub scope: QuotaScope,
    pub since: Timestamp,
    pub limit: i64,
}

/// Jobs and batches. Every query that serves a client is scoped by environment.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Queues one job; with an idempotency key already used in the environment, returns the existing job instead.
    /// Refuses with [`crate::StoreError::QuotaExceeded`] when the job would go over one of `quotas`; the counts
    /// and the insert are one transaction, so concurrent requests cannot overshoot.
    async fn enqueue_job(&self, job: &JobRecord, quotas: &[DocumentQuota]) -> StoreResult<JobRecord>;
    /// Queues a batch and its jobs atomically (all or, over a quota, none).
    async fn enqueue_batch(&self, batch: &BatchRecord, jobs: &[JobRecord], quotas: &[DocumentQuota])
    -> StoreResult<()>;
    /// Records a synchronous render by `created_by` in an environment (it leaves no job), within `quotas`.
    async fn record_sync_render(
        &self,
        created_by: &str,
        environment_id: &str,
        at: Timestamp,
        quotas: &[DocumentQuota],
    ) -> StoreResult<()>;
    /// Forgets synchronous renders older than `before`; answers how many.
    async fn prune_sync_renders(&self, before: Timestamp) -> StoreResult<u64>;
    /// A job of the environment.
    async fn job(&self, environment_id: &str, id: &str) -> StoreResult<Option<JobRecord>>;
    /// A job by id alone (workers, signed downloads).
    async fn job_by_id(&self, id: &str) -> StoreResult<Option<JobRecord>>;
    /// Jobs of the environment, newest first, with the total matching.
    async fn jobs(
        &self,
        environment_id: &str,
        filter: &JobFilter,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<JobRecord>, i64)>;
    /// A batch of the environment.
    async fn batch(&self, environment_id: &str, id: &str) -> StoreResult<Option<BatchRecord>>;
    /// Status counts of a batch's jobs.
    async fn batch_counts(&self, batch_id: &str) -> StoreResult<BatchCounts>;
    /// Marks the batch complete if every job is terminal and it was not marked yet; true for the one caller that did.
    async fn close_batch_if_done(&self, batch_id: &str, now: Timestamp) -> StoreResult<bool>;

    /// Claims the oldest runnable job (queued, or processing with an expired lease and attempts left) of an
    /// environment with fewer than `max_running_per_environment` jobs under a live lease (0: no cap).
    async fn claim_job(
        &self,
        worker: &str,
        now: Timestamp,
        lease_until: Timestamp,
        max_running_per_environment: u32,
    ) -> StoreResult<Option<JobRecord>>;
    /// Extends a lease; false when the worker no longer owns the job.
    async fn heartbeat_job(&self, id: &str, worker: &str, lease_until: Timestamp) -> StoreResult<bool>;
    /// Completes a job the worker owns; false when it lost it (cancelled, or the lease was taken over).
    async fn complete_job(&self, id: &str, worker: &str, result: &JobResult) -> StoreResult<bool>;
    /// Fails a job the worker owns (`requeue`: back to the queue for another attempt); false when it lost it.
    async fn fail_job(
        &self,
        id: &str,
        worker: &str,
        code: &str,
        message: &str,
        requeue: bool,
        now: Timestamp,
    ) -> StoreResult<bool>;
    /// Fails processing jobs whose lease expired with no attempts left; returns them.
    async fn fail_exhausted_jobs(&self, now: Timestamp) -> StoreResult<Vec<JobRecord>>;
    /// Completed or failed jobs that finished before `before` and were never announced (their worker stopped
    /// between finishing and recording the event), oldest first.
    async fn unannounced_jobs(&self, before: Timestamp, limit: i64) -> StoreResult<Vec<JobRecord>>;
    /// Batches closed before `before` and never announced, oldest first.
    async fn unannounced_batches(&self, before: Timestamp, limit: i64) -> StoreResult<Vec<BatchRecord>>;
    /// Cancels a queued or processing job; `None` when it is in another state.
    async fn cancel_job(&self, environment_id: &str, id: &str, now: Timestamp) -> StoreResult<Option<JobRecord>>;
    /// Deletes a job record.
    async fn delete_job(&self, environment_id: &str, id: &str) -> StoreResult<()>;
    /// Jobs whose file is past retention.
    async fn expired_files(&self, now: Timestamp, limit: i64) -> StoreResult<Vec<JobRecord>>;
    /// Records that a job's file was deleted.
    async fn mark_file_deleted(&self, id: &str, now: Timestamp) -> StoreResult<()>;
    /// Jobs queued or processing (for wait estimates).
    async fn queue_depth(&self) -> StoreResult<i64>;
    /// Jobs queued or processing by status and format, and when the oldest queued one was queued (metrics).
    async fn queue_stats(&self) -> StoreResult<QueueStats>;
    /// Mean render time of the last `n` completed jobs, in ms.
    async fn recent_render_ms(&self, n: i64) -> StoreResult<Option<f64>>;
    /// Finished jobs of the environment created in `[from, to)`, optionally for one template (analytics).
    async fn job_stats(
        &self,
        environment_id: &str,
        from: Timestamp,
        to: Timestamp,
        template_id: Option<&str>,
    ) -> StoreResult<Vec<JobStat>>;
}
