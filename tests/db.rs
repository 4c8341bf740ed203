//! `assent::store::db` against real PostgreSQL servers, and the test harness itself.

mod common;

use std::{path::PathBuf, time::Duration};

use assent::store::db;
use common::process_alive;
use sqlx::Connection;

/// A folder of our own in the system's temporary folder. Not in the checkout: when the tests
/// run as root, the private server runs as `postgres`, which must reach the folder, and a
/// checkout may sit in a folder closed to it (`mktemp -d`, /root).
fn temp_dir(label: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "assent-{label}-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ))
}

/// Waits a little for a process to disappear (it has been told to stop and acknowledged it).
async fn gone(pid: u32) -> bool {
    for _ in 0..50 {
        if !process_alive(pid) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

async fn has_migrations_table(pool: &sqlx::PgPool) -> bool {
    sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await
        .expect("query the catalog")
}

/// Path 3 of `connect`, for real: a private server in a folder of its own (as the `postgres`
/// user through setpriv when the tests run as root) that answers, and is gone once dropped; a
/// second start reuses the cluster.
#[tokio::test]
async fn private_server_starts_answers_and_stops() {
    let dir = temp_dir("private");
    let server = db::start_private_server(&dir)
        .await
        .unwrap_or_else(|e| panic!("starting a private server in {}: {e}", dir.display()));
    assert!(server.is_owned());
    assert_eq!(server.data_dir(), dir.join("data"));
    let pid = server.pid().expect("postmaster.pid while running");
    assert!(process_alive(pid));

    let pool = server
        .server()
        .open_pool("assent", true)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let one: i32 = sqlx::query_scalar("SELECT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(one, 1);
    db::migrate(&pool, "private server").await.unwrap();
    assert!(has_migrations_table(&pool).await);
    let listen: String = sqlx::query_scalar("SHOW listen_addresses")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(listen, "127.0.0.1");
    pool.close().await;

    // The socket inside the folder works too.
    let socket_dir = server.socket_dir().expect("short enough for a socket");
    let by_socket = db::Server::socket(socket_dir, server.port(), db::CLUSTER_SUPERUSER);
    by_socket
        .probe("assent")
        .await
        .unwrap()
        .close()
        .await
        .unwrap();

    drop(server);
    assert!(
        gone(pid).await,
        "postgres (pid {pid}) still runs after drop"
    );
    assert!(!dir.join("data/postmaster.pid").exists());

    // Again, on the same folder: no initdb, the data is still there.
    let again = db::start_private_server(&dir)
        .await
        .unwrap_or_else(|e| panic!("restarting: {e}"));
    let pool = again.server().open_pool("assent", false).await.unwrap();
    assert!(has_migrations_table(&pool).await);
    pool.close().await;
    let pid = again.pid().unwrap();
    drop(again);
    assert!(
        gone(pid).await,
        "postgres (pid {pid}) still runs after the second drop"
    );

    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn fresh_databases_are_separate_and_migrated() {
    let a = common::fresh_db().await;
    let b = common::fresh_db().await;
    assert_ne!(a.name(), b.name());
    assert_ne!(a.url, b.url);
    for t in [&a, &b] {
        let current: String = sqlx::query_scalar("SELECT current_database()")
            .fetch_one(&t.pool)
            .await
            .unwrap();
        assert_eq!(current, t.name());
        assert!(has_migrations_table(&t.pool).await, "{}", t.name());
    }
    sqlx::query("CREATE TABLE only_in_a (x int)")
        .execute(&a.pool)
        .await
        .unwrap();
    let in_b: bool = sqlx::query_scalar("SELECT to_regclass('only_in_a') IS NOT NULL")
        .fetch_one(&b.pool)
        .await
        .unwrap();
    assert!(!in_b);
}

/// Runs one `#[ignore]`d test of this binary in a child process with the given environment.
async fn run_child(test: &str, env: &[(&str, &str)], remove: &[&str]) -> String {
    let mut cmd = tokio::process::Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        test,
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    for k in remove {
        cmd.env_remove(k);
    }
    let out = cmd.output().await.expect("run the test binary");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "child test {test} failed:\n{text}");
    assert!(
        text.contains("1 passed"),
        "child test {test} did not run:\n{text}"
    );
    text
}

/// Path 1 of `connect`: `DATABASE_URL` names a database that does not exist yet; `connect`
/// creates it, uses it (not the name it was given) and applies the migrations.
#[tokio::test]
async fn connect_creates_the_database_named_in_database_url() {
    let witness = common::fresh_db().await;
    let name = common::new_database_name();
    let url = witness.server().url_for(&name);
    run_child(
        "connect_child_database_url",
        &[("DATABASE_URL", &url), ("EXPECT_DATABASE", &name)],
        &[],
    )
    .await;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&witness.pool)
            .await
            .unwrap();
    assert!(exists);
    witness.server().drop_database(&name).await.unwrap();
}

#[tokio::test]
#[ignore = "run in a child process by connect_creates_the_database_named_in_database_url"]
async fn connect_child_database_url() {
    let expected = std::env::var("EXPECT_DATABASE").expect("EXPECT_DATABASE");
    let database = db::connect("not_this_one")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(database.url, std::env::var("DATABASE_URL").unwrap());
    assert!(database.private_server().is_none());
    let current: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&database.pool)
        .await
        .unwrap();
    assert_eq!(current, expected);
    assert!(has_migrations_table(&database.pool).await);
    database.close().await;
}

/// Path 3 through `connect` itself: no `DATABASE_URL`, no local server on `$PGPORT`, so
/// `connect` starts a private server in `$ASSENT_DATA_DIR/pg`, which is gone when the process
/// that started it has ended.
#[tokio::test]
async fn connect_falls_back_to_a_private_server() {
    let dir = temp_dir("connect");
    let unused_port = db::free_port().unwrap().to_string();
    run_child(
        "connect_child_private",
        &[
            ("ASSENT_DATA_DIR", dir.to_str().unwrap()),
            ("PGPORT", &unused_port),
        ],
        &["DATABASE_URL", "PGHOST", "PGHOSTADDR"],
    )
    .await;
    assert!(dir.join("pg/data/PG_VERSION").exists());
    assert!(
        !dir.join("pg/data/postmaster.pid").exists(),
        "the private server still runs after its process ended"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
#[ignore = "run in a child process by connect_falls_back_to_a_private_server"]
async fn connect_child_private() {
    let database = db::connect("assent_private_check")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let private = database.private_server().expect("a private server");
    assert!(private.is_owned());
    let expected_dir = PathBuf::from(std::env::var("ASSENT_DATA_DIR").unwrap()).join("pg");
    assert_eq!(private.dir(), expected_dir);
    assert!(
        database.url.ends_with("/assent_private_check"),
        "{}",
        database.url
    );
    let current: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&database.pool)
        .await
        .unwrap();
    assert_eq!(current, "assent_private_check");
    assert!(has_migrations_table(&database.pool).await);
    database.close().await;
}
