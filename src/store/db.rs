//! Finding or starting PostgreSQL, creating assent's database and applying migrations.
//!
//! [`connect`] looks for a server in this order (PRODUCT.md §8):
//!
//! 1. `DATABASE_URL`, if set: that server. If the URL names a database, that one is used (the
//!    name given to [`connect`] is ignored); otherwise the given name on that server. A missing
//!    database is created (from the same server's `postgres` database, or the user's own).
//! 2. A local server: the Unix sockets in `/var/run/postgresql` and `/tmp`, then `127.0.0.1`,
//!    on `$PGPORT` or 5432, as the current OS user (`$PGUSER` if set), and also as `postgres`
//!    when assent runs as root and the current user has no role. The database is created when
//!    missing.
//! 3. A private server of assent's own, if PostgreSQL's programs are installed: see
//!    [`start_private_server`] and the [`cluster`] module. Its folder is
//!    [`default_data_dir`]. **It runs only as long as the [`Database`] (and its clones) lives:
//!    dropping the last clone stops it** (`pg_ctl stop -m fast`), so `assent serve` and
//!    `assent demo` leave nothing running behind them. The data stays in the folder.
//! 4. Otherwise [`DbError::NoServer`], which explains the three ways.
//!
//! Then the embedded migrations (`migrations/`) are applied ([`MIGRATOR`]).
//!
//! Pools use an acquire timeout of 5 s and at most 10 connections
//! (`ASSENT_DB_MAX_CONNECTIONS` changes that).
//!
//! Passwords are never logged: see [`redact_url`].

use std::{path::Path, str::FromStr, sync::Arc, time::Duration};

use sqlx::{
    Connection, Executor, PgPool,
    migrate::Migrator,
    postgres::{PgConnectOptions, PgConnection, PgPoolOptions},
};
use url::Url;

pub mod cluster;
mod error;

pub use cluster::{
    CLUSTER_SUPERUSER, PG_LIB_DIR, POSTGRES_USER, PgPrograms, PostmasterPid, PrivateServer, RunAs,
    data_dir_from, default_data_dir, effective_uid, find_on_path, free_port, init_cluster,
    lookup_user, parse_postmaster_pid, pick_highest_version, run_command, server_conf,
    socket_dir_fits, start_private_server, start_private_server_with,
};
pub use error::{DbError, HOW_TO_PROVIDE_POSTGRES};

/// assent's migrations, embedded at build time from `migrations/`.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// How long a pool waits for a free connection.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
/// The pool size unless `ASSENT_DB_MAX_CONNECTIONS` says otherwise.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 10;
/// The environment variable that sets the pool size.
pub const MAX_CONNECTIONS_VAR: &str = "ASSENT_DB_MAX_CONNECTIONS";
/// The Unix socket folders where local servers are looked for, in order.
pub const LOCAL_SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];
/// How long one attempt to reach a server may take.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLSTATE `invalid_catalog_name`: the database does not exist.
const DATABASE_MISSING: &str = "3D000";

/// assent's database: a pool, the URL it was opened with, and (for a private server) the guard
/// that keeps the server running.
///
/// Cloning is cheap; a private server stops when the last clone is dropped (after the pool, which
/// is dropped first). Prefer [`Database::close`] at the end, which closes the pool before that.
#[derive(Clone)]
pub struct Database {
    pub pool: PgPool,
    /// The URL of the database. It may contain a password: print [`Database::redacted_url`].
    pub url: String,
    server: Server,
    private: Option<Arc<PrivateServer>>,
}

impl Database {
    /// The server that holds the database.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// The private server, when assent started (or adopted) one.
    pub fn private_server(&self) -> Option<&PrivateServer> {
        self.private.as_deref()
    }

    /// [`Database::url`] with any password masked.
    pub fn redacted_url(&self) -> String {
        redact_url(&self.url)
    }

    /// Closes the pool, then (if this was the last clone) stops the private server.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("url", &self.redacted_url())
            .field("private_server", &self.private.as_ref().map(|s| s.dir()))
            .finish_non_exhaustive()
    }
}

/// Where a [`Server`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerOrigin {
    /// `DATABASE_URL` (or another URL given by the user).
    Url,
    /// A local server found on a socket or 127.0.0.1.
    Local,
    /// assent's private server.
    Private,
}

