-- Counting an environment's running jobs while claiming (QUIRE_MAX_RUNNING_JOBS_PER_ENVIRONMENT).
CREATE INDEX jobs_running ON jobs (environment_id, lease_until) WHERE status = 'processing';
