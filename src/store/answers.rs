//! Answers with history: the current answer per participant, question and round, and every
//! earlier one. Round 2 holds the answers to a stage asked again after deliberation
//! (`repeat_of`); it never touches round 1.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, Row};

use super::{StoreError, Tx};
use crate::consultation::Id;
use crate::engine::{AnswerValue, Answers};

/// Stores an answer to `question` in `round` (1, or 2 for a stage asked again). The same value
/// again changes nothing; a different value supersedes the current row of that question and
/// round, which is kept. Refuses (as a bug) to store anything before consent.
pub async fn record(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    participant_id: i64,
    question: &str,
    round: u8,
    value: &AnswerValue,
    language: &str,
) -> Result<(), StoreError> {
    let value = serde_json::to_value(value)?;
    let consented: Option<bool> =
        sqlx::query_scalar("SELECT notice_accepted_at IS NOT NULL FROM participants WHERE id = $1")
            .bind(participant_id)
            .fetch_optional(&mut **tx)
            .await?;
    if consented != Some(true) {
        return Err(StoreError::Conflict(format!(
            "participant {participant_id} has not accepted the notice; answer not stored"
        )));
    }
    let current: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT value FROM answers
          WHERE participant_id = $1 AND question_id = $2 AND round = $3 AND superseded_at IS NULL",
    )
    .bind(participant_id)
    .bind(question)
    .bind(i16::from(round))
    .fetch_optional(&mut **tx)
    .await?;
    if current.as_ref() == Some(&value) {
        return Ok(());
    }
    if current.is_some() {
        clear(tx, participant_id, question, round).await?;
    }
    sqlx::query(
        "INSERT INTO answers (consultation_id, participant_id, question_id, round, value, language)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(consultation_id)
    .bind(participant_id)
    .bind(question)
    .bind(i16::from(round))
    .bind(value)
    .bind(language)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Supersedes the current answer to `question` in `round` without giving a new one (its
/// `show_if` no longer holds). The row is kept as history; no current answer is a no-op.
pub async fn clear(
    tx: &mut Tx<'_>,
    participant_id: i64,
    question: &str,
    round: u8,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE answers SET superseded_at = now()
          WHERE participant_id = $1 AND question_id = $2 AND round = $3 AND superseded_at IS NULL",
    )
    .bind(participant_id)
    .bind(question)
    .bind(i16::from(round))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The participant's current answers, both rounds: what the engine's `show_if` and review read.
pub async fn of_participant(
    db: impl PgExecutor<'_>,
    participant_id: i64,
) -> Result<Answers, StoreError> {
    let rows = sqlx::query(
        "SELECT question_id, round, value FROM answers
          WHERE participant_id = $1 AND superseded_at IS NULL",
    )
    .bind(participant_id)
    .fetch_all(db)
    .await?;
    let mut answers = Answers::new();
    for r in rows {
        answers.set(
            Id(r.try_get("question_id")?),
            round_of(r.try_get("round")?),
            serde_json::from_value(r.try_get("value")?)?,
        );
    }
    Ok(answers)
}

/// The stored `smallint` round; the schema allows only 1 and 2.
fn round_of(stored: i16) -> u8 {
    u8::try_from(stored).unwrap_or(1)
}

/// A current answer, keyed by pseudonym (what exports and checks see).
#[derive(Debug, Clone)]
pub struct CurrentAnswer {
    pub pseudonym: String,
    pub question_id: String,
    /// 1, or 2 for the answer given when the question was asked again.
    pub round: u8,
    pub value: AnswerValue,
    pub language: String,
    pub answered_at: DateTime<Utc>,
}

pub async fn current(
    db: impl PgExecutor<'_>,
    consultation_id: i64,
) -> Result<Vec<CurrentAnswer>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.pseudonym, a.question_id, a.round, a.value, a.language, a.answered_at
           FROM answers a JOIN participants p ON p.id = a.participant_id
          WHERE a.consultation_id = $1 AND a.superseded_at IS NULL
          ORDER BY p.pseudonym, a.answered_at, a.id",
    )
    .bind(consultation_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(CurrentAnswer {
                pseudonym: r.try_get("pseudonym")?,
                question_id: r.try_get("question_id")?,
                round: round_of(r.try_get("round")?),
                value: serde_json::from_value(r.try_get("value")?)?,
                language: r.try_get("language")?,
                answered_at: r.try_get("answered_at")?,
            })
        })
        .collect()
}

pub async fn count_history(
    db: impl PgExecutor<'_>,
    consultation_id: i64,
) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query(
        "SELECT count(*) FILTER (WHERE superseded_at IS NULL), count(*) FILTER (WHERE superseded_at IS NOT NULL)
           FROM answers WHERE consultation_id = $1",
    )
    .bind(consultation_id)
    .fetch_one(db)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}