/// A PostgreSQL server and how to log in, described by a URL whose database part is replaced
/// for each use.
#[derive(Clone, Debug)]
pub struct Server {
    url: Url,
    origin: ServerOrigin,
}

impl Server {
    /// A server given by URL (`postgres://` or `postgresql://`); `what` names its source for
    /// errors (e.g. `"DATABASE_URL"`).
    pub fn from_url(what: &str, url: &str) -> Result<Self, DbError> {
        let invalid = |reason: String| DbError::InvalidUrl {
            what: what.to_owned(),
            url: redact_url(url),
            reason,
        };
        let parsed = Url::parse(url.trim()).map_err(|e| invalid(e.to_string()))?;
        if !matches!(parsed.scheme(), "postgres" | "postgresql") {
            return Err(invalid(format!(
                "the scheme is {:?}, not postgres:// or postgresql://",
                parsed.scheme()
            )));
        }
        PgConnectOptions::from_str(parsed.as_str()).map_err(|e| invalid(e.to_string()))?;
        Ok(Server {
            url: parsed,
            origin: ServerOrigin::Url,
        })
    }

    /// A local server over TCP.
    pub fn tcp(host: &str, port: u16, user: &str) -> Self {
        Self::build(host, port, user, ServerOrigin::Local)
    }

    /// A local server through the Unix socket in `dir`.
    pub fn socket(dir: &Path, port: u16, user: &str) -> Self {
        let host = encode_component(&dir.to_string_lossy());
        Self::build(&host, port, user, ServerOrigin::Local)
    }

    /// assent's private server on 127.0.0.1.
    pub fn private(port: u16, user: &str) -> Self {
        Self::build("127.0.0.1", port, user, ServerOrigin::Private)
    }

    fn build(host: &str, port: u16, user: &str, origin: ServerOrigin) -> Self {
        let text = format!("postgres://{}@{host}:{port}", encode_component(user));
        let url = Url::parse(&text).unwrap_or_else(|e| panic!("BUG: built bad URL {text}: {e}"));
        Server { url, origin }
    }

    /// Where the server came from.
    pub fn origin(&self) -> ServerOrigin {
        self.origin
    }

    /// The database the URL names (path or `dbname` parameter), if any.
    pub fn database_in_url(&self) -> Option<String> {
        let named = !self.url.path().trim_start_matches('/').is_empty()
            || self.url.query_pairs().any(|(k, _)| k == "dbname");
        if !named {
            return None;
        }
        PgConnectOptions::from_str(self.url.as_str())
            .ok()?
            .get_database()
            .map(str::to_owned)
    }

    /// The URL of `database` on this server.
    pub fn url_for(&self, database: &str) -> String {
        with_database(&self.url, database).to_string()
    }

    /// The URL of the server itself, password masked, for messages.
    pub fn describe(&self) -> String {
        redact_url(self.url.as_str())
    }

    /// The connection options for `database` on this server.
    pub fn options_for(&self, database: &str) -> Result<PgConnectOptions, DbError> {
        let url = self.url_for(database);
        PgConnectOptions::from_str(&url).map_err(|e| DbError::InvalidUrl {
            what: "the server URL".into(),
            url: redact_url(&url),
            reason: e.to_string(),
        })
    }

