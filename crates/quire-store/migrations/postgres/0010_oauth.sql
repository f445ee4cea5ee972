-- OAuth 2.1 (API.md §10; SQLite's 0013): apps (clients) of a project, single-use authorization codes, grants (what a user allowed an
-- app in one environment) and the grants' access and refresh tokens. Secrets are stored as SHA-256 digests only.
CREATE TABLE oauth_apps (
    id TEXT COLLATE "C" PRIMARY KEY,
    project_id TEXT COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- JSON array of the registered redirect URIs, matched exactly (loopback: any port).
    redirect_uris TEXT NOT NULL,
    -- `public` (PKCE only) or `confidential` (with a secret).
    client_type TEXT NOT NULL,
    secret_digest TEXT,
    -- Space-separated scopes the app may ask for.
    scopes TEXT NOT NULL,
    -- The environment a confidential app's client-credentials tokens act in (NULL: no client credentials).
    credentials_environment_id TEXT COLLATE "C" REFERENCES environments(id) ON DELETE SET NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX oauth_apps_project ON oauth_apps(project_id);

CREATE TABLE oauth_grants (
    id TEXT COLLATE "C" PRIMARY KEY,
    app_id TEXT COLLATE "C" NOT NULL REFERENCES oauth_apps(id) ON DELETE CASCADE,
    project_id TEXT COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    -- The user the app acts for (for client credentials: the user who registered the app).
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- `authorization_code` or `client_credentials`.
    kind TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX oauth_grants_user ON oauth_grants(user_id);
CREATE INDEX oauth_grants_project ON oauth_grants(project_id);

CREATE TABLE oauth_codes (
    digest TEXT COLLATE "C" PRIMARY KEY,
    app_id TEXT COLLATE "C" NOT NULL REFERENCES oauth_apps(id) ON DELETE CASCADE,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    environment_id TEXT COLLATE "C" NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    scopes TEXT NOT NULL,
    -- PKCE S256: base64url(SHA-256(code_verifier)).
    code_challenge TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE oauth_tokens (
    digest TEXT COLLATE "C" PRIMARY KEY,
    -- `access` or `refresh`.
    kind TEXT NOT NULL,
    grant_id TEXT COLLATE "C" NOT NULL REFERENCES oauth_grants(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    -- A refresh token exchanged for a new pair: presenting it again revokes the whole grant.
    rotated_at BIGINT
);
CREATE INDEX oauth_tokens_grant ON oauth_tokens(grant_id);
