//! `quire backup` and `quire restore`: one archive holding a consistent copy of an embedded installation
//! (SQLite snapshot, generated secrets, document files or their S3 keys) and its way back into a data folder.

mod create;
mod manifest;
mod restore;

use std::path::{Path, PathBuf};

use quire_server::Config;

pub use create::{BackupArgs, run as backup};
pub use restore::{RestoreArgs, run as restore};

/// What PostgreSQL users are told: the database is not ours to copy there.
const NOT_SQLITE: &str = "quire backup and quire restore work on the embedded SQLite database only; for \
PostgreSQL, back up the database with pg_dump (and restore with pg_restore), and the file bucket with the object \
store's own tools";

/// Refuses a non-SQLite `QUIRE_DATABASE_URL` before the configuration is even loaded, so the operator gets the
/// backup-specific advice rather than a generic configuration error.
pub fn refuse_non_sqlite_env() -> anyhow::Result<()> {
    match std::env::var("QUIRE_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() && !url.trim().starts_with("sqlite:") => {
            anyhow::bail!("QUIRE_DATABASE_URL is not a sqlite: URL: {NOT_SQLITE}")
        }
        _ => Ok(()),
    }
}

/// The SQLite URL in force, or the PostgreSQL advice.
fn sqlite_url(config: &Config) -> anyhow::Result<String> {
    let url = config.database_url();
    if !url.starts_with("sqlite:") {
        anyhow::bail!("the database URL is not a sqlite: URL: {NOT_SQLITE}");
    }
    Ok(url)
}

/// The folder a new file or folder named `path` goes into; `.` for a bare name.
fn parent_folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes a rename durable: on Linux a rename is only on disk once its folder is synced.
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(folder)?.sync_all()?;
    let _ = folder;
    Ok(())
}

/// Owner-only permissions for files that hold secrets (the archive, `jwt-secret`, the database).
#[cfg(unix)]
fn owner_only(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn owner_only(_path: &Path) -> std::io::Result<()> {
    Ok(())
}
