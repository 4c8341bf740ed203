//! The outbox: messages decided inside a transaction, sent after it commits.

use sqlx::{PgExecutor, Row};

use super::{StoreError, Tx};
use crate::engine::Effect;

/// How long a sender owns a row before another may take it over (after a crash).
pub const LEASE_SECONDS: i64 = 10;

pub struct Pending {
    pub id: i64,
    pub chat_id: i64,
    pub effect: Effect,
    pub attempts: i32,
}

/// Queues effects for a chat, leased to the caller, who sends them right after commit.
pub async fn enqueue(
    tx: &mut Tx<'_>,
    chat_id: i64,
    effects: &[Effect],
) -> Result<Vec<i64>, StoreError> {
    let mut ids = Vec::with_capacity(effects.len());
    for effect in effects {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO outbox (chat_id, effect, lease_until, attempts)
             VALUES ($1, $2, now() + make_interval(secs => $3), 1) RETURNING id",
        )
        .bind(chat_id)
        .bind(serde_json::to_value(effect)?)
        .bind(LEASE_SECONDS as f64)
        .fetch_one(&mut **tx)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// Loads rows this process just enqueued and owns.
pub async fn load(db: impl PgExecutor<'_>, ids: &[i64]) -> Result<Vec<Pending>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, chat_id, effect, attempts FROM outbox
          WHERE id = ANY($1) AND sent_at IS NULL AND failed_at IS NULL ORDER BY id",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(pending).collect()
}

fn pending(r: sqlx::postgres::PgRow) -> Result<Pending, StoreError> {
    Ok(Pending {
        id: r.try_get("id")?,
        chat_id: r.try_get("chat_id")?,
        effect: serde_json::from_value(r.try_get("effect")?)?,
        attempts: r.try_get("attempts")?,
    })
}

/// Takes over rows whose lease expired (their sender crashed or failed), oldest first.
pub async fn claim_expired(
    db: impl PgExecutor<'_>,
    limit: i64,
) -> Result<Vec<Pending>, StoreError> {
    let rows = sqlx::query(
        "UPDATE outbox SET lease_until = now() + make_interval(secs => $2), attempts = attempts + 1
          WHERE id IN (SELECT id FROM outbox
                        WHERE sent_at IS NULL AND failed_at IS NULL AND lease_until < now()
                        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, chat_id, effect, attempts",
    )
    .bind(limit)
    .bind(LEASE_SECONDS as f64)
    .fetch_all(db)
    .await?;
    let mut out: Vec<Pending> = rows.into_iter().map(pending).collect::<Result<_, _>>()?;
    out.sort_by_key(|p| p.id);
    Ok(out)
}

/// Marks rows as sent. Committed without waiting for the disk: losing this mark in a crash only
/// means the message is sent once more, and waiting would halve the bot's throughput.
pub async fn mark_sent(pool: &sqlx::PgPool, ids: &[i64]) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL synchronous_commit = off")
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE outbox SET sent_at = now() WHERE id = ANY($1)")
        .bind(ids)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Forgets sent messages after a day; the outbox is a queue, not an archive.
pub async fn prune(db: impl PgExecutor<'_>) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM outbox WHERE sent_at < now() - interval '1 day'")
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

pub async fn mark_failed(db: impl PgExecutor<'_>, id: i64, error: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET failed_at = now(), error = $2 WHERE id = $1")
        .bind(id)
        .bind(error)
        .execute(db)
        .await?;
    Ok(())
}

/// Leaves the row for a later attempt after `seconds`.
pub async fn retry_later(
    db: impl PgExecutor<'_>,
    id: i64,
    seconds: f64,
    error: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET lease_until = now() + make_interval(secs => $2), error = $3 WHERE id = $1")
        .bind(id)
        .bind(seconds)
        .bind(error)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn unsent_count(db: impl PgExecutor<'_>) -> Result<i64, StoreError> {
    let row =
        sqlx::query("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")
            .fetch_one(db)
            .await?;
    Ok(row.try_get(0)?)
}
