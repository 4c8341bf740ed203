//! The errors of finding, starting and preparing PostgreSQL.
//!
//! Every message names what was tried (URLs without passwords, folders, programs) and, where the
//! user can do something about it, what to do. The underlying error is part of the message (so a
//! plain `{}` tells the whole story) rather than a `source()`, so that error reporters that walk
//! the source chain do not print it twice.

use std::path::PathBuf;

/// How assent finds PostgreSQL, for messages that have to tell the user what to do.
pub const HOW_TO_PROVIDE_POSTGRES: &str = "\
assent finds PostgreSQL in one of three ways:
  1. set DATABASE_URL, e.g. DATABASE_URL=postgres://user:password@host:5432/assent \
(the database is created if the user may create databases);
  2. run a local server (socket in /var/run/postgresql or /tmp, or 127.0.0.1:5432) where your \
OS user has a role that may create databases (e.g. `sudo -u postgres createuser --createdb $USER`);
  3. install PostgreSQL's programs (initdb, pg_ctl; e.g. `apt install postgresql`) and assent \
starts a private server of its own in $ASSENT_DATA_DIR/pg (default \
$XDG_DATA_HOME/assent/pg or ~/.local/share/assent/pg; /var/lib/assent/pg for root), \
which stops when assent stops.";

/// An error of [`crate::store::db`].
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// `DATABASE_URL` (or another URL) could not be parsed as a PostgreSQL URL.
    #[error("{what} is not a valid PostgreSQL URL ({url}): {reason}")]
    InvalidUrl {
        /// Where the URL came from, e.g. `DATABASE_URL`.
        what: String,
        /// The URL, password removed.
        url: String,
        reason: String,
    },

    /// A connection to a server that was chosen could not be made.
    #[error("could not connect to PostgreSQL at {server}: {cause}")]
    Connect { server: String, cause: sqlx::Error },

    /// A query on the server failed.
    #[error("{context} on {server}: {cause}")]
    Query {
        context: String,
        server: String,
        cause: sqlx::Error,
    },

    /// `CREATE DATABASE` failed.
    #[error(
        "could not create database {database:?} on {server}: {cause} \
         (the role needs the CREATEDB privilege, or create the database yourself)"
    )]
    CreateDatabase {
        database: String,
        server: String,
        cause: sqlx::Error,
    },

    /// Applying the embedded migrations failed.
    #[error("could not apply migrations to {server}: {cause}")]
    Migrate {
        server: String,
        cause: sqlx::migrate::MigrateError,
    },

    /// No local server accepted a connection.
    #[error("no usable local PostgreSQL server; tried:\n{tried}")]
    NoLocalServer {
        /// One line per attempt: where, as whom, and what went wrong.
        tried: String,
    },

    /// `initdb`, `pg_ctl` and `postgres` were not found together.
    #[error(
        "PostgreSQL's programs (initdb, pg_ctl, postgres) were not found; looked in {searched}"
    )]
    ProgramsNotFound { searched: String },

    /// Running as root without a `postgres` user to run the server as.
    #[error(
        "assent runs as root and PostgreSQL refuses to run as root, but there is no `postgres` \
         user to run it as. Set DATABASE_URL to an existing server \
         (e.g. DATABASE_URL=postgres://user:password@localhost:5432/assent), or run assent as a \
         normal user, or create a system user named `postgres`"
    )]
    RootWithoutPostgresUser,

    /// Running as root and `setpriv` (util-linux) is missing.
    #[error(
        "assent runs as root and has to start PostgreSQL as the `postgres` user with `setpriv` \
         (util-linux), which was not found on PATH. Install util-linux, set DATABASE_URL to an \
         existing server, or run assent as a normal user"
    )]
    SetprivMissing,

    /// The user that runs the server cannot use the data folder.
    #[error(
        "the user `{user}` that runs PostgreSQL cannot write to {path} (a parent folder may be \
         closed to it, like /root). Set ASSENT_DATA_DIR to a folder it can reach \
         (e.g. ASSENT_DATA_DIR=/var/lib/assent), or set DATABASE_URL"
    )]
    DataDirNotAccessible { path: PathBuf, user: String },

    /// No folder could be chosen for the private server.
    #[error(
        "no folder for a private PostgreSQL server: HOME, XDG_DATA_HOME and ASSENT_DATA_DIR are \
         unset; set ASSENT_DATA_DIR (or DATABASE_URL)"
    )]
    NoDataDir,

    /// A file-system or process operation failed.
    #[error("{context}: {cause}")]
    Io {
        context: String,
        cause: std::io::Error,
    },

    /// A PostgreSQL program (initdb, pg_ctl, …) exited with an error.
    #[error("`{command}` failed ({status}):\n{output}")]
    Command {
        /// The command line, for the user to re-run.
        command: String,
        status: String,
        /// Its standard error and output, trimmed.
        output: String,
    },

    /// The private server did not start.
    #[error(
        "the PostgreSQL server in {data_dir} did not start: {reason}; last lines of {log}:\n{log_tail}"
    )]
    ServerStart {
        data_dir: PathBuf,
        reason: String,
        log: PathBuf,
        log_tail: String,
    },

    /// Stopping the private server failed.
    #[error("could not stop the PostgreSQL server in {data_dir}: {reason}")]
    ServerStop { data_dir: PathBuf, reason: String },

    /// Nothing worked: no `DATABASE_URL`, no local server, no private server.
    #[error(
        "no PostgreSQL server is available.\n{local}\nprivate server: {private}\n{HOW_TO_PROVIDE_POSTGRES}"
    )]
    NoServer {
        /// Why no local server could be used.
        local: Box<DbError>,
        /// Why no private server could be started.
        private: Box<DbError>,
    },
}

impl DbError {
    pub(crate) fn io(context: impl Into<String>, cause: std::io::Error) -> Self {
        DbError::Io {
            context: context.into(),
            cause,
        }
    }

    /// The SQLSTATE code of the database error behind this error, if there is one.
    pub fn sqlstate(&self) -> Option<String> {
        let cause = match self {
            DbError::Connect { cause, .. }
            | DbError::Query { cause, .. }
            | DbError::CreateDatabase { cause, .. } => cause,
            _ => return None,
        };
        sqlstate(cause)
    }
}

/// The SQLSTATE code of a database error.
pub(crate) fn sqlstate(error: &sqlx::Error) -> Option<String> {
    match error {
        sqlx::Error::Database(e) => e.code().map(|c| c.into_owned()),
        _ => None,
    }
}
