-- Signing certificates of a project (API.md §12): what the uploaded PKCS#12 file says, and the file with its
-- password sealed by the service (AES-256-GCM under QUIRE_ENCRYPTION_KEY; never in clear here). A revoked
-- certificate keeps its row, so signing can say it was revoked, but its sealed bytes are wiped.
CREATE TABLE signing_certificates (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    issuer TEXT NOT NULL,
    -- Lower-case hex of the serial number.
    serial TEXT NOT NULL,
    not_before INTEGER NOT NULL,
    not_after INTEGER NOT NULL,
    sealed BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT,
    revoked_at INTEGER
);
CREATE INDEX signing_certificates_project ON signing_certificates(project_id, created_at);
