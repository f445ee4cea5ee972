-- A key's own monthly document quota (NULL: none), and the index that counts a key's documents this month.
ALTER TABLE api_keys ADD COLUMN monthly_document_quota INTEGER;
CREATE INDEX jobs_created_by ON jobs(created_by, created_at);

-- A changed quota is a change of the key: the change feed's trigger now watches that column too.
DROP TRIGGER api_keys_changed;
CREATE TRIGGER api_keys_changed
AFTER UPDATE OF digest, name, scopes, status, expires_at, rate_limit_per_minute, monthly_document_quota,
    environment_id, rotated_to, grace_until
ON api_keys
BEGIN
    INSERT INTO api_key_changes (digest, changed_at)
    VALUES (OLD.digest, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

-- Synchronous renders (`POST /api/v1/documents/render`) leave no job; they are recorded here so that a monthly
-- quota counts them too. Rows older than the current month are pruned.
CREATE TABLE document_renders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX document_renders_by ON document_renders(created_by, created_at);
