//! The service's own database: SQLite file by default, PostgreSQL in production,
//! through sea-orm. Migrations run at start-up and from the `migrate` subcommand.

use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait as _, Database, DatabaseConnection, DbBackend, DbErr, SqlErr,
    TransactionTrait as _,
};
use sea_orm_migration::MigratorTrait;

/// Open a connection pool on `database_url`, creating the SQLite file (and its
/// directory) when needed. SQLite gets WAL journaling and a single pooled connection,
/// so writers queue in the pool instead of failing with "database is locked".
pub async fn connect(database_url: &str) -> Result<DatabaseConnection, DbErr> {
    let database_url = plain_on_loopback(database_url);
    let database_url = database_url.as_str();
    let mut options = ConnectOptions::new(database_url.to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if database_url.starts_with("sqlite:") {
        if let Some(parent) =
            sqlite_file_path(database_url).and_then(|path| path.parent().map(ToOwned::to_owned))
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(&parent).map_err(|error| {
                DbErr::Custom(format!("cannot create database directory {}: {error}", parent.display()))
            })?;
        }
        options.max_connections(1).min_connections(1).map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .create_if_missing(true)
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
        });
    } else {
        // A server database that is down must not hold a caller for half a minute: after
        // 5 s without a connection the call fails as UNAVAILABLE (the client retries) and
        // nothing was acknowledged. (SQLite keeps 30 s: there the wait is the queue of
        // writers for its one connection, not an outage.)
        options.max_connections(16).min_connections(1).acquire_timeout(Duration::from_secs(5));
    }
    Database::connect(options).await
}

/// Connect and bring the schema up to date with `M`.
pub async fn connect_and_migrate<M: MigratorTrait>(database_url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(database_url).await?;
    migrate::<M>(&db).await?;
    Ok(db)
}

/// Advisory lock key taken while migrating (per database, so per service).
const MIGRATION_LOCK: i64 = 0x6e65_7773_726f_6f6d; // "newsroom"

/// Bring the schema up to date with `M`. On PostgreSQL, replicas starting together on one
/// database take turns: the migrations run in one transaction holding an advisory lock,
/// so the second replica waits, then finds them applied. (Two replicas creating the same
/// tables at once failed with a duplicate `pg_type` key.)
pub async fn migrate<M: MigratorTrait>(db: &DatabaseConnection) -> Result<(), DbErr> {
    if backend(db) != DbBackend::Postgres {
        return M::up(db, None).await;
    }
    let txn = db.begin().await?;
    txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")).await?;
    M::up(&txn, None).await?;
    txn.commit().await
}

/// Whether an error is a unique-constraint violation (a concurrent writer won a race).
pub fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// The database's kind, for the few statements that differ between backends.
pub fn backend(db: &DatabaseConnection) -> DbBackend {
    db.get_database_backend()
}

/// A PostgreSQL URL on a loopback host without an `sslmode` gets `sslmode=disable`.
///
/// Why: sqlx's default (`prefer`) negotiates TLS whenever the server offers it, and its
/// socket has no TCP_NODELAY, so TLS records split across writes meet Nagle's algorithm and
/// delayed ACKs: measured by `just bench` at 100 stories/s, push→published p99 went from
/// 57 ms (plain) to 297 ms (TLS) on the same machine. On loopback TLS protects nothing (the
/// bytes never leave the host). Any explicit `sslmode` (e.g. `require` for a remote server)
/// is kept as written.
fn plain_on_loopback(database_url: &str) -> String {
    let Some(rest) =
        database_url.strip_prefix("postgres://").or_else(|| database_url.strip_prefix("postgresql://"))
    else {
        return database_url.to_owned();
    };
    if database_url.contains("sslmode=") {
        return database_url.to_owned();
    }
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host_port)| host_port);
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or(bracketed)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    if !matches!(host, "127.0.0.1" | "localhost" | "::1") {
        return database_url.to_owned();
    }
    let separator = if database_url.contains('?') { '&' } else { '?' };
    format!("{database_url}{separator}sslmode=disable")
}