    /// One connection to `database`, without retries, within [`PROBE_TIMEOUT`].
    pub async fn probe(&self, database: &str) -> Result<PgConnection, DbError> {
        let options = self.options_for(database)?;
        let fail = |cause| DbError::Connect {
            server: redact_url(&self.url_for(database)),
            cause,
        };
        match tokio::time::timeout(PROBE_TIMEOUT, PgConnection::connect_with(&options)).await {
            Ok(result) => result.map_err(fail),
            Err(_) => Err(fail(sqlx::Error::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("no answer within {} s", PROBE_TIMEOUT.as_secs()),
            )))),
        }
    }

    /// A connection for administration (`CREATE DATABASE`): to the `postgres` database, else the
    /// database named in the URL, the user's own, or `template1`.
    pub async fn maintenance_connection(&self) -> Result<PgConnection, DbError> {
        let mut candidates = vec!["postgres".to_owned()];
        candidates.extend(self.database_in_url());
        if let Ok(options) = self.options_for("postgres") {
            candidates.push(options.get_username().to_owned());
        }
        candidates.push("template1".to_owned());
        let mut seen = std::collections::HashSet::new();
        candidates.retain(|c| seen.insert(c.clone()));

        let mut missing = None;
        for database in candidates {
            match self.probe(&database).await {
                Ok(conn) => return Ok(conn),
                // try the next database
                Err(e) if e.sqlstate().as_deref() == Some(DATABASE_MISSING) => {
                    missing.get_or_insert(e);
                }
                // a refused login or an unreachable server: other databases won't do better
                Err(e) => return Err(e),
            }
        }
        Err(missing.expect("at least one candidate"))
    }

    /// Creates `database` unless it exists; `true` if this call created it. Safe against
    /// concurrent creation.
    pub async fn create_database(&self, database: &str) -> Result<bool, DbError> {
        let mut conn = self.maintenance_connection().await?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                .bind(database)
                .fetch_one(&mut conn)
                .await
                .map_err(|cause| DbError::Query {
                    context: "looking up the database".into(),
                    server: self.describe(),
                    cause,
                })?;
        let result = if exists {
            Ok(false)
        } else {
            let sql = format!("CREATE DATABASE {}", quote_ident(database));
            match conn.execute(sql.as_str()).await {
                Ok(_) => {
                    tracing::info!(server = %self.describe(), database, "created the database");
                    Ok(true)
                }
                // duplicate_database, or the unique index when two creations race
                Err(e) if matches!(error::sqlstate(&e).as_deref(), Some("42P04" | "23505")) => {
                    Ok(false)
                }
                Err(cause) => Err(DbError::CreateDatabase {
                    database: database.to_owned(),
                    server: self.describe(),
                    cause,
                }),
            }
        };
        let _ = conn.close().await;
        result
    }

    /// Drops `database` if it exists, disconnecting its sessions (`WITH (FORCE)`,
    /// PostgreSQL 13+).
    pub async fn drop_database(&self, database: &str) -> Result<(), DbError> {
        let mut conn = self.maintenance_connection().await?;
        let sql = format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(database)
        );
        let result = conn.execute(sql.as_str()).await;
        let _ = conn.close().await;
        result.map(drop).map_err(|cause| DbError::Query {
            context: format!("dropping database {database:?}"),
            server: self.describe(),
            cause,
        })
    }

    /// A pool on `database` ([`pool_options`]); with `create`, the database is created if it is
    /// missing. No migrations: see [`migrate`].
    pub async fn open_pool(&self, database: &str, create: bool) -> Result<PgPool, DbError> {
        let options = self.options_for(database)?;
        let fail = |cause| DbError::Connect {
            server: redact_url(&self.url_for(database)),
            cause,
        };
        match pool_options().connect_with(options.clone()).await {
            Ok(pool) => Ok(pool),
            Err(e) if create && error::sqlstate(&e).as_deref() == Some(DATABASE_MISSING) => {
                self.create_database(database).await?;
                pool_options().connect_with(options).await.map_err(fail)
            }
            Err(e) => Err(fail(e)),
        }
    }
}

/// Pool settings: [`ACQUIRE_TIMEOUT`], and [`DEFAULT_MAX_CONNECTIONS`] unless
/// `ASSENT_DB_MAX_CONNECTIONS` holds a positive number.
pub fn pool_options() -> PgPoolOptions {
    let max = match std::env::var(MAX_CONNECTIONS_VAR) {
        Ok(value) => parse_max_connections(&value).unwrap_or_else(|| {
            tracing::warn!(
                value,
                "{MAX_CONNECTIONS_VAR} is not a positive number; using {DEFAULT_MAX_CONNECTIONS}"
            );
            DEFAULT_MAX_CONNECTIONS
        }),
        Err(_) => DEFAULT_MAX_CONNECTIONS,
    };
    PgPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(ACQUIRE_TIMEOUT)
}

fn parse_max_connections(value: &str) -> Option<u32> {
    value.trim().parse().ok().filter(|n| *n > 0)
}

/// Applies [`MIGRATOR`]; `server` names the database in errors.
pub async fn migrate(pool: &PgPool, server: &str) -> Result<(), DbError> {
    MIGRATOR.run(pool).await.map_err(|cause| DbError::Migrate {
        server: server.to_owned(),
        cause,
    })
}

