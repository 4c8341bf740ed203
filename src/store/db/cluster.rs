//! Private PostgreSQL clusters: finding PostgreSQL's programs, running them as a user that
//! PostgreSQL accepts, `initdb`, and a private server that stops when assent stops.
//!
//! # The private server
//!
//! [`start_private_server`] keeps everything in one folder of its own:
//!
//! ```text
//! <folder>/data/            the cluster (initdb -A trust -N -U assent -E UTF8), kept between runs
//! <folder>/data/assent.conf port, listen_addresses = '127.0.0.1', socket folder; rewritten at each start
//! <folder>/run/             the Unix socket (when its path fits in a socket address)
//! <folder>/postgresql.log   the server's log
//! ```
//!
//! The server listens on 127.0.0.1 only, on a free port chosen at each start, and trusts every
//! connection (role `assent`, no password; the folder itself is closed to other users). Any
//! local user who finds the port can therefore connect: the private server is meant for one
//! person's machine; on a shared machine, set `DATABASE_URL` instead. It is started with `pg_ctl start -w`
//! and stopped with `pg_ctl stop -m fast` when the [`PrivateServer`] is dropped: it lives exactly as
//! long as the assent process that started it (if that process is killed with SIGKILL, the server
//! keeps running, and the next start in the same folder adopts it — see
//! [`PrivateServer::is_owned`]). The data stays in the folder between runs.
//!
//! PostgreSQL refuses to run as root. When assent runs as root, every PostgreSQL program is run as
//! the `postgres` user with `setpriv --reuid=postgres --regid=postgres --clear-groups`, and the
//! folder is given to that user ([`RunAs`]).

use std::{
    ffi::OsString,
    fs,
    io::{Read, Seek, SeekFrom},
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::Mutex,
};

use super::{DbError, Server};

/// Where Debian and Ubuntu install PostgreSQL's server programs, one folder per major version.
pub const PG_LIB_DIR: &str = "/usr/lib/postgresql";

/// The superuser that [`init_cluster`] creates (`initdb -U assent`).
pub const CLUSTER_SUPERUSER: &str = "assent";

/// The user that runs PostgreSQL when assent runs as root.
pub const POSTGRES_USER: &str = "postgres";

/// The folder that holds PostgreSQL's programs `initdb`, `pg_ctl` and `postgres`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PgPrograms {
    bin_dir: PathBuf,
}

impl PgPrograms {
    /// Finds `initdb`, `pg_ctl` and `postgres` together: first on `PATH` (following symbolic
    /// links, so `/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb` counts), then in
    /// the highest version under `/usr/lib/postgresql/*/bin`.
    pub fn find() -> Result<Self, DbError> {
        if let Some(initdb) = find_on_path("initdb") {
            let mut dirs = Vec::new();
            if let Some(dir) = initdb.parent() {
                dirs.push(dir.to_path_buf());
            }
            if let Some(dir) = fs::canonicalize(&initdb)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf))
            {
                dirs.push(dir);
            }
            if let Some(found) = dirs.into_iter().find_map(Self::in_dir) {
                return Ok(found);
            }
        }
        if let Some(found) = Self::highest_under(Path::new(PG_LIB_DIR)) {
            return Ok(found);
        }
        Err(DbError::ProgramsNotFound {
            searched: format!(
                "PATH ({}) and {PG_LIB_DIR}/*/bin",
                std::env::var("PATH").unwrap_or_default()
            ),
        })
    }

    /// The programs in `bin_dir`, if all three are there.
    pub fn in_dir(bin_dir: impl Into<PathBuf>) -> Option<Self> {
        let bin_dir = bin_dir.into();
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|p| is_executable(&bin_dir.join(p)))
            .then_some(PgPrograms { bin_dir })
    }

    /// The programs of the highest version under `root` (laid out as `root/<version>/bin`).
    pub fn highest_under(root: &Path) -> Option<Self> {
        let mut names: Vec<String> = fs::read_dir(root)
            .ok()?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        // Highest first; skip versions whose folder lacks a program.
        while let Some(best) = pick_highest_version(&names) {
            if let Some(found) = Self::in_dir(root.join(&best).join("bin")) {
                return Some(found);
            }
            names.retain(|n| *n != best);
        }
        None
    }

    /// The folder of the programs.
    pub fn bin_dir(&self) -> &Path {
        &self.bin_dir
    }
    /// `initdb`.
    pub fn initdb(&self) -> PathBuf {
        self.bin_dir.join("initdb")
    }
    /// `pg_ctl`.
    pub fn pg_ctl(&self) -> PathBuf {
        self.bin_dir.join("pg_ctl")
    }
    /// `postgres`.
    pub fn postgres(&self) -> PathBuf {
        self.bin_dir.join("postgres")
    }
}

