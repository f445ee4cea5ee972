-- Document jobs (the queue, with leases) and batches: SQLite's 0004 and 0008, plus what several nodes need.
CREATE TABLE batches (
    id TEXT COLLATE "C" PRIMARY KEY,
    project_id TEXT NOT NULL,
    environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    template_id TEXT NOT NULL,
    template_name TEXT NOT NULL,
    format TEXT NOT NULL,
    total_jobs BIGINT NOT NULL,
    metadata TEXT,
    created_at BIGINT NOT NULL,
    completed_at BIGINT
);
CREATE INDEX batches_environment ON batches(environment_id, created_at);

CREATE TABLE jobs (
    id TEXT COLLATE "C" PRIMARY KEY,
    project_id TEXT NOT NULL,
    environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    template_id TEXT NOT NULL,
    template_name TEXT NOT NULL,
    -- NULL: the draft as it was when the job was queued (kept in `template_snapshot`).
    template_version BIGINT,
    template_snapshot TEXT NOT NULL,
    format TEXT NOT NULL,
    status TEXT NOT NULL,
    variables TEXT NOT NULL,
    filename TEXT NOT NULL,
    metadata TEXT,
    webhook_url TEXT,
    webhook_secret TEXT,
    batch_id TEXT COLLATE "C" REFERENCES batches(id) ON DELETE CASCADE,
    idempotency_key TEXT,
    request_hash TEXT,
    created_by TEXT COLLATE "C" NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    file_key TEXT,
    file_size BIGINT,
    page_count BIGINT,
    content_type TEXT,
    render_ms BIGINT,
    error_code TEXT,
    error_message TEXT,
    retried_from TEXT,
    created_at BIGINT NOT NULL,
    processing_at BIGINT,
    completed_at BIGINT,
    expires_at BIGINT,
    file_deleted_at BIGINT,
    -- PostgreSQL only: the retention sweep of one node holds the expired file until then, so the sweepers of
    -- several nodes share the work instead of all deleting the same files (no column of `JobRecord`).
    file_sweep_until BIGINT,
    UNIQUE (environment_id, idempotency_key)
);
CREATE INDEX jobs_queue ON jobs(status, created_at);
CREATE INDEX jobs_environment ON jobs(environment_id, created_at);
CREATE INDEX jobs_batch ON jobs(batch_id);
CREATE INDEX jobs_expiry ON jobs(expires_at) WHERE file_key IS NOT NULL AND file_deleted_at IS NULL;
CREATE INDEX jobs_created_by ON jobs(created_by, created_at);

-- Synchronous renders (`POST /api/v1/documents/render`) leave no job; they are recorded here so that a monthly
-- quota counts them too. Rows older than the current month are pruned.
CREATE TABLE document_renders (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    environment_id TEXT
);
CREATE INDEX document_renders_by ON document_renders(created_by, created_at);
CREATE INDEX document_renders_environment ON document_renders(environment_id, created_at);

-- Wakes the workers of every node when a job becomes runnable (queued, or put back for another attempt). The
-- notification is sent at commit; PostgreSQL folds identical ones of a transaction into one, so a batch of a
-- thousand jobs wakes each listener once. Workers keep polling as the safety net.
CREATE FUNCTION quire_notify_job_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('quire_jobs', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_queued_insert AFTER INSERT ON jobs
FOR EACH ROW WHEN (NEW.status = 'queued') EXECUTE FUNCTION quire_notify_job_queued();

CREATE TRIGGER jobs_queued_update AFTER UPDATE OF status ON jobs
FOR EACH ROW WHEN (NEW.status = 'queued' AND OLD.status IS DISTINCT FROM 'queued')
EXECUTE FUNCTION quire_notify_job_queued();
