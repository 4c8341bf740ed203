//! PostgreSQL: finding the server, migrations, and the queries of each table group.
//!
//! Functions take an executor or a transaction so the adapter decides the transaction
//! boundaries; none of them talks to Telegram.

pub mod answers;
pub mod consultations;
pub mod db;
pub mod outbox;
pub mod participants;
pub mod pseudonym;
pub mod statements;
pub mod updates;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("stored JSON does not match this version of assent: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Conflict(String),
}

pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Postgres>;
