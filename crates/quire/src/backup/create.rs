//! `quire backup --to FILE`: a consistent archive of a running embedded installation.

use std::fs::File;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use quire_core::Timestamp;
use quire_server::Config;
use quire_store::sqlite::snapshot::{SnapshotSummary, snapshot_into, summarize_snapshot};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::manifest::{self, Counts, FileStoreKind, Manifest, entry};
use super::{owner_only, parent_folder, sqlite_url, sync_folder};

/// Arguments of `quire backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The archive to write (a zip file). Written beside as a temporary file and renamed when complete.
    #[arg(long)]
    to: PathBuf,
}

/// Runs `quire backup`.
pub async fn run(args: BackupArgs, config: &Config) -> anyhow::Result<()> {
    let url = sqlite_url(config)?;
    let target = args.to;
    if target.is_dir() {
        anyhow::bail!("--to {} is a folder; name the archive file to write", target.display());
    }
    let folder = parent_folder(&target);
    if !folder.is_dir() {
        anyhow::bail!("--to {}: the folder {} does not exist", target.display(), folder.display());
    }
    // Everything in progress lives beside the target (same file system, so the final rename is atomic) and is
    // deleted when dropped, so a failed backup leaves no half file behind.
    let staging = tempfile::Builder::new().prefix(".quire-backup-").tempdir_in(&folder)?;
    let snapshot = staging.path().join(entry::DATABASE);

    // Order matters. The database is copied first, in one consistent snapshot; only then are the files that
    // this snapshot references copied. A worker stores a document's file before it marks the job completed,
    // so every file the snapshot references already exists when we look for it. Files of jobs completed after
    // the snapshot are not referenced by it and are left out (a restored installation would not know them).
    // Copying files first would instead miss files of jobs that complete between the two steps.
    let created_at = Timestamp::now().to_iso();
    snapshot_into(&url, &snapshot).await.context("cannot snapshot the database")?;
    let summary = summarize_snapshot(&snapshot).await.context("the database snapshot does not read back")?;

    let partial = tempfile::Builder::new().prefix(".quire-backup-").suffix(".partial").tempfile_in(&folder)?;
    let mut zip = ZipWriter::new(partial);
    add_file(&mut zip, entry::DATABASE, &snapshot)?;
    let jwt_secret_included = add_generated_secret(&mut zip, config, entry::JWT_SECRET, config.jwt_secret.is_some())?;
    let configured_key = config.encryption_key.is_some();
    let encryption_key_included = add_generated_secret(&mut zip, config, entry::ENCRYPTION_KEY, configured_key)?;
    let (file_store, file_keys, missing_file_keys) = match &config.s3 {
        Some(s3) => {
            let kind = FileStoreKind::S3 { bucket: s3.bucket.clone(), prefix: s3.prefix.clone() };
            (kind, summary.file_keys.clone(), Vec::new())
        }
        None => {
            let (copied, missing) = add_documents(&mut zip, &config.data_dir.join("files"), &summary)?;
            (FileStoreKind::Local, copied, missing)
        }
    };
    let manifest = Manifest {
        format: manifest::FORMAT.into(),
        format_version: manifest::FORMAT_VERSION,
        quire_version: env!("CARGO_PKG_VERSION").into(),
        created_at,
        schema_version: summary.schema_version,
        jwt_secret_included,
        encryption_key_included,
        file_store,
        counts: Counts {
            users: summary.users,
            projects: summary.projects,
            api_keys: summary.api_keys,
            templates: summary.templates,
            jobs: summary.jobs,
            files: file_keys.len(),
        },
        file_keys,
        missing_file_keys,
    };
    // The manifest goes last: its counts are those of what was actually written.
    zip.start_file(entry::MANIFEST, options(0))?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
    let partial = zip.finish().context("cannot finish the archive")?;
    partial.as_file().sync_all()?;
    // The archive holds the JWT secret and every API key digest: owner-only, like the data folder's files.
    owner_only(partial.path())?;
    partial.persist(&target).map_err(|e| anyhow::anyhow!("cannot write {}: {}", target.display(), e.error))?;
    sync_folder(&folder)?;
    report(&target, &manifest);
    Ok(())
}

