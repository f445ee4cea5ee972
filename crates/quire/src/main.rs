//! The `quire` binary: `serve`, `worker`, `migrate`, `render`, `keys`, `projects`, `backup`, `restore`, `copy`.
#![forbid(unsafe_code)]

mod backup;
mod copy_cmd;
mod keys_cmd;
mod logging;
mod render_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use quire_server::Config;

/// Quire: a self-hosted document-generation API.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about)]
struct Cli {
    /// Optional TOML configuration file; `QUIRE_…` environment variables override it.
    #[arg(long, global = true, env = "QUIRE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP API (with workers) until SIGTERM or Ctrl-C.
    Serve,
    /// Run job workers, webhook delivery and the retention sweeper (a worker node: only `/health`, `/ready` and
    /// `/metrics` on `QUIRE_LISTEN`) until SIGTERM or Ctrl-C.
    Worker,
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Render a template file to PDF, XLSX or CSV without a server.
    Render(render_cmd::RenderArgs),
    /// Create, list and revoke API keys without the dashboard.
    Keys(keys_cmd::KeysArgs),
    /// List projects and their environments (to find an environment id).
    Projects,
    /// Write a consistent archive of this installation (SQLite, secrets, files) while it runs.
    Backup(backup::BackupArgs),
    /// Restore an archive of `quire backup` into an empty or absent data folder.
    Restore(backup::RestoreArgs),
    /// Copy this installation's embedded database into a new PostgreSQL database (and its files to S3).
    Copy(copy_cmd::CopyArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render(args) => report(render_cmd::run(args)),
        command => {
            let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
                Ok(rt) => rt,
                Err(e) => return report(Err(e.into())),
            };
            report(runtime.block_on(run_service_command(command, cli.config)).map(|()| ExitCode::SUCCESS))
        }
    }
}

fn report(result: anyhow::Result<ExitCode>) -> ExitCode {
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::FAILURE
    })
}

async fn run_service_command(command: Command, config_file: Option<PathBuf>) -> anyhow::Result<()> {
    if matches!(command, Command::Backup(_) | Command::Restore(_)) {
        backup::refuse_non_sqlite_env()?;
    }
    let config = Config::load(config_file.as_deref())?;
    match command {
        Command::Serve => serve(config, quire_server::NodeRole::Api).await,
        Command::Worker => serve(config, quire_server::NodeRole::Worker).await,
        Command::Migrate => {
            std::fs::create_dir_all(&config.data_dir)?;
            let store = quire_store::open(&config.database_url()).await?;
            store.close().await;
            println!("database is up to date: {}", config.database_url());
            Ok(())
        }
        Command::Keys(args) => keys_cmd::run(args, &config).await,
        Command::Projects => keys_cmd::list_projects(&config).await,
        Command::Backup(args) => backup::backup(args, &config).await,
        Command::Restore(args) => backup::restore(args, &config).await,
        Command::Copy(args) => copy_cmd::run(args, &config).await,
        Command::Render(_) => unreachable!("handled without a runtime"),
    }
}

async fn serve(config: Config, role: quire_server::NodeRole) -> anyhow::Result<()> {
    let telemetry = quire_server::telemetry::Telemetry::start(&config.otlp)?;
    logging::init(&config.log_format, telemetry.as_ref());
    if let Some(url) = config.otlp.export_url() {
        tracing::info!(%url, protocol = ?config.otlp.protocol, "exporting traces");
    }
    let server = quire_server::start_node(config, role).await?;
    match role {
        quire_server::NodeRole::Api => {
            println!("Quire is listening on http://{}  (API docs: http://{}/docs)", server.addr, server.addr)
        }
        quire_server::NodeRole::Worker => println!("Quire worker is running; probes on http://{}/ready", server.addr),
    }
    let stopper = server.stopper();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutdown signal received; draining");
        let _ = stopper.send(true);
    });
    let served = server.wait().await;
    // After the drain, so the spans of the last requests, jobs and deliveries are in the final batch.
    if let Some(telemetry) = telemetry {
        telemetry.shutdown().await;
    }
    served
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
