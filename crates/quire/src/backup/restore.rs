//! `quire restore --from FILE`: an archive of `quire backup` into an empty or absent data folder, all or nothing.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use quire_server::Config;
use quire_store::sqlite::snapshot::summarize_snapshot;
use zip::ZipArchive;

use super::manifest::{self, Counts, FileStoreKind, Manifest, entry};
use super::{owner_only, parent_folder, sqlite_url, sync_folder};

/// Arguments of `quire restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// An archive written by `quire backup`. It is restored into the configured data folder
    /// (`QUIRE_DATA_DIR`), which must be empty or absent.
    #[arg(long)]
    from: PathBuf,
}

/// Runs `quire restore`.
pub async fn run(args: RestoreArgs, config: &Config) -> anyhow::Result<()> {
    let target = config.data_dir.clone();
    check_database_location(config)?;
    check_empty_or_absent(&target)?;
    let file = File::open(&args.from).with_context(|| format!("cannot open {}", args.from.display()))?;
    let mut archive = ZipArchive::new(file).map_err(|e| {
        anyhow::anyhow!("{} is not a readable backup archive (truncated or damaged?): {e}", args.from.display())
    })?;
    let manifest = read_manifest(&mut archive)?;

    // Everything is written into a hidden folder beside the target and renamed into place only once it has
    // all been read back and checked: a bad archive leaves the target as it was and nothing else behind.
    let folder = parent_folder(&target);
    std::fs::create_dir_all(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("quire-data");
    let staging = tempfile::Builder::new().prefix(&format!(".{name}.restore-")).tempdir_in(&folder)?;
    extract(&mut archive, &manifest, staging.path())?;
    verify_database(&staging.path().join(entry::DATABASE), &manifest).await?;

    if target.exists() {
        // Empty (checked above); rename cannot replace a folder on every platform, so make room.
        std::fs::remove_dir(&target)
            .with_context(|| format!("cannot replace the empty folder {}", target.display()))?;
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, &target) {
        let _ = std::fs::remove_dir_all(&staged);
        anyhow::bail!("cannot move the restored data into {}: {e}", target.display());
    }
    sync_folder(&folder)?;
    report(&target, &manifest, config);
    Ok(())
}

/// The restore writes `<data>/quire.db`; a database URL naming another file would start a server on something else.
fn check_database_location(config: &Config) -> anyhow::Result<()> {
    let url = sqlite_url(config)?;
    let configured = quire_store::sqlite::snapshot::sqlite_file(&url)?;
    let restored = config.data_dir.join(entry::DATABASE);
    if configured != restored {
        anyhow::bail!(
            "QUIRE_DATABASE_URL names {} but restore writes {}; unset QUIRE_DATABASE_URL (nothing was changed)",
            configured.display(),
            restored.display()
        );
    }
    Ok(())
}

fn check_empty_or_absent(target: &Path) -> anyhow::Result<()> {
    match std::fs::read_dir(target) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                anyhow::bail!(
                    "the data folder {} is not empty; restore only into an empty or absent folder (nothing was changed)",
                    target.display()
                );
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if target.exists() && !target.is_dir() => {
            anyhow::bail!("the data folder {} is a file ({e})", target.display())
        }
        Err(e) => anyhow::bail!("cannot read the data folder {}: {e}", target.display()),
    }
}

fn read_manifest(archive: &mut ZipArchive<File>) -> anyhow::Result<Manifest> {
    let mut text = Vec::new();
    archive
        .by_name(entry::MANIFEST)
        .map_err(|e| anyhow::anyhow!("not a Quire backup: no {} ({e})", entry::MANIFEST))?
        .read_to_end(&mut text)
        .context("the manifest is damaged")?;
    let manifest: Manifest = serde_json::from_slice(&text).context("the manifest is not valid")?;
    manifest.check_supported()?;
    Ok(manifest)
}

