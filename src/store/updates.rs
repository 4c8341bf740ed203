//! Redelivered updates: the first transaction to record an update id processes it.

use super::{StoreError, Tx};

/// Records the update as processed; `false` if it already was (then do nothing with it).
pub async fn claim(tx: &mut Tx<'_>, bot_id: i64, update_id: i64) -> Result<bool, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO processed_updates (bot_id, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(bot_id)
    .bind(update_id)
    .execute(&mut **tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Forgets update ids older than a week; Telegram never redelivers that late.
pub async fn prune(pool: &sqlx::PgPool) -> Result<u64, StoreError> {
    let done =
        sqlx::query("DELETE FROM processed_updates WHERE processed_at < now() - interval '7 days'")
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}
