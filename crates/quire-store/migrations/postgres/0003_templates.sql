-- Templates (one editable draft each), their immutable published versions, and uploaded assets: SQLite's 0003.
-- JSON stays TEXT (not JSONB): the draft and versions are returned with their keys in the order they were written.
CREATE TABLE templates (
    id TEXT COLLATE "C" PRIMARY KEY,
    short_id TEXT COLLATE "C" NOT NULL,
    slug TEXT,
    project_id TEXT COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    template_type TEXT NOT NULL,
    -- JSON array of format names, e.g. ["pdf","xlsx","csv"].
    output_formats TEXT NOT NULL,
    -- JSON text of the draft's variable definitions and design.
    variables TEXT NOT NULL,
    schema TEXT NOT NULL,
    -- The draft's revision ("draftVersion"), bumped on every edit.
    revision BIGINT NOT NULL,
    published_version BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- Deleted templates keep their row so documents made from them stay readable.
    deleted_at BIGINT,
    -- The server tells a taken short id from a taken slug by the constraint's name.
    CONSTRAINT templates_short_id_key UNIQUE (short_id)
);
-- A slug is unique among the live templates of an environment; a deleted template frees its slug.
CREATE UNIQUE INDEX templates_slug ON templates(environment_id, slug) WHERE slug IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX templates_environment ON templates(environment_id, created_at);

CREATE TABLE template_versions (
    template_id TEXT COLLATE "C" NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    name TEXT NOT NULL,
    output_formats TEXT NOT NULL,
    variables TEXT NOT NULL,
    schema TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (template_id, version)
);

CREATE TABLE assets (
    id TEXT COLLATE "C" PRIMARY KEY,
    project_id TEXT COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- Detected from the bytes at upload, never taken from the client.
    content_type TEXT NOT NULL,
    kind TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX assets_environment ON assets(environment_id, created_at);
