-- Per-environment retention of document files (NULL: the server's default).
ALTER TABLE environments ADD COLUMN retention_seconds INTEGER;
