-- An environment's monthly document quota (NULL: none), counted over its jobs and synchronous renders.
ALTER TABLE environments ADD COLUMN monthly_document_quota INTEGER;
ALTER TABLE document_renders ADD COLUMN environment_id TEXT;
CREATE INDEX document_renders_environment ON document_renders(environment_id, created_at);
