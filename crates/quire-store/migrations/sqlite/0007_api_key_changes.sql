-- A feed of changed API keys. Every server node reads it about twice a second and drops its cached copies,
-- so a change made anywhere (another node, `quire keys revoke` against the database) takes effect on every
-- node within a second. Triggers fill it, so no write path can forget to; usage counters are not changes.
CREATE TABLE api_key_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    digest TEXT NOT NULL,
    changed_at INTEGER NOT NULL
);
CREATE INDEX api_key_changes_at ON api_key_changes(changed_at);

CREATE TRIGGER api_keys_changed
AFTER UPDATE OF digest, name, scopes, status, expires_at, rate_limit_per_minute, environment_id, rotated_to, grace_until
ON api_keys
BEGIN
    INSERT INTO api_key_changes (digest, changed_at)
    VALUES (OLD.digest, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER api_keys_deleted
AFTER DELETE ON api_keys
BEGIN
    INSERT INTO api_key_changes (digest, changed_at)
    VALUES (OLD.digest, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