/// The highest PostgreSQL version among folder names such as `9.6`, `15`, `16`; names that are
/// not versions are ignored.
pub fn pick_highest_version<S: AsRef<str>>(names: &[S]) -> Option<String> {
    names
        .iter()
        .filter_map(|n| Some((parse_version(n.as_ref())?, n.as_ref())))
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, n)| n.to_owned())
}

fn parse_version(name: &str) -> Option<Vec<u32>> {
    name.split('.')
        .map(|part| {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                part.parse().ok()
            }
        })
        .collect()
}

/// Who runs PostgreSQL's programs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunAs {
    /// The user that runs assent (not root).
    CurrentUser,
    /// Another user (`postgres`), through `setpriv`, because assent runs as root.
    User {
        name: String,
        uid: u32,
        gid: u32,
        setpriv: PathBuf,
    },
}

impl RunAs {
    /// [`RunAs::CurrentUser`] unless the effective user is root; as root, the `postgres` user
    /// through `setpriv` ([`DbError::RootWithoutPostgresUser`] or [`DbError::SetprivMissing`]
    /// when that is impossible).
    pub fn detect() -> Result<Self, DbError> {
        if effective_uid() != Some(0) {
            return Ok(RunAs::CurrentUser);
        }
        let (uid, gid) = lookup_user(POSTGRES_USER)
            .filter(|(uid, _)| *uid != 0)
            .ok_or(DbError::RootWithoutPostgresUser)?;
        let setpriv = find_on_path("setpriv").ok_or(DbError::SetprivMissing)?;
        Ok(RunAs::User {
            name: POSTGRES_USER.to_owned(),
            uid,
            gid,
            setpriv,
        })
    }

    /// The name of the user, for messages.
    pub fn user_name(&self) -> String {
        match self {
            RunAs::User { name, .. } => name.clone(),
            RunAs::CurrentUser => std::env::var("USER").unwrap_or_else(|_| "current user".into()),
        }
    }

    /// A command that runs `program` as this user.
    ///
    /// With `parent_death_signal` (e.g. `"INT"`), the program gets that signal when the *thread*
    /// that spawns it ends (`setpriv --pdeathsig`; as the current user only when `setpriv` is
    /// installed). Spawn from a thread that lives as long as the process.
    pub fn command(&self, program: &Path, parent_death_signal: Option<&str>) -> Command {
        match self {
            RunAs::User {
                uid, gid, setpriv, ..
            } => {
                let mut cmd = Command::new(setpriv);
                cmd.arg(format!("--reuid={uid}"))
                    .arg(format!("--regid={gid}"))
                    .arg("--clear-groups");
                if let Some(signal) = parent_death_signal {
                    cmd.arg("--pdeathsig").arg(signal);
                }
                cmd.arg(program);
                cmd
            }
            RunAs::CurrentUser => match (parent_death_signal, find_on_path("setpriv")) {
                (Some(signal), Some(setpriv)) => {
                    let mut cmd = Command::new(setpriv);
                    cmd.arg("--pdeathsig").arg(signal).arg(program);
                    cmd
                }
                _ => Command::new(program),
            },
        }
    }

    /// Gives `path` to this user (nothing to do for the current user).
    pub fn chown(&self, path: &Path) -> Result<(), DbError> {
        if let RunAs::User { uid, gid, .. } = self {
            std::os::unix::fs::chown(path, Some(*uid), Some(*gid))
                .map_err(|e| DbError::io(format!("giving {} to uid {uid}", path.display()), e))?;
        }
        Ok(())
    }