/// Zip options of one entry: deflated, owner-only, zip64 when it needs it.
fn options(size: u64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o600)
        .large_file(size >= u64::from(u32::MAX))
}

fn add_file<W: Write + Seek>(zip: &mut ZipWriter<W>, name: &str, path: &Path) -> anyhow::Result<()> {
    let mut source = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let size = source.metadata()?.len();
    zip.start_file(name, options(size))?;
    std::io::copy(&mut source, zip).with_context(|| format!("cannot archive {}", path.display()))?;
    Ok(())
}

/// Adds the secret file `name` (`jwt-secret`, `encryption-key`) when the installation generated it; a configured
/// secret stays where the operator keeps it.
fn add_generated_secret<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    config: &Config,
    name: &str,
    configured: bool,
) -> anyhow::Result<bool> {
    let path = config.data_dir.join(name);
    if configured || !path.is_file() {
        return Ok(false);
    }
    add_file(zip, name, &path)?;
    Ok(true)
}

/// Copies the files the snapshot references from the local store; returns the keys copied and those whose
/// file is gone.
///
/// The local store (`object_store`'s `LocalFileSystem`) keeps a key `a/b.pdf` at `<files>/a/b.pdf`; the keys
/// Quire makes (`<environment id>/<job id>.<ext>`) need no escaping, so the path is the key. Reading the folder
/// directly streams each file instead of loading it whole.
fn add_documents<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    files: &Path,
    summary: &SnapshotSummary,
) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let (mut copied, mut missing) = (Vec::new(), Vec::new());
    for key in &summary.file_keys {
        if !manifest::is_safe_file_key(key) {
            anyhow::bail!("the database references a document file with an unexpected key {key:?}");
        }
        let path = files.join(key);
        match File::open(&path) {
            Ok(mut source) => {
                let size = source.metadata()?.len();
                zip.start_file(format!("{}{key}", entry::FILES_PREFIX), options(size))?;
                std::io::copy(&mut source, zip).with_context(|| format!("cannot archive {}", path.display()))?;
                copied.push(key.clone());
            }
            // Deleted between the snapshot and now (retention sweep, a user deleting the document).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => missing.push(key.clone()),
            Err(e) => return Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
        }
    }
    Ok((copied, missing))
}

fn report(target: &Path, manifest: &Manifest) {
    let c = &manifest.counts;
    println!(
        "backup written to {}: snapshot of {}; {} users, {} projects, {} API keys, {} templates, {} jobs",
        target.display(),
        manifest.created_at,
        c.users,
        c.projects,
        c.api_keys,
        c.templates,
        c.jobs
    );
    match &manifest.file_store {
        FileStoreKind::Local => println!("{} document files included", c.files),
        FileStoreKind::S3 { bucket, .. } => println!(
            "document files are in the S3 bucket {bucket:?} and NOT in this archive: it lists the {} object keys \
             the database references; back the bucket up with its own tools (versioning, replication)",
            c.files
        ),
    }
    if !manifest.missing_file_keys.is_empty() {
        eprintln!(
            "warning: {} document files the snapshot references were deleted before they could be copied \
             (retention or deletion); their jobs restore without a file",
            manifest.missing_file_keys.len()
        );
    }
    if !manifest.jwt_secret_included {
        eprintln!("note: no jwt-secret file in the data folder (QUIRE_JWT_SECRET is set or the server never started)");
    }
    if !manifest.encryption_key_included {
        eprintln!(
            "note: no encryption-key file in the data folder (QUIRE_ENCRYPTION_KEY is set or the server never \
             started): keep that key with this archive, or its signing certificates cannot be opened"
        );
    }
}