fn sqlite_file_path(database_url: &str) -> Option<std::path::PathBuf> {
    let rest = database_url.strip_prefix("sqlite://").or_else(|| database_url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(std::path::PathBuf::from(path))
}

/// A migration that stores the large values of `columns` (`(table, column)`) with lz4
/// instead of PostgreSQL's default pglz. Story bodies, pipeline results, ninjs documents and
/// event payloads are written once per story and are mostly read whole: pglz compressing
/// them was a tenth of the machine's CPU under load (perf, `just bench`); lz4 compresses
/// several times faster at a similar ratio. PostgreSQL only, and only where the server was
/// built with lz4 (14 and later): elsewhere it keeps pglz and says so in a notice.
/// Existing values keep their compression until rewritten.
pub struct Lz4Compression {
    /// The migration's name, unique in the service's migrator.
    pub name: &'static str,
    /// The `(table, column)` pairs to switch.
    pub columns: &'static [(&'static str, &'static str)],
}

impl sea_orm_migration::MigrationName for Lz4Compression {
    fn name(&self) -> &str {
        self.name
    }
}

#[async_trait::async_trait]
impl sea_orm_migration::MigrationTrait for Lz4Compression {
    async fn up(&self, manager: &sea_orm_migration::SchemaManager) -> Result<(), DbErr> {
        set_compression(manager, self.columns, "lz4").await
    }

    async fn down(&self, manager: &sea_orm_migration::SchemaManager) -> Result<(), DbErr> {
        set_compression(manager, self.columns, "pglz").await
    }
}

/// Set the compression `method` of `columns` in one block (PostgreSQL only); where the
/// server refuses it, keep what is there and say so in a notice.
async fn set_compression(
    manager: &sea_orm_migration::SchemaManager<'_>,
    columns: &[(&str, &str)],
    method: &str,
) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let alters: String = columns
        .iter()
        .map(|(table, column)| {
            format!("ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" SET COMPRESSION {method};\n")
        })
        .collect();
    let statement = format!(
        "DO $$\nBEGIN\n{alters}EXCEPTION WHEN OTHERS THEN\n  RAISE NOTICE '{method} column compression unavailable, column compression unchanged: %', SQLERRM;\nEND $$;"
    );
    manager.get_connection().execute_unprepared(&statement).await?;
    Ok(())
}

/// Make the rest of `txn` prefer index scans (PostgreSQL: `SET LOCAL enable_seqscan = off`).
///
/// A consumer batch looks its keys up with `key IN (…)` on primary or unique keys. On a
/// young, narrow table the planner prices a sequential scan below sixteen index probes,
/// then pays for comparing every row against every key: under `just bench` those scans were
/// a tenth of the machine's CPU (perf: `ExecEvalScalarArrayOp`, `texteq`). Scoped to the
/// transaction; a query with no usable index still scans.
pub async fn prefer_index_scans(txn: &sea_orm::DatabaseTransaction) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off").await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_postgres_goes_without_tls_unless_told_otherwise() {
        assert_eq!(
            plain_on_loopback("postgres://postgres@127.0.0.1:5432/db"),
            "postgres://postgres@127.0.0.1:5432/db?sslmode=disable"
        );
        assert_eq!(
            plain_on_loopback("postgresql://u:p@localhost/db?application_name=x"),
            "postgresql://u:p@localhost/db?application_name=x&sslmode=disable"
        );
        assert_eq!(plain_on_loopback("postgres://[::1]:5432/db"), "postgres://[::1]:5432/db?sslmode=disable");
        for kept in [
            "postgres://u@127.0.0.1/db?sslmode=require",
            "postgres://u@db.internal:5432/db",
            "postgres://u@10.0.0.7/db",
            "sqlite://./x.db?mode=rwc",
        ] {
            assert_eq!(plain_on_loopback(kept), kept);
        }
    }

    #[test]
    fn sqlite_path_is_taken_from_the_url() {
        assert_eq!(sqlite_file_path("sqlite:///tmp/a/b.db?mode=rwc"), Some("/tmp/a/b.db".into()));
        assert_eq!(sqlite_file_path("sqlite://.data/i.db"), Some(".data/i.db".into()));
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
    }
}