    /// Checks that this user can write into `dir` (every parent folder must let it through).
    pub fn ensure_writable(&self, dir: &Path) -> Result<(), DbError> {
        let RunAs::User { .. } = self else {
            return Ok(());
        };
        let status = self
            .command(Path::new("test"), None)
            .arg("-w")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        match status {
            Ok(s) if !s.success() => Err(DbError::DataDirNotAccessible {
                path: dir.to_path_buf(),
                user: self.user_name(),
            }),
            // `test` could not run: let initdb tell what is wrong.
            _ => Ok(()),
        }
    }
}

/// The effective user id of this process (Linux `/proc`, else `id -u`).
pub fn effective_uid() -> Option<u32> {
    if let Ok(status) = fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("Uid:"))
    {
        // Uid: real effective saved filesystem
        return line.split_whitespace().nth(2)?.parse().ok();
    }
    let out = Command::new("id").arg("-u").output().ok()?;
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

/// The uid and gid of a user, from `getent passwd` (or `/etc/passwd`).
pub fn lookup_user(name: &str) -> Option<(u32, u32)> {
    let entry = Command::new("getent")
        .args(["passwd", name])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .or_else(|| {
            fs::read_to_string("/etc/passwd").ok().and_then(|all| {
                all.lines()
                    .find(|l| l.split(':').next() == Some(name))
                    .map(str::to_owned)
            })
        })?;
    let fields: Vec<&str> = entry.trim().split(':').collect();
    if fields.first() != Some(&name) {
        return None;
    }
    Some((fields.get(2)?.parse().ok()?, fields.get(3)?.parse().ok()?))
}

/// The full path of `program` on `PATH`.
pub fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A TCP port on 127.0.0.1 that is free right now (the OS picks it).
pub fn free_port() -> Result<u16, DbError> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| DbError::io("looking for a free port on 127.0.0.1", e))
}

/// The folder for assent's private server: `$ASSENT_DATA_DIR/pg`, else
/// `$XDG_DATA_HOME/assent/pg`, else (as root) `/var/lib/assent/pg`, else
/// `~/.local/share/assent/pg`.
///
/// Root's home is normally closed to other users, and the server runs as `postgres` there, hence
/// `/var/lib/assent/pg` for root.
pub fn default_data_dir() -> Result<PathBuf, DbError> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    data_dir_from(
        var("ASSENT_DATA_DIR"),
        var("XDG_DATA_HOME"),
        var("HOME"),
        effective_uid() == Some(0),
    )
}

/// [`default_data_dir`] from given values.
pub fn data_dir_from(
    assent_data_dir: Option<OsString>,
    xdg_data_home: Option<OsString>,
    home: Option<OsString>,
    is_root: bool,
) -> Result<PathBuf, DbError> {
    if let Some(dir) = assent_data_dir {
        return Ok(PathBuf::from(dir).join("pg"));
    }
    // The XDG specification says to ignore relative values.
    if let Some(dir) = xdg_data_home.map(PathBuf::from).filter(|p| p.is_absolute()) {
        return Ok(dir.join("assent").join("pg"));
    }
    if is_root {
        return Ok(PathBuf::from("/var/lib/assent/pg"));
    }
    match home {
        Some(home) => Ok(PathBuf::from(home).join(".local/share/assent/pg")),
        None => Err(DbError::NoDataDir),
    }
}

/// Runs a command to completion, capturing its output; an error unless it succeeded.
pub async fn run_command(cmd: Command) -> Result<std::process::Output, DbError> {
    let line = command_line(&cmd);
    let mut cmd = tokio::process::Command::from(cmd);
    cmd.stdin(Stdio::null()).kill_on_drop(true);
    let output = cmd
        .output()
        .await
        .map_err(|e| DbError::io(format!("running `{line}`"), e))?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(command_error(line, &output))
    }
}