/// `DATABASE_URL`, when set and not blank.
pub fn database_url_from_env() -> Option<String> {
    std::env::var("DATABASE_URL")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

/// The first local server that accepts a connection to `database` (or says it does not exist,
/// which proves the login works). See the [module documentation](self), step 2.
pub async fn find_local_server(database: &str) -> Result<Server, DbError> {
    let port = std::env::var("PGPORT")
        .ok()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(5432u16);
    let current = PgConnectOptions::new_without_pgpass()
        .get_username()
        .to_owned();
    let mut users = vec![current.clone()];
    if effective_uid() == Some(0) && current != POSTGRES_USER {
        users.push(POSTGRES_USER.to_owned());
    }

    let mut tried = Vec::new();
    let mut hosts = Vec::new();
    for dir in LOCAL_SOCKET_DIRS {
        let socket = Path::new(dir).join(format!(".s.PGSQL.{port}"));
        if socket.exists() {
            hosts.push(Some(dir));
        } else {
            tried.push(format!("  {}: no socket", socket.display()));
        }
    }
    hosts.push(None);

    for host in hosts {
        for user in &users {
            let server = match host {
                Some(dir) => Server::socket(Path::new(dir), port, user),
                None => Server::tcp("127.0.0.1", port, user),
            };
            match server.probe(database).await {
                Ok(conn) => {
                    let _ = conn.close().await;
                    return Ok(server);
                }
                Err(e) if e.sqlstate().as_deref() == Some(DATABASE_MISSING) => return Ok(server),
                Err(e) => {
                    let unreachable = matches!(&e, DbError::Connect { cause, .. }
                        if matches!(cause, sqlx::Error::Io(_)));
                    tried.push(format!("  {e}"));
                    if unreachable {
                        break; // nobody listens there: other users won't do better
                    }
                }
            }
        }
    }
    Err(DbError::NoLocalServer {
        tried: tried.join("\n"),
    })
}

/// Finds or starts PostgreSQL, opens `database_name` (creating it if missing) and applies the
/// migrations. See the [module documentation](self) for the order and what happens to a
/// private server.
pub async fn connect(database_name: &str) -> Result<Database, DbError> {
    let mut private = None;
    let (server, database, url) = if let Some(env_url) = database_url_from_env() {
        let server = Server::from_url("DATABASE_URL", &env_url)?;
        match server.database_in_url() {
            Some(database) => (server, database, env_url),
            None => {
                let url = server.url_for(database_name);
                (server, database_name.to_owned(), url)
            }
        }
    } else {
        let server = match find_local_server(database_name).await {
            Ok(server) => server,
            Err(local) => {
                tracing::info!("no local PostgreSQL server; starting a private one");
                let started = async { start_private_server(&default_data_dir()?).await }.await;
                match started {
                    Ok(started) => {
                        let server = started.server();
                        private = Some(Arc::new(started));
                        server
                    }
                    Err(e) => {
                        return Err(DbError::NoServer {
                            local: Box::new(local),
                            private: Box::new(e),
                        });
                    }
                }
            }
        };
        let url = server.url_for(database_name);
        (server, database_name.to_owned(), url)
    };

    let source = match server.origin() {
        ServerOrigin::Url => "DATABASE_URL",
        ServerOrigin::Local => "a local server",
        ServerOrigin::Private => "assent's private server",
    };
    tracing::info!(url = %redact_url(&url), "using PostgreSQL from {source}");

    let pool = server.open_pool(&database, true).await?;
    migrate(&pool, &redact_url(&url)).await?;
    tracing::info!(database, "database ready; migrations applied");
    Ok(Database {
        pool,
        url,
        server,
        private,
    })
}

/// `url` with its database replaced by `database` (path set, any `dbname` parameter removed).
pub fn with_database(url: &Url, database: &str) -> Url {
    let mut url = url.clone();
    url.set_path(&format!("/{}", encode_component(database)));
    if url.query_pairs().any(|(k, _)| k == "dbname") {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| k != "dbname")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if pairs.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
    }
    url
}

