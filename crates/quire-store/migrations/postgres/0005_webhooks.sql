-- Webhooks: subscriptions, per-environment signing secrets, and the durable outbox (events, deliveries
-- with leases, and every delivery attempt): SQLite's 0005.
CREATE TABLE webhook_subscriptions (
    id TEXT COLLATE "C" PRIMARY KEY,
    project_id TEXT COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    -- JSON array of event types.
    events TEXT NOT NULL,
    description TEXT,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    max_retries BIGINT NOT NULL,
    timeout_ms BIGINT NOT NULL,
    -- Needed in clear to sign deliveries (HMAC); never listed, shown once on create and rotate.
    secret TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX webhook_subscriptions_environment ON webhook_subscriptions(environment_id, created_at);

-- Signs per-request targets (`webhookUrl`) that come without their own `webhookSecret`.
CREATE TABLE webhook_signing_secrets (
    environment_id TEXT COLLATE "C" PRIMARY KEY REFERENCES environments(id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- An event exactly as delivered: the body is kept verbatim (TEXT, not JSONB) so every attempt sends the same bytes.
CREATE TABLE webhook_events (
    id TEXT COLLATE "C" PRIMARY KEY,
    environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    event_type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One event to one target. Due when status = 'pending' and next_attempt_at <= now and no live lease.
CREATE TABLE webhook_deliveries (
    id TEXT COLLATE "C" PRIMARY KEY,
    event_id TEXT COLLATE "C" NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
    event_type TEXT NOT NULL,
    environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    -- NULL for a per-request target.
    subscription_id TEXT COLLATE "C" REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
    -- The job the event is about, when there is one (no foreign key: jobs may be deleted, the log stays).
    job_id TEXT,
    target_url TEXT NOT NULL,
    -- A per-request target's own secret; NULL signs with the subscription's or the environment's secret.
    direct_secret TEXT,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    timeout_ms BIGINT NOT NULL,
    next_attempt_at BIGINT,
    lease_owner TEXT,
    lease_until BIGINT,
    last_status_code BIGINT,
    last_error TEXT,
    delivered_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries(subscription_id, created_at);
CREATE INDEX webhook_deliveries_job ON webhook_deliveries(job_id) WHERE job_id IS NOT NULL;
CREATE INDEX webhook_deliveries_event ON webhook_deliveries(event_id);

CREATE TABLE webhook_attempts (
    delivery_id TEXT COLLATE "C" NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    attempt BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    status_code BIGINT,
    error TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