fn command_line(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn command_error(command: String, output: &std::process::Output) -> DbError {
    let mut text = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !stdout.trim().is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(stdout.trim());
    }
    DbError::Command {
        command,
        status: output.status.to_string(),
        output: last_lines(&text, 30),
    }
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Creates a cluster in `data_dir` with `initdb -A trust -N -U assent -E UTF8` (locale
/// `C.UTF-8`, or no locale where that one is missing), as `run_as`. Returns `false` without doing
/// anything when `data_dir` already holds a cluster. The parent folder must exist and belong to
/// `run_as`.
pub async fn init_cluster(
    programs: &PgPrograms,
    run_as: &RunAs,
    data_dir: &Path,
) -> Result<bool, DbError> {
    if data_dir.join("PG_VERSION").exists() {
        return Ok(false);
    }
    let cwd = data_dir.parent().unwrap_or(Path::new("/"));
    let mut first_error = None;
    for locale in ["--locale=C.UTF-8", "--no-locale"] {
        let mut cmd = run_as.command(&programs.initdb(), None);
        cmd.arg("-D")
            .arg(data_dir)
            .args([
                "-A",
                "trust",
                "-N",
                "-U",
                CLUSTER_SUPERUSER,
                "-E",
                "UTF8",
                locale,
            ])
            .current_dir(cwd);
        match run_command(cmd).await {
            Ok(_) => return Ok(true),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.expect("initdb was run"))
}

/// The longest socket file path PostgreSQL accepts (`sizeof(sun_path)` is 108 on Linux), with
/// a margin.
const MAX_SOCKET_PATH: usize = 100;

/// Whether a socket in `dir` has a path short enough for a Unix socket address.
pub fn socket_dir_fits(dir: &Path) -> bool {
    dir.join(".s.PGSQL.65535").as_os_str().len() <= MAX_SOCKET_PATH
}

/// The settings that assent writes into the cluster at each start (`assent.conf`).
pub fn server_conf(port: u16, socket_dir: Option<&Path>) -> String {
    let socket = socket_dir
        .map(|d| d.to_string_lossy().replace('\'', "''"))
        .unwrap_or_default();
    format!(
        "# Written by assent at each start of its private server; changes are overwritten.\n\
         port = {port}\n\
         listen_addresses = '127.0.0.1'\n\
         unix_socket_directories = '{socket}'\n"
    )
}

const INCLUDE_LINE: &str = "include_if_exists = 'assent.conf'";

/// What `postmaster.pid` says about a running server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostmasterPid {
    pub pid: u32,
    pub port: u16,
    pub ready: bool,
}

/// Parses a `postmaster.pid` file: pid, data folder, start time, port, socket folder, listen
/// address, shared memory key, status.
pub fn parse_postmaster_pid(text: &str) -> Option<PostmasterPid> {
    let lines: Vec<&str> = text.lines().collect();
    Some(PostmasterPid {
        pid: lines.first()?.trim().parse().ok()?,
        port: lines.get(3)?.trim().parse().ok()?,
        ready: lines.get(7).is_some_and(|s| s.trim() == "ready"),
    })
}

/// A private PostgreSQL server started (or adopted) by [`start_private_server`].
///
/// Dropping it stops the server with `pg_ctl stop -m fast` (if this process started it), which
/// disconnects every client: drop it after the pools that use it, ideally after
/// `pool.close().await`. Dropping blocks the thread until the server is down (well under a
/// second normally).
#[derive(Debug)]
pub struct PrivateServer {
    dir: PathBuf,
    data_dir: PathBuf,
    log_file: PathBuf,
    socket_dir: Option<PathBuf>,
    port: u16,
    programs: PgPrograms,
    run_as: RunAs,
    owned: bool,
    stopped: Mutex<bool>,
}

impl PrivateServer {
    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }
    /// The folder given to [`start_private_server`].
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    /// The cluster's data folder (`<folder>/data`).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }
    /// The server's log (`<folder>/postgresql.log`).
    pub fn log_file(&self) -> &Path {
        &self.log_file
    }
    /// The folder of the Unix socket, unless its path would be too long.
    pub fn socket_dir(&self) -> Option<&Path> {
        self.socket_dir.as_deref()
    }
    /// Whether this process started the server (and so stops it on drop). `false` when the
    /// server was already running in the folder, e.g. left by an assent that was killed.
    pub fn is_owned(&self) -> bool {
        self.owned
    }
    /// The process id of the postmaster, while it runs.
    pub fn pid(&self) -> Option<u32> {
        let text = fs::read_to_string(self.data_dir.join("postmaster.pid")).ok()?;
        parse_postmaster_pid(&text).map(|p| p.pid)
    }
    /// The server, as role `assent` over TCP.
    pub fn server(&self) -> Server {
        Server::private(self.port, CLUSTER_SUPERUSER)
    }
    /// The URL of one of its databases.
    pub fn url(&self, database: &str) -> String {
        self.server().url_for(database)
    }

    /// Stops the server if this process started it and it is still running. Idempotent;
    /// blocks until the server is down.
    pub fn stop(&self) -> Result<(), DbError> {
        let mut stopped = self.stopped.lock().unwrap_or_else(|e| e.into_inner());
        if *stopped || !self.owned {
            return Ok(());
        }
        let mut cmd = self.run_as.command(&self.programs.pg_ctl(), None);
        cmd.arg("stop")
            .arg("-D")
            .arg(&self.data_dir)
            .args(["-m", "fast", "-w", "-t", "60"])
            .current_dir(&self.dir)
            .stdin(Stdio::null());
        let line = command_line(&cmd);
        let output = cmd.output().map_err(|e| DbError::ServerStop {
            data_dir: self.data_dir.clone(),
            reason: format!("could not run `{line}`: {e}"),
        })?;
        *stopped = true;
        if output.status.success() {
            tracing::info!(dir = %self.dir.display(), "stopped the private PostgreSQL server");
            Ok(())
        } else {
            Err(DbError::ServerStop {
                data_dir: self.data_dir.clone(),
                reason: command_error(line, &output).to_string(),
            })
        }
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            tracing::warn!(error = %e, "private PostgreSQL server");
        }
    }
}