/// The URL with its password (user part or `password` parameter) masked as `****`. Text that
/// is not a URL is replaced by a placeholder, since it could be anything.
pub fn redact_url(url: &str) -> String {
    let Ok(mut parsed) = Url::parse(url.trim()) else {
        return "(unparsable URL)".to_owned();
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("****"));
    }
    if parsed.query_pairs().any(|(k, _)| k == "password") {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "password" {
                    "****".to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
}

/// An SQL identifier in double quotes.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Percent-encodes everything but `A-Z a-z 0-9 - . _ ~`.
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database() {
        let server = Server::from_url(
            "test",
            "postgres://u:p%40ss@db.example:6543/app?sslmode=require",
        )
        .unwrap();
        assert_eq!(server.database_in_url().as_deref(), Some("app"));
        assert_eq!(
            server.url_for("assent_test_1"),
            "postgres://u:p%40ss@db.example:6543/assent_test_1?sslmode=require"
        );
        let options = server.options_for("odd name/ü").unwrap();
        assert_eq!(options.get_database(), Some("odd name/ü"));
        assert_eq!(options.get_host(), "db.example");
        assert_eq!(options.get_port(), 6543);
        assert_eq!(options.get_username(), "u");
    }

    #[test]
    fn dbname_parameter_counts_and_is_replaced() {
        let server = Server::from_url(
            "test",
            "postgresql://u@localhost/?dbname=app&sslmode=disable",
        )
        .unwrap();
        assert_eq!(server.database_in_url().as_deref(), Some("app"));
        let url = server.url_for("other");
        assert_eq!(url, "postgresql://u@localhost/other?sslmode=disable");
        assert_eq!(
            server.options_for("other").unwrap().get_database(),
            Some("other")
        );
        let bare = Server::from_url("test", "postgres://u@localhost:5432").unwrap();
        assert_eq!(bare.database_in_url(), None);
        assert_eq!(bare.url_for("assent"), "postgres://u@localhost:5432/assent");
    }

    #[test]
    fn socket_urls_round_trip() {
        let server = Server::socket(Path::new("/var/run/postgresql"), 5432, "root");
        let url = server.url_for("assent");
        assert_eq!(url, "postgres://root@%2Fvar%2Frun%2Fpostgresql:5432/assent");
        let options = server.options_for("assent").unwrap();
        assert_eq!(
            options.get_socket().map(|p| p.as_path()),
            Some(Path::new("/var/run/postgresql"))
        );
        assert_eq!(options.get_username(), "root");
        assert_eq!(options.get_database(), Some("assent"));
        assert_eq!(server.origin(), ServerOrigin::Local);
    }

    #[test]
    fn tcp_and_private_urls() {
        assert_eq!(
            Server::tcp("127.0.0.1", 5432, "a b").url_for("x"),
            "postgres://a%20b@127.0.0.1:5432/x"
        );
        let private = Server::private(40000, CLUSTER_SUPERUSER);
        assert_eq!(
            private.url_for("assent"),
            "postgres://assent@127.0.0.1:40000/assent"
        );
        assert_eq!(private.origin(), ServerOrigin::Private);
    }

    #[test]
    fn rejects_bad_urls_without_leaking_passwords() {
        let err = Server::from_url("DATABASE_URL", "mysql://u:secret@host/db").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("DATABASE_URL"), "{text}");
        assert!(!text.contains("secret"), "{text}");
        assert!(Server::from_url("DATABASE_URL", "not a url").is_err());
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:****@h/db"
        );
        assert_eq!(
            redact_url("postgres://u@h/db?password=secret&sslmode=require"),
            "postgres://u@h/db?password=****&sslmode=require"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("secret"), "(unparsable URL)");
    }

    #[test]
    fn quotes_identifiers() {
        assert_eq!(quote_ident("assent"), "\"assent\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn max_connections_setting() {
        assert_eq!(parse_max_connections(" 25 "), Some(25));
        assert_eq!(parse_max_connections("0"), None);
        assert_eq!(parse_max_connections("many"), None);
    }

    #[test]
    fn no_server_error_explains_the_three_ways() {
        let err = DbError::NoServer {
            local: Box::new(DbError::NoLocalServer {
                tried: "  /tmp/.s.PGSQL.5432: no socket".into(),
            }),
            private: Box::new(DbError::ProgramsNotFound {
                searched: "PATH".into(),
            }),
        };
        let text = err.to_string();
        assert!(text.contains("/tmp/.s.PGSQL.5432"), "{text}");
        assert!(text.contains("DATABASE_URL"), "{text}");
        assert!(text.contains("initdb"), "{text}");
        assert!(text.contains("local server"), "{text}");
    }
}
