//! `quire keys create|list|revoke` and `quire projects`: headless set-up straight against the store.

use quire_core::{ErrorCode, Scope, Timestamp};
use quire_server::Config;
use quire_server::auth::caller::check_key_usable;
use quire_server::keys::issue::{NewKey, create_key};
use quire_store::{ApiKeyPatch, ApiKeyStatus, Store};

/// Arguments of `quire keys`.
#[derive(Debug, clap::Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    command: KeysCommand,
}

#[derive(Debug, clap::Subcommand)]
enum KeysCommand {
    /// Create a key and print it once.
    Create {
        /// Environment id (`ws_…`); `quire projects` lists them.
        #[arg(long)]
        environment: String,
        /// A name that says where the key is used.
        #[arg(long)]
        name: String,
        /// A permission (repeatable): documents:generate, templates:manage, analytics:view, project:manage.
        #[arg(long = "permission", required = true)]
        permissions: Vec<String>,
        /// Expiry, ISO 8601 (e.g. 2027-01-01T00:00:00Z).
        #[arg(long)]
        expires_at: Option<String>,
        /// Requests per minute for this key (default: the server's API-key limit).
        #[arg(long)]
        rate_limit_per_minute: Option<i64>,
        /// Documents this key may generate per calendar month, UTC (default: no quota).
        #[arg(long)]
        monthly_document_quota: Option<i64>,
    },
    /// List the keys of an environment (never the secrets).
    List {
        #[arg(long)]
        environment: String,
    },
    /// Revoke a key by id (`key_…`). Running servers on the same database notice within a second.
    Revoke { id: String },
}

async fn open(config: &Config) -> anyhow::Result<Store> {
    std::fs::create_dir_all(&config.data_dir)?;
    Ok(quire_store::open(&config.database_url()).await?)
}

/// What a subcommand prints: `stdout` is for scripts (`export QUIRE_API_KEY=$(quire keys create …)`),
/// `stderr` for the person at the terminal.
#[derive(Debug, Default)]
struct Printed {
    stdout: Vec<String>,
    stderr: Vec<String>,
}

/// Runs `quire keys …`.
pub async fn run(args: KeysArgs, config: &Config) -> anyhow::Result<()> {
    let store = open(config).await?;
    let result = execute(args.command, &store).await;
    store.close().await;
    let printed = result?;
    for line in printed.stderr {
        eprintln!("{line}");
    }
    for line in printed.stdout {
        println!("{line}");
    }
    Ok(())
}

async fn execute(command: KeysCommand, store: &Store) -> anyhow::Result<Printed> {
    match command {
        KeysCommand::Create {
            environment,
            name,
            permissions,
            expires_at,
            rate_limit_per_minute,
            monthly_document_quota,
        } => {
            let env = store
                .environment(&environment)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no environment {environment}; `quire projects` lists them"))?;
            let scopes = permissions
                .iter()
                .map(|p| Scope::parse(p).ok_or_else(|| anyhow::anyhow!("unknown permission {p:?}")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let expires_at = match expires_at {
                Some(t) => Some(
                    Timestamp::parse(&t)
                        .filter(|at| *at > Timestamp::now())
                        .ok_or_else(|| anyhow::anyhow!("--expires-at must be a future ISO 8601 time"))?,
                ),
                None => None,
            };
            if let Some(limit) = rate_limit_per_minute
                && !(1..=1_000_000).contains(&limit)
            {
                anyhow::bail!("--rate-limit-per-minute must be between 1 and 1000000");
            }
            if let Some(quota) = monthly_document_quota
                && !(1..=quire_server::keys::wire::MAX_MONTHLY_DOCUMENT_QUOTA).contains(&quota)
            {
                anyhow::bail!("--monthly-document-quota must be between 1 and 100000000");
            }
            let new = NewKey {
                project_id: env.project_id,
                environment_id: env.id,
                name: name.trim().to_string(),
                scopes,
                expires_at,
                rate_limit_per_minute,
                monthly_document_quota,
                created_by: "cli".into(),
            };
            let (secret, record) = create_key(store, &new).await?;
            Ok(Printed {
                stdout: vec![secret.expose().to_string()],
                stderr: vec![format!(
                    "Created {} ({}). Store the key now; it cannot be shown again:",
                    record.id, record.name
                )],
            })
        }
        KeysCommand::List { environment } => {
            let now = Timestamp::now();
            let mut printed = Printed::default();
            for k in store.api_keys(&environment).await? {
                let scopes: Vec<&str> = k.scopes.iter().map(|s| s.as_str()).collect();
                let status = match check_key_usable(&k, now) {
                    Ok(()) => "active",
                    Err(e) if e.code == ErrorCode::KeyRevoked => "revoked",
                    Err(_) => "expired",
                };
                printed.stdout.push(format!(
                    "{}  {}…  {:8}  {}  [{}]  requests={}",
                    k.id,
                    k.prefix,
                    status,
                    k.name,
                    scopes.join(","),
                    k.total_requests
                ));
            }
            Ok(printed)
        }
        KeysCommand::Revoke { id } => {
            let patch = ApiKeyPatch { status: Some(ApiKeyStatus::Revoked), ..Default::default() };
            store
                .update_api_key(&id, &patch, Timestamp::now())
                .await
                .map_err(|e| anyhow::anyhow!("cannot revoke {id}: {e}"))?;
            Ok(Printed { stdout: vec![format!("revoked {id}")], stderr: Vec::new() })
        }
    }
}

/// Runs `quire projects`.
pub async fn list_projects(config: &Config) -> anyhow::Result<()> {
    let store = open(config).await?;
    let users = store.count_users().await?;
    if users == 0 {
        println!("no users yet: register through the API or set QUIRE_ADMIN_EMAIL and QUIRE_ADMIN_PASSWORD");
    }
    for project in store.all_projects().await? {
        println!("{}  {}", project.id, project.name);
        for env in store.environments(&project.id).await? {
            println!("    {}  {}", env.id, env.name);
        }
    }
    store.close().await;
    Ok(())
}

#[cfg(test)]
mod tests;