/// Starts assent's private server in `dir` (see the [module documentation](self)): finds the
/// programs, decides who runs them, creates the cluster on first use, and starts the server on a
/// free port. If a server already runs in `dir`, it is adopted and left running on drop.
pub async fn start_private_server(dir: &Path) -> Result<PrivateServer, DbError> {
    let programs = PgPrograms::find()?;
    let run_as = RunAs::detect()?;
    start_private_server_with(&programs, &run_as, dir).await
}

/// [`start_private_server`] with given programs and user.
pub async fn start_private_server_with(
    programs: &PgPrograms,
    run_as: &RunAs,
    dir: &Path,
) -> Result<PrivateServer, DbError> {
    let dir = std::path::absolute(dir)
        .map_err(|e| DbError::io(format!("resolving {}", dir.display()), e))?;
    fs::create_dir_all(&dir).map_err(|e| DbError::io(format!("creating {}", dir.display()), e))?;
    // The log may quote participants' data: the folder is for the server's user only.
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| DbError::io(format!("restricting {}", dir.display()), e))?;
    }
    run_as.chown(&dir)?;
    run_as.ensure_writable(&dir)?;

    let data_dir = dir.join("data");
    let log_file = dir.join("postgresql.log");
    let run_dir = dir.join("run");

    if init_cluster(programs, run_as, &data_dir).await? {
        tracing::info!(dir = %data_dir.display(), "created a PostgreSQL cluster for assent");
    }
    ensure_include_line(&data_dir.join("postgresql.conf"))?;

    let mut server = PrivateServer {
        dir: dir.clone(),
        data_dir: data_dir.clone(),
        log_file: log_file.clone(),
        socket_dir: None,
        port: 0,
        programs: programs.clone(),
        run_as: run_as.clone(),
        owned: false,
        stopped: Mutex::new(false),
    };

    if let Some(running) = running_server(programs, run_as, &data_dir).await {
        tracing::info!(
            dir = %dir.display(), port = running.port, pid = running.pid,
            "adopting the private PostgreSQL server already running in its folder \
             (it is left running when assent stops)"
        );
        server.port = running.port;
        server.socket_dir = Some(run_dir).filter(|d| d.is_dir() && socket_dir_fits(d));
        return Ok(server);
    }

    let socket_dir = socket_dir_fits(&run_dir).then_some(run_dir.clone());
    if let Some(run_dir) = &socket_dir {
        fs::create_dir_all(run_dir)
            .map_err(|e| DbError::io(format!("creating {}", run_dir.display()), e))?;
        run_as.chown(run_dir)?;
    }
    server.socket_dir = socket_dir;

    const ATTEMPTS: usize = 3;
    for attempt in 1..=ATTEMPTS {
        let port = free_port()?;
        let conf = data_dir.join("assent.conf");
        fs::write(&conf, server_conf(port, server.socket_dir.as_deref()))
            .map_err(|e| DbError::io(format!("writing {}", conf.display()), e))?;
        run_as.chown(&conf)?;
        let log_start = fs::metadata(&log_file).map(|m| m.len()).unwrap_or(0);

        let mut cmd = run_as.command(&programs.pg_ctl(), None);
        cmd.arg("start")
            .arg("-D")
            .arg(&data_dir)
            .arg("-l")
            .arg(&log_file)
            .args(["-w", "-t", "60"])
            .current_dir(&dir);
        match run_command(cmd).await {
            Ok(_) => {
                server.port = port;
                server.owned = true;
                tracing::info!(
                    dir = %dir.display(), port,
                    "started a private PostgreSQL server (it stops when assent stops)"
                );
                return Ok(server);
            }
            Err(e) => {
                let log_tail = read_tail(&log_file, log_start);
                if attempt < ATTEMPTS && log_tail.contains("already in use") {
                    tracing::debug!(port, "port taken meanwhile; trying another");
                    continue;
                }
                return Err(DbError::ServerStart {
                    data_dir,
                    reason: e.to_string(),
                    log: log_file,
                    log_tail,
                });
            }
        }
    }
    unreachable!("the last attempt returns")
}

