-- API keys (stored as SHA-256 digests, never the secret) and their daily usage: SQLite's 0002 and 0008.
CREATE TABLE api_keys (
    id TEXT COLLATE "C" PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    name TEXT NOT NULL,
    project_id TEXT COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    scopes TEXT NOT NULL,
    status TEXT NOT NULL,
    expires_at BIGINT,
    rate_limit_per_minute BIGINT,
    -- A key's own monthly document quota (NULL: none).
    monthly_document_quota BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_used_at BIGINT,
    total_requests BIGINT NOT NULL DEFAULT 0,
    -- Rotation: the key that replaced this one, and when this one stops working.
    rotated_to TEXT,
    rotated_from TEXT,
    grace_until BIGINT
);
CREATE INDEX api_keys_environment ON api_keys(environment_id);

CREATE TABLE api_key_usage (
    key_id TEXT COLLATE "C" NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    -- UTC day `YYYY-MM-DD`, compared as bytes.
    day TEXT COLLATE "C" NOT NULL,
    requests BIGINT NOT NULL DEFAULT 0,
    status_2xx BIGINT NOT NULL DEFAULT 0,
    status_4xx BIGINT NOT NULL DEFAULT 0,
    status_5xx BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (key_id, day)
);
