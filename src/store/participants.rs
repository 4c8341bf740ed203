//! Participants (pseudonymous), their contact link, and which consultation a chat is in.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, Row};

use super::{StoreError, Tx};
use crate::engine::{ParticipantState, Record};

pub struct Participant {
    pub id: i64,
    pub state: ParticipantState,
}

/// Loads the participant, creating the pseudonymous record on first contact, and locks the row
/// for the rest of the transaction so a second replica handling the same person waits.
pub async fn lock_or_create(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    pseudonym: &str,
) -> Result<Participant, StoreError> {
    let fresh = serde_json::to_value(ParticipantState::new())?;
    sqlx::query(
        "INSERT INTO participants (consultation_id, pseudonym, state) VALUES ($1, $2, $3)
         ON CONFLICT (consultation_id, pseudonym) DO NOTHING",
    )
    .bind(consultation_id)
    .bind(pseudonym)
    .bind(fresh)
    .execute(&mut **tx)
    .await?;
    let row = sqlx::query(
        "SELECT id, state FROM participants WHERE consultation_id = $1 AND pseudonym = $2 FOR UPDATE",
    )
    .bind(consultation_id)
    .bind(pseudonym)
    .fetch_one(&mut **tx)
    .await?;
    let raw: serde_json::Value = row.try_get("state")?;
    // A state written by another version of assent must never silence someone: start them
    // at the language menu again (their stored answers stay).
    let state = serde_json::from_value(raw).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "participant state unreadable; restarting the conversation");
        ParticipantState::new()
    });
    Ok(Participant {
        id: row.try_get("id")?,
        state,
    })
}

pub async fn save_state(
    tx: &mut Tx<'_>,
    participant_id: i64,
    state: &ParticipantState,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE participants SET state = $2, language = $3, updated_at = now() WHERE id = $1",
    )
    .bind(participant_id)
    .bind(serde_json::to_value(state)?)
    .bind(state.language.as_ref().map(|l| l.0.clone()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores the participant-level records; answers go through [`super::answers`].
pub async fn apply(
    tx: &mut Tx<'_>,
    participant_id: i64,
    record: &Record,
) -> Result<(), StoreError> {
    let query = match record {
        Record::NoticeAccepted { version } => sqlx::query(
            "UPDATE participants SET notice_version = $1, notice_accepted_at = now(),
                    notice_declined_at = NULL WHERE id = $2",
        )
        .bind(i64::from(*version)),
        Record::NoticeDeclined { version } => sqlx::query(
            "UPDATE participants SET notice_version = $1, notice_declined_at = now() WHERE id = $2",
        )
        .bind(i64::from(*version)),
        Record::Completed => sqlx::query(
            "UPDATE participants SET completed_at = COALESCE(completed_at, now()) WHERE id = $1",
        ),
        Record::LanguageChosen(_)
        | Record::Answer { .. }
        | Record::Cleared { .. }
        | Record::Vote { .. }
        | Record::Statement { .. }
        | Record::Forgotten => return Ok(()),
    };
    query.bind(participant_id).execute(&mut **tx).await?;
    Ok(())
}

/// Deletes the participant with their answers, votes, statements and contact (cascade), and the
/// chat's session: what remains is nothing that points to them. Their current votes are first
/// taken off the counters of the statements they voted on.
pub async fn forget(tx: &mut Tx<'_>, participant_id: i64, chat_id: i64) -> Result<(), StoreError> {
    super::statements::withdraw_votes(tx, participant_id).await?;
    sqlx::query("DELETE FROM participants WHERE id = $1")
        .bind(participant_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM chat_sessions WHERE chat_id = $1")
        .bind(chat_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn link_contact(
    tx: &mut Tx<'_>,
    participant_id: i64,
    chat_id: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO contacts (participant_id, chat_id) VALUES ($1, $2)
         ON CONFLICT (participant_id) DO UPDATE SET chat_id = EXCLUDED.chat_id, unreachable_at = NULL",
    )
    .bind(participant_id)
    .bind(chat_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The consultation this chat is taking part in, if any.
pub async fn session(db: impl PgExecutor<'_>, chat_id: i64) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT consultation_id FROM chat_sessions WHERE chat_id = $1")
            .bind(chat_id)
            .fetch_optional(db)
            .await?,
    )
}

/// Notes a question prompt just sent; message ids grow within a chat, so the largest wins
/// whatever order senders finish in.
pub async fn record_prompt(
    db: impl PgExecutor<'_>,
    chat_id: i64,
    message_id: i32,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE chat_sessions SET prompt_message_id = GREATEST(prompt_message_id, $2)
          WHERE chat_id = $1",
    )
    .bind(chat_id)
    .bind(message_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Links the chat to the consultation; returns the newest question prompt sent in the chat
/// (read here, in the same statement, because every update needs it).
pub async fn set_session(
    tx: &mut Tx<'_>,
    chat_id: i64,
    consultation_id: i64,
) -> Result<Option<i32>, StoreError> {
    let prompt: Option<i32> = sqlx::query_scalar(
        "INSERT INTO chat_sessions (chat_id, consultation_id) VALUES ($1, $2)
         ON CONFLICT (chat_id) DO UPDATE SET consultation_id = EXCLUDED.consultation_id, updated_at = now()
         RETURNING prompt_message_id",
    )
    .bind(chat_id)
    .bind(consultation_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(prompt)
}

/// Marks every participant reached through this chat as unreachable (they blocked the bot).
pub async fn mark_unreachable(db: impl PgExecutor<'_>, chat_id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE contacts SET unreachable_at = now() WHERE chat_id = $1 AND unreachable_at IS NULL",
    )
    .bind(chat_id)
    .execute(db)
    .await?;
    Ok(())
}

pub struct Counts {
    pub started: i64,
    pub consented: i64,
    pub completed: i64,
    pub first_seen: Option<DateTime<Utc>>,
}

pub async fn counts(db: impl PgExecutor<'_>, consultation_id: i64) -> Result<Counts, StoreError> {
    let row = sqlx::query(
        "SELECT count(*) AS started, count(notice_accepted_at) AS consented,
                count(completed_at) AS completed, min(created_at) AS first_seen
           FROM participants WHERE consultation_id = $1",
    )
    .bind(consultation_id)
    .fetch_one(db)
    .await?;
    Ok(Counts {
        started: row.try_get("started")?,
        consented: row.try_get("consented")?,
        completed: row.try_get("completed")?,
        first_seen: row.try_get("first_seen")?,
    })
}
