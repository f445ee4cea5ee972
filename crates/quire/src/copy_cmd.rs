//! `quire copy`: moves an installation from its embedded SQLite database to a new PostgreSQL database, and its
//! document files from the data folder to S3 when asked.

use std::path::Path;

use anyhow::Context;
use quire_server::Config;
use quire_server::documents::files::FileStore;
use quire_store::copy::{CopyReport, copy_sqlite_to_postgres};
use quire_store::{PostgresStore, Repository, SqliteStore};

/// Arguments of `quire copy`.
#[derive(Debug, clap::Args)]
pub struct CopyArgs {
    /// The installation to copy (`sqlite://…/quire.db`); default: this configuration's database.
    #[arg(long)]
    from: Option<String>,
    /// The new PostgreSQL database (`postgres://user@host:5432/quire`); it is migrated, and must hold no rows.
    #[arg(long)]
    to: String,
    /// Also copy the document files from the data folder's `files/` into the bucket `QUIRE_S3_…` names. Without
    /// it the files stay where they are, and the nodes must keep reading that folder.
    #[arg(long)]
    files_to_s3: bool,
}

/// Runs `quire copy`.
pub async fn run(args: CopyArgs, config: &Config) -> anyhow::Result<()> {
    let from = args.from.clone().unwrap_or_else(|| config.database_url());
    if !from.starts_with("sqlite:") {
        anyhow::bail!("--from must be an embedded database (sqlite://…), got {}", scheme_of(&from));
    }
    if !(args.to.starts_with("postgres://") || args.to.starts_with("postgresql://")) {
        anyhow::bail!("--to must be a PostgreSQL database (postgres://…), got {}", scheme_of(&args.to));
    }
    let s3 = match (args.files_to_s3, &config.s3) {
        (true, None) => anyhow::bail!("--files-to-s3 needs the bucket: set QUIRE_S3_BUCKET (and its credentials)"),
        (true, Some(s3)) => Some(FileStore::s3(s3).await.context("cannot reach the S3 bucket")?),
        (false, _) => None,
    };
    let database_file = quire_store::sqlite::snapshot::sqlite_file(&from)?;
    if !database_file.is_file() {
        anyhow::bail!("there is no database at {from}");
    }
    // The installation's folder: the secret file and `files/` sit beside its database.
    let data_dir = database_file.parent().map_or_else(|| config.data_dir.clone(), Path::to_path_buf);
    let source = SqliteStore::open(&from).await.context("cannot open the source database")?;
    let target = PostgresStore::open(&args.to).await.context("cannot open the target database")?;
    let jwt_secret = jwt_secret_file(config, &data_dir)?;
    let settings: Vec<(&str, &str)> = jwt_secret.as_deref().map(|s| ("jwt_secret", s)).into_iter().collect();
    let files = data_dir.join("files");
    let copied = copy_sqlite_to_postgres(&source, &target, &settings, async |report: &CopyReport| match &s3 {
        Some(bucket) => copy_files(&files, bucket, &report.file_keys).await.map_err(|e| format!("{e:#}")),
        None => Ok(()),
    })
    .await;
    source.close().await;
    target.close().await;
    print_report(&copied.context("nothing was copied")?, &files, s3.is_some(), jwt_secret.is_some());
    if config.encryption_key.is_none() && data_dir.join("encryption-key").is_file() {
        println!(
            "signing certificates stay sealed with {}: give every node QUIRE_ENCRYPTION_KEY set to that file's \
             content (the key is never put in the database)",
            data_dir.join("encryption-key").display()
        );
    }
    Ok(())
}

/// The dashboard's signing secret from the data folder, when the installation uses the generated one.
fn jwt_secret_file(config: &Config, data_dir: &Path) -> anyhow::Result<Option<String>> {
    if config.jwt_secret.is_some() {
        return Ok(None);
    }
    match std::fs::read_to_string(data_dir.join("jwt-secret")) {
        Ok(text) => Ok(Some(text.trim().to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::anyhow!("cannot read the JWT secret in {}: {e}", data_dir.display())),
    }
}

/// Copies each referenced file from the local folder to the bucket (a file deleted meanwhile is skipped: its job
/// answers as expired, as it would have).
async fn copy_files(folder: &Path, bucket: &FileStore, keys: &[String]) -> anyhow::Result<()> {
    let local = FileStore::local(folder)?;
    for key in keys {
        if let Some(bytes) = local.get(key).await.with_context(|| format!("cannot read document file {key}"))? {
            bucket.put(key, bytes.to_vec()).await.with_context(|| format!("cannot upload document file {key}"))?;
        }
    }
    Ok(())
}

fn print_report(report: &CopyReport, files: &Path, files_moved: bool, jwt_secret: bool) {
    for (table, rows) in &report.tables {
        println!("{table:<28} {rows:>9} rows");
    }
    if jwt_secret {
        println!("the dashboard signing secret moved into the database: existing sessions stay signed in");
    }
    match (files_moved, report.file_keys.len()) {
        (_, 0) => println!("no document files to move"),
        (true, n) => {
            println!("{n} document files copied to the bucket (the originals in {} are kept)", files.display())
        }
        (false, n) => println!(
            "{n} document files stay in {}: keep QUIRE_DATA_DIR pointing there on the node that serves them, or run \
             again on an empty database with --files-to-s3",
            files.display()
        ),
    }
}

fn scheme_of(url: &str) -> String {
    format!("{:?}", url.split(':').next().unwrap_or(""))
}
