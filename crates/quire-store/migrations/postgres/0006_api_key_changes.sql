-- A feed of changed API keys (SQLite's 0007 and 0008). Every server node reads it about twice a second and drops
-- its cached copies, so a change made anywhere (another node, `quire keys revoke` against the database) takes
-- effect on every node within a second. Triggers fill it, so no write path can forget to; usage counters are not
-- changes. Each entry is also announced on the channel `quire_key_changes` (payload: the digest), so listening
-- nodes can drop the key at once instead of at their next read.
CREATE TABLE api_key_changes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    digest TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);
CREATE INDEX api_key_changes_at ON api_key_changes(changed_at);

-- Followers read "every entry after the last number I saw", so numbers must become visible in increasing order.
-- A sequence alone does not promise that (a transaction that drew 7 may commit after one that drew 8, and a
-- follower that already moved past 8 would never see 7). So the entry is written when the transaction commits
-- (a deferred constraint trigger) under a transaction-wide advisory lock: the entries of concurrent transactions
-- are numbered in commit order. Taking the lock only at commit, after every row lock of the transaction, means it
-- cannot take part in a deadlock.
CREATE FUNCTION quire_record_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('quire.api_key_changes', 0));
    INSERT INTO api_key_changes (digest, changed_at)
    VALUES (OLD.digest, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);
    PERFORM pg_notify('quire_key_changes', OLD.digest);
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER api_keys_changed
AFTER UPDATE OF digest, name, scopes, status, expires_at, rate_limit_per_minute, monthly_document_quota,
    environment_id, rotated_to, grace_until
ON api_keys DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION quire_record_api_key_change();

CREATE CONSTRAINT TRIGGER api_keys_deleted
AFTER DELETE ON api_keys DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION quire_record_api_key_change();
