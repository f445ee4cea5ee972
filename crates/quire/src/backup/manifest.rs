//! The manifest inside a backup archive: what made it, when, and what it holds, so `quire restore` can tell a
//! complete archive of a known format from a damaged or foreign one before writing anything.

use serde::{Deserialize, Serialize};

/// The `format` field of every Quire backup manifest.
pub const FORMAT: &str = "quire-backup";
/// The archive layout this build writes and reads. Raise it when the layout changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

/// Names of the entries in the archive.
pub mod entry {
    /// The manifest (written last, once the counts are known).
    pub const MANIFEST: &str = "manifest.json";
    /// The database snapshot.
    pub const DATABASE: &str = "quire.db";
    /// The generated JWT signing secret, when the installation has one in its data folder.
    pub const JWT_SECRET: &str = "jwt-secret";
    /// The generated key that seals signing certificates, when the installation has one in its data folder.
    pub const ENCRYPTION_KEY: &str = "encryption-key";
    /// Prefix of document files; the rest of the name is the file's storage key.
    pub const FILES_PREFIX: &str = "files/";
}

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The archive layout; see [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The Quire version that wrote the archive.
    pub quire_version: String,
    /// When the database snapshot was taken (ISO 8601, UTC).
    pub created_at: String,
    /// The newest database migration in the snapshot.
    pub schema_version: i64,
    /// Whether `jwt-secret` is in the archive (absent when `QUIRE_JWT_SECRET` configures it).
    pub jwt_secret_included: bool,
    /// Whether `encryption-key` is in the archive (absent when `QUIRE_ENCRYPTION_KEY` configures it, and in
    /// archives written before signing certificates existed).
    #[serde(default)]
    pub encryption_key_included: bool,
    /// Where the installation keeps document files.
    pub file_store: FileStoreKind,
    /// Row counts of the snapshot, and the files.
    pub counts: Counts,
    /// Storage keys of the document files in the archive (`local`), or of the objects the snapshot expects in
    /// the bucket (`s3`).
    pub file_keys: Vec<String>,
    /// Keys the snapshot references whose files were gone when they were copied (deleted by retention or by
    /// a user right after the snapshot); their jobs restore without a downloadable file.
    #[serde(default)]
    pub missing_file_keys: Vec<String>,
}

/// Where document files live.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FileStoreKind {
    /// `<data>/files`: the files are in the archive.
    Local,
    /// An S3 bucket: only the keys are in the archive; the objects stay in the bucket.
    S3 { bucket: String, prefix: Option<String> },
}

/// Row and file counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub users: i64,
    pub projects: i64,
    pub api_keys: i64,
    pub templates: i64,
    pub jobs: i64,
    /// Document files in the archive (local store) or listed (S3).
    pub files: usize,
}

impl Manifest {
    /// Refuses manifests this build cannot restore, with a message for the operator.
    pub fn check_supported(&self) -> anyhow::Result<()> {
        if self.format != FORMAT {
            anyhow::bail!("not a Quire backup (manifest format {:?})", self.format);
        }
        if self.format_version != FORMAT_VERSION {
            anyhow::bail!(
                "this archive has backup format version {} (written by Quire {}); this Quire ({}) reads version {}",
                self.format_version,
                self.quire_version,
                env!("CARGO_PKG_VERSION"),
                FORMAT_VERSION
            );
        }
        if self.counts.files != self.file_keys.len() {
            anyhow::bail!(
                "the manifest is inconsistent: {} files counted, {} listed",
                self.counts.files,
                self.file_keys.len()
            );
        }
        Ok(())
    }
}

/// A storage key is safe to turn into a path under `files/`: relative, no `..`, no empty or hidden parts.
/// Keys come from the archive, which may have been tampered with.
pub fn is_safe_file_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 1024
        && key.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        })
}

#[cfg(test)]
mod tests {
    use super::is_safe_file_key;

    #[test]
    fn file_keys_that_could_escape_the_folder_are_refused() {
        assert!(is_safe_file_key("ws_abc/job_def.pdf"));
        for bad in ["", "../x", "a/../../b", "/etc/passwd", "a//b", ".hidden", "a\\b", "a/b c"] {
            assert!(!is_safe_file_key(bad), "{bad:?}");
        }
    }
}
