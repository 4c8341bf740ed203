//! Statements and votes on them: seeds from the file, statements written by participants,
//! moderation, and each participant's latest vote with its history.
//!
//! Counters: the `agree`, `disagree` and `pass` columns of `statements` count the *current*
//! votes (`superseded_at IS NULL`), so dealing the next card reads one row per statement. Every
//! function here that adds, changes or removes a current vote moves them in the same
//! transaction, and so does [`super::participants::forget`] through [`withdraw_votes`].
//!
//! Votes on a rejected statement (rejected after people voted, i.e. removed) stay stored, as
//! history, and stay counted in its counters; they count nowhere else: callers of [`tally`] and
//! of [`deck`] filter on [`Status`] (the engine never deals a rejected statement, and exports
//! leave it out or mark it).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, Row};

use super::{StoreError, Tx};
use crate::consultation::{Consultation, Id, Lang, StageKind};
use crate::engine::deck::{Deck, Statement, Status, Vote, Wording};

/// Makes the seed statements of `consultation` exist: one `approved` row per seed of every
/// statements stage, inserted in file order if missing. Seed rows whose seed is no longer in the
/// file are deleted (only a draft can be replaced, and nobody votes on a draft).
pub async fn sync_seeds(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    consultation: &Consultation,
) -> Result<(), StoreError> {
    let (stages, seeds): (Vec<&str>, Vec<&str>) = consultation
        .stages
        .iter()
        .filter_map(|stage| match &stage.kind {
            StageKind::Statements(s) => Some((stage, s)),
            _ => None,
        })
        .flat_map(|(stage, s)| {
            s.seeds
                .iter()
                .map(move |seed| (stage.id.as_str(), seed.id.as_str()))
        })
        .unzip();
    sqlx::query(
        "DELETE FROM statements s
          WHERE s.consultation_id = $1 AND s.seed_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) AS f (stage_id, seed_id)
                             WHERE f.stage_id = s.stage_id AND f.seed_id = s.seed_id)",
    )
    .bind(consultation_id)
    .bind(&stages)
    .bind(&seeds)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO statements (consultation_id, stage_id, seed_id, status)
         SELECT $1, f.stage_id, f.seed_id, 'approved'
           FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS f (stage_id, seed_id, n)
          ORDER BY f.n
         ON CONFLICT (consultation_id, stage_id, seed_id) DO NOTHING",
    )
    .bind(consultation_id)
    .bind(&stages)
    .bind(&seeds)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn status_of(stored: &str) -> Status {
    // The schema's CHECK allows only the three names; anything else is never dealt.
    Status::from_name(stored).unwrap_or(Status::Rejected)
}

fn count_of(stored: i32) -> u32 {
    u32::try_from(stored).unwrap_or(0)
}

/// Every statement of the consultation (all stages, all statuses, in id order) as the engine
/// sees it for `participant_id`, with that participant's current votes.
pub async fn deck(
    db: impl PgExecutor<'_>,
    consultation_id: i64,
    participant_id: i64,
) -> Result<Deck, StoreError> {
    let rows = sqlx::query(
        "SELECT s.id, s.stage_id, s.seed_id, s.author_id = $2 AS own, s.text, s.language,
                s.status, s.agree, s.disagree, s.pass, v.vote
           FROM statements s
           LEFT JOIN votes v ON v.statement_id = s.id AND v.participant_id = $2
                            AND v.superseded_at IS NULL
          WHERE s.consultation_id = $1
          ORDER BY s.id",
    )
    .bind(consultation_id)
    .bind(participant_id)
    .fetch_all(db)
    .await?;
    let mut statements = Vec::with_capacity(rows.len());
    let mut votes = BTreeMap::new();
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let wording = match r.try_get::<Option<String>, _>("seed_id")? {
            Some(seed) => Wording::Seed(Id(seed)),
            None => Wording::Written {
                text: r.try_get::<Option<String>, _>("text")?.unwrap_or_default(),
                language: Lang(
                    r.try_get::<Option<String>, _>("language")?
                        .unwrap_or_default(),
                ),
            },
        };
        if let Some(vote) = r
            .try_get::<Option<&str>, _>("vote")?
            .and_then(Vote::from_name)
        {
            votes.insert(id, vote);
        }
        statements.push(Statement {
            id,
            stage: Id(r.try_get("stage_id")?),
            wording,
            status: status_of(r.try_get("status")?),
            own: r.try_get::<Option<bool>, _>("own")?.unwrap_or(false),
            agree: count_of(r.try_get("agree")?),
            disagree: count_of(r.try_get("disagree")?),
            pass: count_of(r.try_get("pass")?),
        });
    }
    Ok(Deck { statements, votes })
}

