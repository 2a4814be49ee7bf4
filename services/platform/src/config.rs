//! Configuration shared by every service: flags override environment variables,
//! which override the defaults below (layered, as clap resolves `--flag` > `ENV` > default).

use std::{net::SocketAddr, path::PathBuf};

/// Settings every newsroom service reads the same way. Services `#[command(flatten)]` it
/// into their own clap `Args` and add what is theirs.
#[derive(Debug, Clone, clap::Args)]
pub struct CommonConfig {
    /// Address the gRPC server binds to; each service has its own default port
    /// (ingest 50051, enrichment 50052, publishing 50053).
    #[arg(long, env = "NEWSROOM_GRPC_ADDR")]
    pub grpc_addr: Option<SocketAddr>,

    /// Directory for local state: the default SQLite database lives here.
    #[arg(long, env = "NEWSROOM_DATA_DIR", default_value = ".data")]
    pub data_dir: PathBuf,

    /// NATS server(s) with JetStream, comma-separated.
    #[arg(long, env = "NATS_URL", default_value = "nats://127.0.0.1:4222")]
    pub nats_url: String,

    /// How to authenticate to NATS and whether to use TLS (all optional).
    #[command(flatten)]
    pub nats_auth: NatsAuthConfig,

    /// Who may call this service's API: bearer tokens, scopes, rate limits.
    #[command(flatten)]
    pub auth: crate::auth::AuthConfig,

    /// Optional TLS for the service's own gRPC and HTTP listeners.
    #[command(flatten)]
    pub tls: TlsConfig,

    /// The service's own database. Unset means a SQLite file `<data_dir>/<service>.db`;
    /// `postgres://…` in production.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Replicas of each JetStream stream (and of the payload store) this service creates or
    /// updates: 1 on a single server, 3 on a three-node NATS cluster so no story is lost with
    /// a node.
    #[arg(long, env = "NEWSROOM_STREAM_REPLICAS", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub stream_replicas: u8,

    /// OTLP/gRPC collector endpoint, e.g. `http://127.0.0.1:4317`. Unset: no export.
    #[arg(long, env = "OTEL_EXPORTER_OTLP_ENDPOINT")]
    pub otlp_endpoint: Option<String>,

    /// Log line format: `human` for terminals, `json` for log shippers. The filter itself
    /// comes from `RUST_LOG` (default `info`).
    #[arg(long, env = "NEWSROOM_LOG_FORMAT", default_value = "human", value_enum)]
    pub log_format: LogFormat,
}

/// NATS credentials and TLS; unset fields are not used. Exactly one of creds file,
/// user/password or token is expected where the server asks for one.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct NatsAuthConfig {
    /// A NATS `.creds` file (JWT + NKey seed), as issued by the NATS operator.
    #[arg(long, env = "NATS_CREDS_FILE")]
    pub nats_creds_file: Option<PathBuf>,

    /// NATS user name (with `NATS_PASSWORD`).
    #[arg(long, env = "NATS_USER", requires = "nats_password")]
    pub nats_user: Option<String>,

    /// NATS password (with `NATS_USER`).
    #[arg(long, env = "NATS_PASSWORD", hide_env_values = true, requires = "nats_user")]
    pub nats_password: Option<String>,

    /// NATS authentication token.
    #[arg(long, env = "NATS_TOKEN", hide_env_values = true)]
    pub nats_token: Option<String>,

    /// PEM file of the CA that signed the NATS servers' certificates; setting it requires TLS.
    #[arg(long, env = "NATS_CA_FILE")]
    pub nats_ca_file: Option<PathBuf>,

    /// PEM client certificate for NATS mutual TLS (with `NATS_TLS_KEY`).
    #[arg(long, env = "NATS_TLS_CERT", requires = "nats_tls_key")]
    pub nats_tls_cert: Option<PathBuf>,

    /// PEM private key of `NATS_TLS_CERT`.
    #[arg(long, env = "NATS_TLS_KEY", requires = "nats_tls_cert")]
    pub nats_tls_key: Option<PathBuf>,

    /// Refuse a NATS connection without TLS.
    #[arg(long, env = "NATS_TLS_REQUIRED", default_value_t = false)]
    pub nats_tls_required: bool,
}

/// TLS for the service's listeners (rustls): both PEM files set turns it on for gRPC and
/// HTTP alike; neither set serves plain text (TLS ends at the ingress or mesh).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TlsConfig {
    /// PEM certificate chain of the service.
    #[arg(long, env = "NEWSROOM_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key of the certificate.
    #[arg(long, env = "NEWSROOM_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

impl TlsConfig {
    /// The certificate and key paths when TLS is configured.
    pub fn paths(&self) -> Option<(&std::path::Path, &std::path::Path)> {
        Some((self.tls_cert.as_deref()?, self.tls_key.as_deref()?))
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Compact, coloured when the output is a terminal.
    Human,
    /// One JSON object per line.
    Json,
}

impl CommonConfig {
    /// The database URL to use: the configured one, else a SQLite file in the data dir.
    pub fn database_url_for(&self, service_name: &str) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => {
                let file = self.data_dir.join(format!("{service_name}.db"));
                format!("sqlite://{}?mode=rwc", file.display())
            }
        }
    }

    /// The gRPC address to bind: the configured one, else `127.0.0.1:<default_port>`.
    pub fn grpc_addr_or(&self, default_port: u16) -> SocketAddr {
        self.grpc_addr.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], default_port)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct TestArgs {
        #[command(flatten)]
        common: CommonConfig,
    }

    #[test]
    fn default_database_is_a_sqlite_file_in_the_data_dir() {
        let args = TestArgs::parse_from(["test", "--data-dir", "/tmp/x"]);
        assert_eq!(args.common.database_url_for("ingest"), "sqlite:///tmp/x/ingest.db?mode=rwc");
    }

    #[test]
    fn stream_replicas_default_to_one_and_stay_within_what_jetstream_allows() {
        assert_eq!(TestArgs::parse_from(["test"]).common.stream_replicas, 1);
        assert_eq!(TestArgs::parse_from(["test", "--stream-replicas", "3"]).common.stream_replicas, 3);
        assert!(TestArgs::try_parse_from(["test", "--stream-replicas", "0"]).is_err());
        assert!(TestArgs::try_parse_from(["test", "--stream-replicas", "6"]).is_err());
    }

    #[test]
    fn flags_override_defaults() {
        let args = TestArgs::parse_from([
            "test",
            "--database-url",
            "postgres://db/ingest",
            "--grpc-addr",
            "0.0.0.0:6000",
        ]);
        assert_eq!(args.common.database_url_for("ingest"), "postgres://db/ingest");
        assert_eq!(args.common.grpc_addr_or(50051).port(), 6000);
    }
}
