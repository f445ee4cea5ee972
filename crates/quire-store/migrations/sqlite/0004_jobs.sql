-- Document jobs (the queue, with leases) and batches.
CREATE TABLE batches (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    template_id TEXT NOT NULL,
    template_name TEXT NOT NULL,
    format TEXT NOT NULL,
    total_jobs INTEGER NOT NULL,
    metadata TEXT,
    created_at INTEGER NOT NULL,
    completed_at INTEGER
);
CREATE INDEX batches_environment ON batches(environment_id, created_at);

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    template_id TEXT NOT NULL,
    template_name TEXT NOT NULL,
    -- NULL: the draft as it was when the job was queued (kept in `template_snapshot`).
    template_version INTEGER,
    template_snapshot TEXT NOT NULL,
    format TEXT NOT NULL,
    status TEXT NOT NULL,
    variables TEXT NOT NULL,
    filename TEXT NOT NULL,
    metadata TEXT,
    webhook_url TEXT,
    webhook_secret TEXT,
    batch_id TEXT REFERENCES batches(id) ON DELETE CASCADE,
    idempotency_key TEXT,
    request_hash TEXT,
    created_by TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    file_key TEXT,
    file_size INTEGER,
    page_count INTEGER,
    content_type TEXT,
    render_ms INTEGER,
    error_code TEXT,
    error_message TEXT,
    retried_from TEXT,
    created_at INTEGER NOT NULL,
    processing_at INTEGER,
    completed_at INTEGER,
    expires_at INTEGER,
    file_deleted_at INTEGER,
    UNIQUE (environment_id, idempotency_key)
);
CREATE INDEX jobs_queue ON jobs(status, created_at);
CREATE INDEX jobs_environment ON jobs(environment_id, created_at);
CREATE INDEX jobs_batch ON jobs(batch_id);
CREATE INDEX jobs_expiry ON jobs(expires_at) WHERE file_key IS NOT NULL AND file_deleted_at IS NULL;
