//! The worker pool: claim a job with a lease, heartbeat while rendering, store the file, complete the job,
//! announce it. A job whose worker died is claimed again once its lease expires.

use std::sync::Arc;
use std::time::{Duration, Instant};

use quire_core::Timestamp;
use quire_render::{OutputFormat, PdfPasswords, TemplateDoc};
use quire_store::{JobRecord, JobResult};
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::Instrument;
use tracing::field::Empty;

use crate::app::stopped;
use crate::state::AppState;

/// Starts `config.workers()` workers; they stop when `stop` is set, finishing the job in hand.
pub fn spawn_workers(state: &AppState, stop: watch::Receiver<bool>) -> Vec<JoinHandle<()>> {
    if !state.config.run_workers {
        return Vec::new();
    }
    let node = quire_core::base62::random_string(6);
    (0..state.config.workers())
        .map(|n| {
            let worker = Worker { state: state.clone(), id: format!("wrk_{node}_{n}") };
            tokio::spawn(worker.run(stop.clone()))
        })
        .collect()
}

struct Worker {
    state: AppState,
    id: String,
}

impl Worker {
    async fn run(self, mut stop: watch::Receiver<bool>) {
        let poll = Duration::from_millis(self.state.config.worker_poll_ms);
        let mut last_sweep = Instant::now();
        loop {
            if *stop.borrow() {
                return;
            }
            // Busy or idle, at most once per poll interval.
            if last_sweep.elapsed() >= poll {
                self.sweep().await;
                last_sweep = Instant::now();
            }
            let now = Timestamp::now();
            let lease = now.plus_seconds(self.state.config.job_lease_seconds as i64);
            let cap = self.state.config.max_running_jobs_per_environment;
            match self.state.store.claim_job(&self.id, now, lease, cap).await {
                Ok(Some(job)) => {
                    // Another job may be waiting: let a sibling look too.
                    self.state.job_wake.notify_one();
                    self.process(job).await;
                }
                Ok(None) => {
                    tokio::select! {
                        _ = self.state.job_wake.notified() => {}
                        _ = tokio::time::sleep(poll) => {}
                        _ = stopped(&mut stop) => return,
                    }
                }
                Err(e) => {
                    crate::metrics::metrics().store_error("worker");
                    tracing::error!(error = %e, worker = %self.id, "claiming a job failed");
                    tokio::time::sleep(poll).await;
                }
            }
        }
    }

    /// Jobs whose workers kept dying become failed (and announced) instead of waiting forever; finished jobs and
    /// batches a stopped worker did not announce are announced, a lease's time after they finished.
    async fn sweep(&self) {
        match self.state.store.fail_exhausted_jobs(Timestamp::now()).await {
            Ok(jobs) => {
                for job in jobs {
                    super::events::job_finished(&self.state, &job).await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "sweeping exhausted jobs failed"),
        }
        let grace = Duration::from_secs(self.state.config.job_lease_seconds);
        match super::events::announce_missed(&self.state, grace).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(announced = n, "announced finished jobs and batches whose worker had stopped"),
            Err(e) => tracing::warn!(error = %e, "announcing missed job events failed"),
        }
    }

    async fn process(&self, job: JobRecord) {
        let span = job_span(&job);
        self.process_in_span(job).instrument(span).await;
    }

    async fn process_in_span(&self, job: JobRecord) {
        let heartbeat = self.spawn_heartbeat(job.id.clone());
        let started = Instant::now();
        let outcome = self.render_and_store(&job).await;
        heartbeat.abort();
        let now = Timestamp::now();
        let still_ours = match outcome {
            Ok((key, size, pages, content_type)) => {
                let result = JobResult {
                    file_key: key.clone(),
                    file_size: size,
                    page_count: pages,
                    content_type,
                    render_ms: started.elapsed().as_millis() as i64,
                    completed_at: now,
                    expires_at: now.plus_seconds(self.retention_seconds(&job.environment_id).await),
                };
                let completed = self.state.store.complete_job(&job.id, &self.id, &result).await.unwrap_or(false);
                if !completed {
                    // Cancelled (or taken over) meanwhile: the file must not outlive the decision.
                    let _ = self.state.files.delete(&key).await;
                }
                completed
            }
            Err((code, message, retryable)) => {
                crate::telemetry::mark_error(&tracing::Span::current(), &code);
                tracing::info!(job_id = %job.id, %code, "job failed: {message}");
                self.state.store.fail_job(&job.id, &self.id, &code, &message, retryable, now).await.unwrap_or(false)
            }
        };
        if still_ours && let Ok(Some(updated)) = self.state.store.job_by_id(&job.id).await {
            super::events::job_finished(&self.state, &updated).await;
        }
    }

