-- Signing certificates of a project (API.md §12; SQLite's 0014): what the uploaded PKCS#12 file says, and the file
-- with its password sealed by the service (AES-256-GCM under QUIRE_ENCRYPTION_KEY; never in clear here). A revoked
-- certificate keeps its row, so signing can say it was revoked, but its sealed bytes are wiped.
CREATE TABLE signing_certificates (
    id TEXT COLLATE "C" PRIMARY KEY,
    project_id TEXT COLLATE "C" NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    issuer TEXT NOT NULL,
    -- Lower-case hex of the serial number.
    serial TEXT NOT NULL,
    not_before BIGINT NOT NULL,
    not_after BIGINT NOT NULL,
    sealed BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT,
    revoked_at BIGINT
);
CREATE INDEX signing_certificates_project ON signing_certificates(project_id, created_at);