/// Refuses (as a bug) anything from a participant who is not in this consultation or has not
/// accepted its notice.
async fn ensure_consented(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    participant_id: i64,
    what: &str,
) -> Result<(), StoreError> {
    let consented: Option<bool> = sqlx::query_scalar(
        "SELECT notice_accepted_at IS NOT NULL FROM participants
          WHERE id = $1 AND consultation_id = $2",
    )
    .bind(participant_id)
    .bind(consultation_id)
    .fetch_optional(&mut **tx)
    .await?;
    if consented == Some(true) {
        Ok(())
    } else {
        Err(StoreError::Conflict(format!(
            "participant {participant_id} has not accepted the notice of consultation \
             {consultation_id}; {what} not stored"
        )))
    }
}

/// Stores a statement written by a participant in `stage`, with the status the engine gave it
/// (`pending`, or `approved` where moderation is off). Returns its id. Refuses before consent.
pub async fn submit(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    participant_id: i64,
    stage: &str,
    text: &str,
    language: &str,
    status: Status,
) -> Result<i64, StoreError> {
    ensure_consented(tx, consultation_id, participant_id, "statement").await?;
    Ok(sqlx::query_scalar(
        "INSERT INTO statements (consultation_id, stage_id, author_id, text, language, status)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(consultation_id)
    .bind(stage)
    .bind(participant_id)
    .bind(text)
    .bind(language)
    .bind(status.as_str())
    .fetch_one(&mut **tx)
    .await?)
}

/// The change to (agree, disagree, pass) of adding `delta` votes of kind `vote`.
fn deltas(vote: Vote, delta: i32) -> [i32; 3] {
    match vote {
        Vote::Agree => [delta, 0, 0],
        Vote::Disagree => [0, delta, 0],
        Vote::Pass => [0, 0, delta],
    }
}

/// Stores a vote: the latest one counts. The same vote again changes nothing and returns
/// `false`; a different one supersedes the current row (kept as history), adds a new row and
/// moves the statement's counters, all in `tx`. Refuses before consent and on a statement of
/// another consultation (or none).
pub async fn vote(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    participant_id: i64,
    statement_id: i64,
    vote: Vote,
) -> Result<bool, StoreError> {
    ensure_consented(tx, consultation_id, participant_id, "vote").await?;
    let of: Option<i64> =
        sqlx::query_scalar("SELECT consultation_id FROM statements WHERE id = $1 FOR UPDATE")
            .bind(statement_id)
            .fetch_optional(&mut **tx)
            .await?;
    if of != Some(consultation_id) {
        return Err(StoreError::Conflict(format!(
            "statement {statement_id} is not in consultation {consultation_id}; vote not stored"
        )));
    }
    let current: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, vote FROM votes
          WHERE participant_id = $1 AND statement_id = $2 AND superseded_at IS NULL",
    )
    .bind(participant_id)
    .bind(statement_id)
    .fetch_optional(&mut **tx)
    .await?;
    let mut change = deltas(vote, 1);
    if let Some((row, old)) = current {
        let old = Vote::from_name(&old);
        if old == Some(vote) {
            return Ok(false);
        }
        sqlx::query("UPDATE votes SET superseded_at = now() WHERE id = $1")
            .bind(row)
            .execute(&mut **tx)
            .await?;
        if let Some(old) = old {
            for (c, d) in change.iter_mut().zip(deltas(old, -1)) {
                *c += d;
            }
        }
    }
    sqlx::query(
        "INSERT INTO votes (consultation_id, statement_id, participant_id, vote)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(consultation_id)
    .bind(statement_id)
    .bind(participant_id)
    .bind(vote.as_str())
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE statements SET agree = agree + $2, disagree = disagree + $3, pass = pass + $4
          WHERE id = $1",
    )
    .bind(statement_id)
    .bind(change[0])
    .bind(change[1])
    .bind(change[2])
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Takes the participant's current votes off the counters of the statements they voted on (the
/// rows themselves go with the participant). Called by [`super::participants::forget`] before
/// the participant is deleted.
pub async fn withdraw_votes(tx: &mut Tx<'_>, participant_id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE statements s
            SET agree = s.agree - v.agree, disagree = s.disagree - v.disagree,
                pass = s.pass - v.pass
           FROM (SELECT statement_id,
                        (count(*) FILTER (WHERE vote = 'agree'))::int AS agree,
                        (count(*) FILTER (WHERE vote = 'disagree'))::int AS disagree,
                        (count(*) FILTER (WHERE vote = 'pass'))::int AS pass
                   FROM votes WHERE participant_id = $1 AND superseded_at IS NULL
                  GROUP BY statement_id) v
          WHERE s.id = v.statement_id",
    )
    .bind(participant_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A participant's statement waiting for an organizer.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub id: i64,
    pub consultation_id: i64,
    pub slug: String,
    pub stage_id: String,
    pub text: String,
    pub language: String,
    pub created_at: DateTime<Utc>,
    /// How many statements are pending in all, over every consultation, this one included.
    pub remaining: i64,
}

/// The oldest pending statement over all consultations, or `None` when nothing waits.
pub async fn next_pending(db: impl PgExecutor<'_>) -> Result<Option<Pending>, StoreError> {
    let row = sqlx::query(
        "SELECT s.id, s.consultation_id, c.slug, s.stage_id, s.text, s.language, s.created_at,
                count(*) OVER () AS remaining
           FROM statements s JOIN consultations c ON c.id = s.consultation_id
          WHERE s.status = 'pending'
          ORDER BY s.created_at, s.id
          LIMIT 1",
    )
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(Pending {
            id: r.try_get("id")?,
            consultation_id: r.try_get("consultation_id")?,
            slug: r.try_get("slug")?,
            stage_id: r.try_get("stage_id")?,
            text: r.try_get::<Option<String>, _>("text")?.unwrap_or_default(),
            language: r
                .try_get::<Option<String>, _>("language")?
                .unwrap_or_default(),
            created_at: r.try_get("created_at")?,
            remaining: r.try_get("remaining")?,
        })
    })
    .transpose()
}