    /// The environment's retention, else the server's default.
    async fn retention_seconds(&self, environment_id: &str) -> i64 {
        let own = self.state.store.environment(environment_id).await.ok().flatten().and_then(|e| e.retention_seconds);
        own.unwrap_or(self.state.config.retention_seconds as i64)
    }

    fn spawn_heartbeat(&self, job_id: String) -> JoinHandle<()> {
        let state = self.state.clone();
        let worker = self.id.clone();
        let every = Duration::from_millis((state.config.job_lease_seconds * 1000 / 3).max(100));
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                let lease = Timestamp::now().plus_seconds(state.config.job_lease_seconds as i64);
                match state.store.heartbeat_job(&job_id, &worker, lease).await {
                    Ok(true) => {}
                    Ok(false) => return,
                    Err(e) => tracing::warn!(error = %e, %job_id, "heartbeat failed"),
                }
            }
        })
    }

    /// Renders and stores the file: `(key, size, pages, content type)`, or `(code, message, retryable)`.
    async fn render_and_store(
        &self,
        job: &JobRecord,
    ) -> Result<(String, i64, Option<i64>, String), (String, String, bool)> {
        let internal = |e: String| ("ERR_DOC_004".to_string(), e, true);
        let snapshot: Value = serde_json::from_str(&job.template_snapshot).map_err(|e| internal(e.to_string()))?;
        let doc = TemplateDoc::from_json(&snapshot).map_err(|r| ("ERR_TMPL_003".to_string(), r.to_string(), false))?;
        let variables: Value = serde_json::from_str(&job.variables).map_err(|e| internal(e.to_string()))?;
        // A request that gave PDF passwords is never rendered without them.
        let passwords = match (snapshot.get(super::prepare::PASSWORDS_MARK), &job.pdf_secrets) {
            (None, _) => PdfPasswords::default(),
            (Some(_), Some(sealed)) => super::pdf_secrets::open(&self.state, &job.id, sealed).map_err(internal)?,
            (Some(_), None) => {
                let message = "the PDF passwords of this job are no longer available; generate it again with them";
                return Err(("ERR_VALID_001".to_string(), message.to_string(), false));
            }
        };
        let format: OutputFormat =
            job.format.parse().map_err(|_| internal(format!("unknown format {}", job.format)))?;
        // Assets may be named by the template (defaults) or by the input variables.
        let referenced = json!([snapshot["variables"], variables]);
        let assets = crate::templates::assets::prefetch_assets(
            &self.state,
            (&job.project_id, &job.environment_id),
            &snapshot["schema"],
            &referenced,
            format,
        )
        .await
        .map_err(|e| internal(e.0.message))?;
        let render = tracing::info_span!("document.render", format = %job.format, pages = Empty, bytes = Empty);
        let file = self
            .state
            .renderer
            .render_with_passwords(Arc::new(doc), variables, format, assets, passwords)
            .instrument(render.clone())
            .await
            .map_err(|e| {
                crate::telemetry::mark_error(&render, e.code);
                (e.code.to_string(), e.message, false)
            })?;
        let key = format!("{}/{}.{}", job.environment_id, job.id, format.extension());
        let size = file.bytes.len() as i64;
        render.record("pages", file.page_count).record("bytes", size);
        let write = tracing::info_span!("document.file.write", bytes = size);
        self.state
            .files
            .put(&key, file.bytes)
            .instrument(write)
            .await
            .map_err(|e| internal(format!("storing the file failed: {e}")))?;
        Ok((key, size, file.page_count.map(i64::from), file.content_type.to_string()))
    }
}

/// The job's span: a child of the span that queued it, so one trace runs from the request to the webhook. A
/// batch's job starts a trace of its own (one per document) linked to the batch request's.
fn job_span(job: &JobRecord) -> tracing::Span {
    let span = tracing::info_span!(
        "document.job",
        job_id = %job.id,
        template_id = %job.template_id,
        format = %job.format,
        attempt = job.attempts,
        batch_id = job.batch_id.as_deref(),
    );
    if job.batch_id.is_some() {
        crate::telemetry::propagation::link_trace(&span, job.trace_parent.as_deref());
    } else {
        crate::telemetry::propagation::continue_trace(&span, job.trace_parent.as_deref());
    }
    span
}
