//! Test harness: a fresh PostgreSQL database for each test.
//!
//! [`fresh_db`] creates a new database `assent_test_<unix seconds>_<random>` with the
//! migrations applied, on the first of:
//!
//! 1. the server of `DATABASE_URL`, if set;
//! 2. a local server (sockets in `/var/run/postgresql`, `/tmp`, then 127.0.0.1:5432, as in
//!    `assent::store::db::find_local_server`) where the role may create databases;
//! 3. a throwaway cluster, one per test binary, in cargo's `CARGO_TARGET_TMPDIR`:
//!    `initdb -A trust -N`, then `postgres` with `fsync=off` on a free port on 127.0.0.1, run
//!    (as `postgres` when the tests run as root) through `setpriv … --pdeathsig INT` from a thread
//!    that lives as long as the test process, so the server shuts down when the tests end.
//!
//! `ASSENT_TEST_SERVER=throwaway` skips step 2 (to exercise step 3 on a machine with a local
//! server). If no server can be found or started, `fresh_db` panics with the reasons: database
//! tests never skip.
//!
//! Clean-up: on servers that outlive the tests (steps 1 and 2), a test's database is dropped
//! (`DROP DATABASE … WITH (FORCE)`) when its [`TestDb`] is dropped, except after a failure, when
//! it is kept for inspection and its name printed. The first `fresh_db` of each test binary
//! also drops `assent_test_*` databases older than an hour (left by failed or killed runs).
//! Throwaway clusters are not cleaned database by database: the folders of clusters whose test
//! process is gone are removed when the next one starts.
//!
//! Tests in one binary run in parallel, each on its own Tokio runtime: the shared state is only
//! the server's address (a `OnceCell`), never a pool or a connection.

#![allow(dead_code)]

pub mod world;

use std::{
    fs,
    path::{Path, PathBuf},
    process::Stdio,
    sync::{Arc, Mutex},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use assent::store::db::{self, Server};
use sqlx::{Connection, PgPool};
use tokio::sync::OnceCell;

/// Set to `throwaway` to skip the local server.
pub const SERVER_CHOICE_VAR: &str = "ASSENT_TEST_SERVER";
/// The prefix of test database names.
pub const TEST_DB_PREFIX: &str = "assent_test_";
/// Test databases older than this are dropped at the start of a test binary.
const STALE_AFTER: Duration = Duration::from_secs(3600);
/// The prefix of throwaway cluster folders in `CARGO_TARGET_TMPDIR`.
const CLUSTER_DIR_PREFIX: &str = "assent-pg-";

/// A database of one's own for one test.
pub struct TestDb {
    pub pool: PgPool,
    pub url: String,
    name: String,
    server: &'static TestServer,
}

impl TestDb {
    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server that holds it.
    pub fn server(&self) -> &'static Server {
        &self.server.server
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if !self.server.drop_databases {
            return;
        }
        if std::thread::panicking() {
            eprintln!(
                "test failed: keeping database {} for inspection ({})",
                self.name,
                db::redact_url(&self.url)
            );
            return;
        }
        // The test's runtime may be shutting down: drop from a thread with a runtime of its own.
        let server = self.server.server.clone();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime
                .block_on(server.drop_database(&name))
                .map_err(|e| e.to_string())
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("could not drop test database {}: {e}", self.name),
            Err(_) => eprintln!(
                "could not drop test database {}: the thread panicked",
                self.name
            ),
        }
    }
}

struct TestServer {
    server: Server,
    /// Drop each test's database at the end (not needed on a throwaway cluster).
    drop_databases: bool,
}

static SERVER: OnceCell<TestServer> = OnceCell::const_new();

async fn test_server() -> &'static TestServer {
    SERVER
        .get_or_init(|| async {
            match choose_server().await {
                Ok(server) => server,
                Err(reason) => panic!("no PostgreSQL server for the tests:\n{reason}"),
            }
        })
        .await
}

/// A new database with the migrations applied. Panics with the reason when that is impossible.
pub async fn fresh_db() -> TestDb {
    let test_server = test_server().await;
    let server = &test_server.server;
    let name = new_database_name();
    server
        .create_database(&name)
        .await
        .unwrap_or_else(|e| panic!("creating test database {name}: {e}"));
    let pool = server
        .open_pool(&name, false)
        .await
        .unwrap_or_else(|e| panic!("opening test database {name}: {e}"));
    let url = server.url_for(&name);
    let db = TestDb {
        pool,
        url,
        name,
        server: test_server,
    };
    db::migrate(&db.pool, &db.name)
        .await
        .unwrap_or_else(|e| panic!("migrating test database {}: {e}", db.name));
    db
}

/// A name for a test database that nobody uses yet: `assent_test_<unix seconds>_<random>`.
pub fn new_database_name() -> String {
    format!(
        "{TEST_DB_PREFIX}{}_{:08x}",
        unix_now().as_secs(),
        rand::random::<u32>()
    )
}

fn unix_now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