/// What an organizer's decision changed, and how to tell the author.
#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    pub id: i64,
    pub status: Status,
    pub text: String,
    /// The author's language (their current one, else the statement's).
    pub language: String,
    /// The author's chat, unless they have no contact or blocked the bot.
    pub chat_id: Option<i64>,
    pub reason: Option<String>,
    /// Whether others could already vote on it: a rejection then removes it.
    pub was_approved: bool,
}

/// Whether `statement_id` is a statement written by a participant (the only ones moderated).
pub async fn is_written(db: impl PgExecutor<'_>, statement_id: i64) -> Result<bool, StoreError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM statements WHERE id = $1 AND seed_id IS NULL")
            .bind(statement_id)
            .fetch_optional(db)
            .await?;
    Ok(found.is_some())
}

/// An organizer's decision on a participant's statement: approve a `pending` one, or reject a
/// `pending` or `approved` one (rejecting an approved statement removes it). Anything else (an
/// unknown id, a seed, a statement already decided that way) changes nothing and returns
/// `None`, so a second tap on the same button is harmless.
pub async fn decide(
    tx: &mut Tx<'_>,
    statement_id: i64,
    approve: bool,
    reason: Option<&str>,
    actor: i64,
) -> Result<Option<Decided>, StoreError> {
    let (to, from): (Status, &[&str]) = if approve {
        (Status::Approved, &["pending"])
    } else {
        (Status::Rejected, &["pending", "approved"])
    };
    let row = sqlx::query(
        "WITH old AS (SELECT id, status FROM statements WHERE id = $1),
              d AS (
             UPDATE statements
                SET status = $2, reason = $3, decided_at = now(), decided_by = $4
              WHERE id = $1 AND seed_id IS NULL AND status = ANY($5)
             RETURNING id, status, text, language, author_id, reason)
         SELECT d.id, d.status, d.text, COALESCE(p.language, d.language) AS language,
                c.chat_id, d.reason, old.status = 'approved' AS was_approved
           FROM d JOIN old ON old.id = d.id
                  LEFT JOIN participants p ON p.id = d.author_id
                  LEFT JOIN contacts c ON c.participant_id = d.author_id
                                      AND c.unreachable_at IS NULL",
    )
    .bind(statement_id)
    .bind(to.as_str())
    .bind(reason)
    .bind(actor)
    .bind(from)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| {
        Ok(Decided {
            id: r.try_get("id")?,
            status: status_of(r.try_get("status")?),
            text: r.try_get::<Option<String>, _>("text")?.unwrap_or_default(),
            language: r
                .try_get::<Option<String>, _>("language")?
                .unwrap_or_default(),
            chat_id: r.try_get("chat_id")?,
            reason: r.try_get("reason")?,
            was_approved: r.try_get("was_approved")?,
        })
    })
    .transpose()
}

/// A statement and its current votes, for exports.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub id: i64,
    pub stage_id: String,
    /// The seed's id in the file; `None` for a statement written by a participant.
    pub seed_id: Option<String>,
    /// A participant's words; `None` for a seed (its text is in the file).
    pub text: Option<String>,
    pub language: Option<String>,
    pub status: Status,
    pub written_by_participant: bool,
    pub agree: i64,
    pub disagree: i64,
    pub pass: i64,
}

