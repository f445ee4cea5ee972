-- W3C trace context (a `traceparent` header value, e.g. `00-<trace id>-<span id>-01`) carried through the
-- queue so the worker's spans join the trace of the request that queued the job, and the delivery spans join
-- the trace of whatever published the event (a job's worker, a request). NULL when trace export is off.
ALTER TABLE jobs ADD COLUMN trace_parent TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN trace_parent TEXT;