/// The server running in `data_dir`, if `pg_ctl status` says one runs and it is ready.
async fn running_server(
    programs: &PgPrograms,
    run_as: &RunAs,
    data_dir: &Path,
) -> Option<PostmasterPid> {
    let mut cmd = run_as.command(&programs.pg_ctl(), None);
    cmd.arg("status").arg("-D").arg(data_dir);
    run_command(cmd).await.ok()?;
    let text = fs::read_to_string(data_dir.join("postmaster.pid")).ok()?;
    parse_postmaster_pid(&text).filter(|p| p.ready)
}

fn ensure_include_line(conf: &Path) -> Result<(), DbError> {
    let text = fs::read_to_string(conf)
        .map_err(|e| DbError::io(format!("reading {}", conf.display()), e))?;
    if text.lines().any(|l| l.trim() == INCLUDE_LINE) {
        return Ok(());
    }
    let mut text = text;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("\n# assent's settings for its private server (port, addresses, socket)\n");
    text.push_str(INCLUDE_LINE);
    text.push('\n');
    fs::write(conf, text).map_err(|e| DbError::io(format!("writing {}", conf.display()), e))
}

/// The last lines of a log written after `from` (bytes).
fn read_tail(log: &Path, from: u64) -> String {
    let mut text = String::new();
    if let Ok(mut file) = fs::File::open(log) {
        let _ = file.seek(SeekFrom::Start(from));
        let mut bytes = Vec::new();
        let _ = file.read_to_end(&mut bytes);
        text = String::from_utf8_lossy(&bytes).into_owned();
    }
    if text.trim().is_empty() {
        "(empty)".into()
    } else {
        last_lines(text.trim_end(), 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_highest_version() {
        assert_eq!(
            pick_highest_version(&["9.6", "15", "10", "13", "notes", "16beta1", ""]),
            Some("15".to_owned())
        );
        assert_eq!(
            pick_highest_version(&["9.6", "9.10"]),
            Some("9.10".to_owned())
        );
        assert_eq!(pick_highest_version::<&str>(&[]), None);
        assert_eq!(pick_highest_version(&["main", "x.1"]), None);
    }

    #[test]
    fn finds_programs_in_the_highest_complete_version() {
        let root = std::env::temp_dir().join(format!("assent-pgver-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for (version, programs) in [
            ("13", &["initdb", "pg_ctl", "postgres"][..]),
            ("15", &["initdb", "pg_ctl", "postgres"][..]),
            ("16", &["initdb"][..]), // incomplete: skipped
        ] {
            let bin = root.join(version).join("bin");
            fs::create_dir_all(&bin).unwrap();
            for p in programs {
                let path = bin.join(p);
                fs::write(&path, "#!/bin/sh\n").unwrap();
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        let found = PgPrograms::highest_under(&root).unwrap();
        assert_eq!(found.bin_dir(), root.join("15").join("bin"));
        assert_eq!(found.initdb(), root.join("15/bin/initdb"));
        fs::remove_dir_all(&root).unwrap();
        assert_eq!(PgPrograms::highest_under(&root), None);
    }

    #[test]
    fn data_dir_order() {
        let s = |v: &str| Some(OsString::from(v));
        assert_eq!(
            data_dir_from(s("/srv/assent"), s("/x"), s("/home/a"), false).unwrap(),
            PathBuf::from("/srv/assent/pg")
        );
        assert_eq!(
            data_dir_from(None, s("/x"), s("/home/a"), true).unwrap(),
            PathBuf::from("/x/assent/pg")
        );
        assert_eq!(
            data_dir_from(None, s("relative"), s("/home/a"), false).unwrap(),
            PathBuf::from("/home/a/.local/share/assent/pg")
        );
        assert_eq!(
            data_dir_from(None, None, s("/root"), true).unwrap(),
            PathBuf::from("/var/lib/assent/pg")
        );
        assert!(matches!(
            data_dir_from(None, None, None, false),
            Err(DbError::NoDataDir)
        ));
    }

    #[test]
    fn parses_postmaster_pid() {
        let text = "4242\n/tmp/x/data\n1700000000\n54321\n/tmp/x/run\n127.0.0.1\n  1234   5678\nready   \n";
        assert_eq!(
            parse_postmaster_pid(text),
            Some(PostmasterPid {
                pid: 4242,
                port: 54321,
                ready: true
            })
        );
        let starting = "4242\n/d\n1\n5432\n/r\n\n  1 2\nstarting\n";
        assert!(!parse_postmaster_pid(starting).unwrap().ready);
        assert_eq!(parse_postmaster_pid("garbage"), None);
    }

    #[test]
    fn conf_quotes_the_socket_folder() {
        let conf = server_conf(5555, Some(Path::new("/tmp/it's/run")));
        assert!(conf.contains("port = 5555\n"));
        assert!(conf.contains("listen_addresses = '127.0.0.1'\n"));
        assert!(conf.contains("unix_socket_directories = '/tmp/it''s/run'\n"));
        assert!(server_conf(1, None).contains("unix_socket_directories = ''\n"));
    }

    #[test]
    fn socket_path_length() {
        assert!(socket_dir_fits(Path::new(
            "/home/someone/.local/share/assent/pg/run"
        )));
        assert!(!socket_dir_fits(&Path::new("/").join("x".repeat(100))));
    }

    #[test]
    fn run_as_current_user_runs_the_program_itself() {
        let cmd = RunAs::CurrentUser.command(Path::new("/bin/true"), None);
        assert_eq!(cmd.get_program(), "/bin/true");
        let cmd = RunAs::User {
            name: "postgres".into(),
            uid: 101,
            gid: 104,
            setpriv: "/usr/bin/setpriv".into(),
        }
        .command(
            Path::new("/usr/lib/postgresql/15/bin/postgres"),
            Some("INT"),
        );
        assert_eq!(
            command_line(&cmd),
            "/usr/bin/setpriv --reuid=101 --regid=104 --clear-groups --pdeathsig INT \
             /usr/lib/postgresql/15/bin/postgres"
        );
    }

    #[test]
    fn include_line_is_added_once() {
        let path = std::env::temp_dir().join(format!("assent-conf-{}.conf", std::process::id()));
        fs::write(&path, "max_connections = 100").unwrap();
        ensure_include_line(&path).unwrap();
        ensure_include_line(&path).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(INCLUDE_LINE).count(), 1);
        assert!(text.starts_with("max_connections = 100\n"));
        fs::remove_file(&path).unwrap();
    }
}
