//! A database owned by one test: a SQLite file in a temp dir, or a fresh PostgreSQL
//! database (created on the server at `$TEST_POSTGRES_URL`, dropped when the test ends).

use sea_orm::{ConnectionTrait as _, Database};

/// Which database engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file (the default deployment).
    Sqlite,
    /// PostgreSQL (production).
    Postgres,
}

/// The admin connection used to create and drop test databases.
fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A test database; dropped with the value.
pub struct TestDb {
    /// URL to give the service as `DATABASE_URL`.
    pub url: String,
    /// Holds the SQLite file's directory alive.
    _dir: Option<tempfile::TempDir>,
    /// Name of the PostgreSQL database to drop.
    postgres_name: Option<String>,
}

impl TestDb {
    /// A new empty database of `backend`.
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("temp dir: {error}"));
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                Self { url, _dir: Some(dir), postgres_name: None }
            }
            Backend::Postgres => {
                let name = format!("newsroom_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(postgres_admin_url()).await.unwrap_or_else(|error| {
                    panic!("postgres at {} unreachable: {error}", postgres_admin_url())
                });
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap_or_else(|error| panic!("create test database: {error}"));
                let _ = admin.close().await;
                let base = postgres_admin_url();
                let server = base.rsplit_once('/').map_or(base.as_str(), |(server, _)| server);
                Self { url: format!("{server}/{name}"), _dir: None, postgres_name: Some(name) }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.postgres_name.take() else {
            return;
        };
        // Drop runs outside async context guarantees: use a private runtime on a thread.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(admin) = Database::connect(postgres_admin_url()).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}