/// Every statement of the consultation with its current votes, counted from `votes` (not from
/// the counters), ordered by stage id then statement id. Rejected statements are included with
/// their votes: callers leave them out (or mark them) by `status`.
pub async fn tally(
    db: impl PgExecutor<'_>,
    consultation_id: i64,
) -> Result<Vec<Tally>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.id, s.stage_id, s.seed_id, s.text, s.language, s.status,
                count(v.id) FILTER (WHERE v.vote = 'agree') AS agree,
                count(v.id) FILTER (WHERE v.vote = 'disagree') AS disagree,
                count(v.id) FILTER (WHERE v.vote = 'pass') AS pass
           FROM statements s
           LEFT JOIN votes v ON v.statement_id = s.id AND v.superseded_at IS NULL
          WHERE s.consultation_id = $1
          GROUP BY s.id
          ORDER BY s.stage_id, s.id",
    )
    .bind(consultation_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            let seed_id: Option<String> = r.try_get("seed_id")?;
            Ok(Tally {
                id: r.try_get("id")?,
                stage_id: r.try_get("stage_id")?,
                written_by_participant: seed_id.is_none(),
                seed_id,
                text: r.try_get("text")?,
                language: r.try_get("language")?,
                status: status_of(r.try_get("status")?),
                agree: r.try_get("agree")?,
                disagree: r.try_get("disagree")?,
                pass: r.try_get("pass")?,
            })
        })
        .collect()
}

/// Totals over a consultation's statements and votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementCounts {
    pub pending: i64,
    pub approved: i64,
    pub rejected: i64,
    /// Statements written by participants (any status).
    pub written: i64,
    pub votes_current: i64,
    pub votes_superseded: i64,
}

pub async fn counts(
    db: impl PgExecutor<'_>,
    consultation_id: i64,
) -> Result<StatementCounts, StoreError> {
    let row = sqlx::query(
        "SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
                count(*) FILTER (WHERE status = 'approved') AS approved,
                count(*) FILTER (WHERE status = 'rejected') AS rejected,
                count(*) FILTER (WHERE seed_id IS NULL) AS written,
                (SELECT count(*) FROM votes
                  WHERE consultation_id = $1 AND superseded_at IS NULL) AS votes_current,
                (SELECT count(*) FROM votes
                  WHERE consultation_id = $1 AND superseded_at IS NOT NULL) AS votes_superseded
           FROM statements WHERE consultation_id = $1",
    )
    .bind(consultation_id)
    .fetch_one(db)
    .await?;
    Ok(StatementCounts {
        pending: row.try_get("pending")?,
        approved: row.try_get("approved")?,
        rejected: row.try_get("rejected")?,
        written: row.try_get("written")?,
        votes_current: row.try_get("votes_current")?,
        votes_superseded: row.try_get("votes_superseded")?,
    })
}

/// A participant's current vote, for checking what a run stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentVote {
    pub pseudonym: String,
    pub statement_id: i64,
    pub vote: Vote,
}

pub async fn current_votes(
    db: impl PgExecutor<'_>,
    consultation_id: i64,
) -> Result<Vec<CurrentVote>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.pseudonym, v.statement_id, v.vote
           FROM votes v JOIN participants p ON p.id = v.participant_id
          WHERE v.consultation_id = $1 AND v.superseded_at IS NULL
          ORDER BY p.pseudonym, v.statement_id",
    )
    .bind(consultation_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            let vote: String = r.try_get("vote")?;
            Ok(CurrentVote {
                pseudonym: r.try_get("pseudonym")?,
                statement_id: r.try_get("statement_id")?,
                vote: Vote::from_name(&vote).unwrap_or(Vote::Pass),
            })
        })
        .collect()
}

/// A statement written by a participant, with its author's pseudonym.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub id: i64,
    pub pseudonym: String,
    pub text: String,
    pub status: Status,
}

pub async fn written(
    db: impl PgExecutor<'_>,
    consultation_id: i64,
) -> Result<Vec<Written>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.id, p.pseudonym, s.text, s.status
           FROM statements s JOIN participants p ON p.id = s.author_id
          WHERE s.consultation_id = $1 AND s.seed_id IS NULL
          ORDER BY p.pseudonym, s.id",
    )
    .bind(consultation_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Written {
                id: r.try_get("id")?,
                pseudonym: r.try_get("pseudonym")?,
                text: r.try_get::<Option<String>, _>("text")?.unwrap_or_default(),
                status: status_of(r.try_get("status")?),
            })
        })
        .collect()
}