/// Writes every entry into `staging`, checking each against the manifest. Reading an entry to its end checks
/// its CRC-32, so damaged bytes stop the restore here.
fn extract(archive: &mut ZipArchive<File>, manifest: &Manifest, staging: &Path) -> anyhow::Result<()> {
    let expected: BTreeSet<&str> = manifest.file_keys.iter().map(String::as_str).collect();
    let mut seen = BTreeSet::new();
    let mut database = false;
    for index in 0..archive.len() {
        let mut item = archive.by_index(index).context("the archive is damaged")?;
        let name = item.name().context("the archive is damaged")?.into_owned();
        let dest = match name.as_str() {
            entry::MANIFEST => continue,
            entry::DATABASE => {
                database = true;
                staging.join(entry::DATABASE)
            }
            entry::JWT_SECRET if manifest.jwt_secret_included => staging.join(entry::JWT_SECRET),
            entry::ENCRYPTION_KEY if manifest.encryption_key_included => staging.join(entry::ENCRYPTION_KEY),
            other => match other.strip_prefix(entry::FILES_PREFIX) {
                Some(key)
                    if manifest::is_safe_file_key(key) && expected.contains(key) && seen.insert(key.to_string()) =>
                {
                    staging.join("files").join(key)
                }
                _ => anyhow::bail!("the archive holds an entry the manifest does not list: {other:?}"),
            },
        };
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut out = File::create(&dest).with_context(|| format!("cannot write {}", dest.display()))?;
        std::io::copy(&mut item, &mut out).with_context(|| format!("the archive entry {name} is damaged"))?;
        out.sync_all()?;
        owner_only(&dest)?;
    }
    if !database {
        anyhow::bail!("the archive holds no {}", entry::DATABASE);
    }
    if seen.len() != expected.len() {
        anyhow::bail!("the archive is incomplete: {} of {} document files", seen.len(), expected.len());
    }
    if manifest.jwt_secret_included && !staging.join(entry::JWT_SECRET).is_file() {
        anyhow::bail!("the archive is incomplete: the manifest lists a jwt-secret that is not there");
    }
    if manifest.encryption_key_included && !staging.join(entry::ENCRYPTION_KEY).is_file() {
        anyhow::bail!("the archive is incomplete: the manifest lists an encryption-key that is not there");
    }
    Ok(())
}

/// The database copy must pass SQLite's integrity check, hold what the manifest says, and not come from a newer
/// schema than this build knows (its server would refuse to start on it).
async fn verify_database(path: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let summary = summarize_snapshot(path).await.context("the database in the archive does not read back")?;
    let found = Counts {
        users: summary.users,
        projects: summary.projects,
        api_keys: summary.api_keys,
        templates: summary.templates,
        jobs: summary.jobs,
        files: manifest.counts.files,
    };
    if found != manifest.counts {
        anyhow::bail!("the database in the archive does not match its manifest ({found:?} vs {:?})", manifest.counts);
    }
    let known = quire_store::sqlite::MIGRATIONS.iter().map(|m| m.version).max().unwrap_or(0);
    if summary.schema_version > known {
        anyhow::bail!(
            "the archive comes from a newer Quire ({}, schema {}); this one knows schema {known}: upgrade first",
            manifest.quire_version,
            summary.schema_version
        );
    }
    Ok(())
}

fn report(target: &Path, manifest: &Manifest, config: &Config) {
    let c = &manifest.counts;
    println!(
        "restored the backup of {} (Quire {}) into {}: {} users, {} templates, {} jobs, {} document files",
        manifest.created_at,
        manifest.quire_version,
        target.display(),
        c.users,
        c.templates,
        c.jobs,
        c.files
    );
    match (&manifest.file_store, &config.s3) {
        (FileStoreKind::S3 { bucket, .. }, Some(_)) => {
            println!("document files are read from S3 as before (the backup was made with bucket {bucket:?})")
        }
        (FileStoreKind::S3 { bucket, prefix }, None) => eprintln!(
            "warning: the backup's document files are in the S3 bucket {bucket:?} (prefix {prefix:?}); set \
             QUIRE_S3_BUCKET (and QUIRE_S3_PREFIX) to serve them"
        ),
        (FileStoreKind::Local, Some(_)) => eprintln!(
            "warning: the document files were restored into {}/files, but QUIRE_S3_BUCKET is set: copy them into \
             the bucket or unset it",
            target.display()
        ),
        (FileStoreKind::Local, None) => {}
    }
    if !manifest.jwt_secret_included {
        eprintln!(
            "note: the archive has no jwt-secret; set QUIRE_JWT_SECRET as before, or dashboard users sign in again"
        );
    }
    if !manifest.encryption_key_included {
        eprintln!(
            "note: the archive has no encryption-key; set QUIRE_ENCRYPTION_KEY as before, or upload the signing \
             certificates again"
        );
    }
    println!("start it with `quire serve`");
}
