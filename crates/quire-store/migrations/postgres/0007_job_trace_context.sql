-- W3C trace context of the request that queued a job, and of the job that published a webhook event
-- (QUIRE_OTLP_ENDPOINT): the worker's and the delivery's spans join the request's trace.
ALTER TABLE jobs ADD COLUMN trace_parent TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN trace_parent TEXT;