async fn choose_server() -> Result<TestServer, String> {
    if let Some(url) = db::database_url_from_env() {
        let server = Server::from_url("DATABASE_URL", &url).map_err(|e| e.to_string())?;
        check_can_create_databases(&server)
            .await
            .map_err(|e| format!("DATABASE_URL is set, but {e}"))?;
        drop_stale_databases(&server).await;
        return Ok(TestServer {
            server,
            drop_databases: true,
        });
    }

    let local_problem = if std::env::var(SERVER_CHOICE_VAR).as_deref() == Ok("throwaway") {
        format!("{SERVER_CHOICE_VAR}=throwaway: local servers not tried")
    } else {
        match db::find_local_server("postgres").await {
            Ok(server) => match check_can_create_databases(&server).await {
                Ok(()) => {
                    drop_stale_databases(&server).await;
                    return Ok(TestServer {
                        server,
                        drop_databases: true,
                    });
                }
                Err(e) => format!("local server {}: {e}", server.describe()),
            },
            Err(e) => e.to_string(),
        }
    };

    start_throwaway_cluster()
        .await
        .map(|server| TestServer {
            server,
            drop_databases: false,
        })
        .map_err(|e| {
            format!(
                "DATABASE_URL is not set;\n{local_problem}\nand no throwaway cluster could be \
                 started: {e}\n\n{}",
                db::HOW_TO_PROVIDE_POSTGRES
            )
        })
}

async fn check_can_create_databases(server: &Server) -> Result<(), String> {
    let mut conn = server
        .maintenance_connection()
        .await
        .map_err(|e| e.to_string())?;
    let allowed: Option<bool> = sqlx::query_scalar(
        "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user",
    )
    .fetch_optional(&mut conn)
    .await
    .map_err(|e| e.to_string())?;
    let _ = conn.close().await;
    if allowed == Some(true) {
        Ok(())
    } else {
        Err("its role may not create databases (CREATEDB)".into())
    }
}

/// Drops `assent_test_<seconds>_*` databases older than [`STALE_AFTER`]. Best effort.
async fn drop_stale_databases(server: &Server) {
    let Ok(mut conn) = server.maintenance_connection().await else {
        return;
    };
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE starts_with(datname, 'assent_test_')",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap_or_default();
    let _ = conn.close().await;
    let now = unix_now().as_secs();
    for name in names {
        let created = name
            .strip_prefix(TEST_DB_PREFIX)
            .and_then(|rest| rest.split('_').next())
            .and_then(|secs| secs.parse::<u64>().ok());
        if created.is_some_and(|t| now.saturating_sub(t) > STALE_AFTER.as_secs())
            && let Err(e) = server.drop_database(&name).await
        {
            eprintln!("could not drop stale test database {name}: {e}");
        }
    }
}

/// Starts this test binary's throwaway cluster and waits until it accepts connections.
async fn start_throwaway_cluster() -> Result<Server, String> {
    let programs = db::PgPrograms::find().map_err(|e| e.to_string())?;
    let run_as = db::RunAs::detect().map_err(|e| e.to_string())?;

    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    remove_abandoned_clusters(&tmp);
    let dir = tmp.join(format!(
        "{CLUSTER_DIR_PREFIX}{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    run_as.chown(&dir).map_err(|e| e.to_string())?;
    run_as.ensure_writable(&dir).map_err(|e| e.to_string())?;
    let data = dir.join("data");
    db::init_cluster(&programs, &run_as, &data)
        .await
        .map_err(|e| e.to_string())?;

    let port = db::free_port().map_err(|e| e.to_string())?;
    let log_path = dir.join("postgresql.log");
    let log =
        fs::File::create(&log_path).map_err(|e| format!("creating {}: {e}", log_path.display()))?;
    let log_err = log.try_clone().map_err(|e| e.to_string())?;
    let mut cmd = run_as.command(&programs.postgres(), Some("INT"));
    cmd.arg("-D")
        .arg(&data)
        .args(["-p", &port.to_string()])
        .args(["-c", "listen_addresses=127.0.0.1"])
        .args(["-c", "unix_socket_directories="])
        .args(["-c", "fsync=off"])
        .args(["-c", "synchronous_commit=off"])
        .args(["-c", "full_page_writes=off"])
        .args(["-c", "max_connections=200"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err);

    // The parent-death signal goes out when the spawning *thread* ends: spawn from a thread that
    // waits for the server, i.e. lives as long as the test process.
    let exited: Arc<Mutex<Option<String>>> = Arc::default();
    let exited_in_thread = exited.clone();
    let (spawned_tx, spawned_rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("test-postgres".into())
        .spawn(move || match cmd.spawn() {
            Err(e) => {
                let _ = spawned_tx.send(Err(format!("could not run {cmd:?}: {e}")));
            }
            Ok(mut child) => {
                let _ = spawned_tx.send(Ok(()));
                let status = child.wait();
                *exited_in_thread.lock().unwrap() = Some(format!("{status:?}"));
            }
        })
        .map_err(|e| format!("could not start a thread: {e}"))?;
    spawned_rx
        .recv()
        .map_err(|_| "the server thread ended".to_string())??;

    let server = Server::private(port, db::CLUSTER_SUPERUSER);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match server.probe("postgres").await {
            Ok(conn) => {
                let _ = conn.close().await;
                return Ok(server);
            }
            Err(e) => {
                let status = exited.lock().unwrap().clone();
                if status.is_some() || Instant::now() > deadline {
                    return Err(format!(
                        "postgres in {} {} ({e}); its log:\n{}",
                        data.display(),
                        match status {
                            Some(s) => format!("exited with {s}"),
                            None => "did not accept connections within 60 s".into(),
                        },
                        fs::read_to_string(&log_path).unwrap_or_default()
                    ));
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Removes throwaway cluster folders (`assent-pg-<pid>-<random>`) whose test process is gone.
fn remove_abandoned_clusters(tmp: &Path) {
    // Only where /proc tells which processes live.
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(CLUSTER_DIR_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if !process_alive(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process runs (a zombie does not count). Linux.
pub fn process_alive(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // "pid (comm) S ..." — comm may contain spaces and parentheses: take what follows the last ')'.
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next());
    !matches!(state, Some("Z" | "X") | None)
}
