-- Templates (one editable draft each), their immutable published versions, and uploaded assets.
CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    short_id TEXT NOT NULL UNIQUE,
    slug TEXT,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    template_type TEXT NOT NULL,
    -- JSON array of format names, e.g. ["pdf","xlsx","csv"].
    output_formats TEXT NOT NULL,
    -- JSON text of the draft's variable definitions and design.
    variables TEXT NOT NULL,
    schema TEXT NOT NULL,
    -- The draft's revision ("draftVersion"), bumped on every edit.
    revision INTEGER NOT NULL,
    published_version INTEGER,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- Deleted templates keep their row so documents made from them stay readable.
    deleted_at INTEGER
);
-- A slug is unique among the live templates of an environment; a deleted template frees its slug.
CREATE UNIQUE INDEX templates_slug ON templates(environment_id, slug) WHERE slug IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX templates_environment ON templates(environment_id, created_at);

CREATE TABLE template_versions (
    template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    output_formats TEXT NOT NULL,
    variables TEXT NOT NULL,
    schema TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    PRIMARY KEY (template_id, version)
);

CREATE TABLE assets (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- Detected from the bytes at upload, never taken from the client.
    content_type TEXT NOT NULL,
    kind TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX assets_environment ON assets(environment_id, created_at);
