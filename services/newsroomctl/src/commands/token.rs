//! `newsroomctl token create | list | revoke`: the API tokens of newsroom tools.
//!
//! Tokens live in the NATS key-value bucket every service watches (see
//! `newsroom_platform::auth::registry`), so this command talks to NATS directly with the
//! operator's NATS credentials; that is also how the first admin token is made.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use newsroom_platform::{
    auth::{Scope, registry},
    config::NatsAuthConfig,
};

/// `newsroomctl token …`.
#[derive(Args)]
pub struct TokenArgs {
    /// NATS server(s) holding the token registry.
    #[arg(long, env = "NATS_URL", default_value = "nats://127.0.0.1:4222")]
    nats_url: String,
    /// NATS credentials and TLS, as the services take them.
    #[command(flatten)]
    nats_auth: NatsAuthConfig,
    /// Replicas of the token bucket when this command creates it (3 on a NATS cluster).
    #[arg(long, env = "NEWSROOM_STREAM_REPLICAS", default_value_t = 1)]
    stream_replicas: usize,
    /// What to do.
    #[command(subcommand)]
    action: TokenAction,
}

/// The token actions.
#[derive(Subcommand)]
enum TokenAction {
    /// Create a token for a tool; the token is printed once, on stdout.
    Create {
        /// The tool's name (letters, digits, '-', '_', '.'), e.g. cms-plugin.
        #[arg(long)]
        tool: String,
        /// A scope: push, read or admin (admin covers all); repeat for several.
        #[arg(long = "scope", value_enum, required = true)]
        scopes: Vec<Scope>,
        /// Calls per second for this token at each replica (default: the services' setting).
        #[arg(long)]
        rate: Option<u32>,
    },
    /// List tokens: id, tool, scopes, created, revoked.
    List,
    /// Revoke a token by id; every service refuses it within moments.
    Revoke {
        /// The token id (the 16 hex digits after `nrt_`).
        id: String,
    },
}

/// Run `newsroomctl token`.
pub async fn run(args: TokenArgs) -> anyhow::Result<ExitCode> {
    let client = newsroom_platform::nats::connect(&args.nats_url, &args.nats_auth, "newsroomctl").await?;
    let jetstream = async_nats::jetstream::new(client);
    let store = tokio::time::timeout(
        std::time::Duration::from_secs(15),
        registry::open_bucket(&jetstream, args.stream_replicas),
    )
    .await
    .map_err(|_| anyhow::anyhow!("cannot reach NATS JetStream at {} within 15 s", args.nats_url))??;
    match args.action {
        TokenAction::Create { tool, scopes, rate } => {
            let (token, record) = registry::create_token(&store, &tool, scopes, rate).await?;
            let scopes: Vec<&str> = record.scopes.iter().map(|scope| scope.as_str()).collect();
            eprintln!(
                "created token {} for tool {} with scopes {}",
                record.id,
                record.tool,
                scopes.join(",")
            );
            println!("{}", token.reveal());
        }
        TokenAction::List => {
            println!("{:<16}  {:<24}  {:<17}  {:<20}  revoked", "id", "tool", "scopes", "created");
            for record in registry::list_tokens(&store).await? {
                let scopes: Vec<&str> = record.scopes.iter().map(|scope| scope.as_str()).collect();
                let format =
                    |at: chrono::DateTime<chrono::Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                println!(
                    "{:<16}  {:<24}  {:<17}  {:<20}  {}",
                    record.id,
                    record.tool,
                    scopes.join(","),
                    format(record.created_at),
                    record.revoked_at.map_or_else(|| "-".to_owned(), format)
                );
            }
        }
        TokenAction::Revoke { id } => match registry::revoke_token(&store, id.trim()).await? {
            Some(record) => eprintln!("revoked token {} of tool {}", record.id, record.tool),
            None => {
                eprintln!("error: no token with id {id:?}");
                return Ok(ExitCode::from(2));
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}
