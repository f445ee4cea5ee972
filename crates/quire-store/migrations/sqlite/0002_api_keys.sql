-- API keys (stored as SHA-256 digests, never the secret) and their daily usage.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    name TEXT NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    scopes TEXT NOT NULL,
    status TEXT NOT NULL,
    expires_at INTEGER,
    rate_limit_per_minute INTEGER,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_used_at INTEGER,
    total_requests INTEGER NOT NULL DEFAULT 0,
    -- Rotation: the key that replaced this one, and when this one stops working.
    rotated_to TEXT,
    rotated_from TEXT,
    grace_until INTEGER
);
CREATE INDEX api_keys_environment ON api_keys(environment_id);

CREATE TABLE api_key_usage (
    key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0,
    status_2xx INTEGER NOT NULL DEFAULT 0,
    status_4xx INTEGER NOT NULL DEFAULT 0,
    status_5xx INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key_id, day)
);
