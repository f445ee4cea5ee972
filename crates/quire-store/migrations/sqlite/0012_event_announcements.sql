-- A finished job's event (document.generated / document.failed) and a closed batch's event (batch.completed)
-- are recorded once: the transaction that writes the event sets `announced_at`. A worker killed between
-- finishing a job and recording its event leaves it NULL, and a sweep announces it later. Rows finished before
-- this migration count as announced.
ALTER TABLE jobs ADD COLUMN announced_at INTEGER;
ALTER TABLE batches ADD COLUMN announced_at INTEGER;
UPDATE jobs SET announced_at = completed_at WHERE status IN ('completed', 'failed');
UPDATE batches SET announced_at = completed_at WHERE completed_at IS NOT NULL;
CREATE INDEX jobs_unannounced ON jobs(completed_at) WHERE announced_at IS NULL AND status IN ('completed', 'failed');
CREATE INDEX batches_unannounced ON batches(completed_at) WHERE announced_at IS NULL AND completed_at IS NOT NULL;
