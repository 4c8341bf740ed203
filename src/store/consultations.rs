//! Consultations: the uploaded file, its validated form, status and invite code.

use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::{Acquire, PgExecutor, Postgres, Row};

use super::{StoreError, statements};
use crate::consultation::Consultation;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Open,
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Open => "open",
            Status::Closed => "closed",
        }
    }

    fn parse(s: &str) -> Status {
        match s {
            "open" => Status::Open,
            "closed" => Status::Closed,
            _ => Status::Draft,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Stored {
    pub id: i64,
    pub status: Status,
    pub invite_code: String,
    pub definition: Consultation,
}

const COLUMNS: &str = "id, status, invite_code, definition";

fn from_row(row: sqlx::postgres::PgRow) -> Result<Stored, StoreError> {
    let definition: serde_json::Value = row.try_get("definition")?;
    Ok(Stored {
        id: row.try_get("id")?,
        status: Status::parse(row.try_get::<&str, _>("status")?),
        invite_code: row.try_get("invite_code")?,
        definition: serde_json::from_value(definition)?,
    })
}

/// An invite code for deep links: 12 characters of `A-Z a-z 0-9`, well inside Telegram's 64.
fn new_invite_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..12)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// Saves an uploaded file as a draft: a new consultation, or a new version of a draft, with its
/// seed statements ([`statements::sync_seeds`]). An open or closed consultation is never
/// replaced: answers and votes refer to its questions and statements.
///
/// Takes a pool, a connection or a transaction; the work is done in a transaction of its own
/// (a savepoint inside the caller's).
pub async fn save_draft<'c>(
    db: impl Acquire<'c, Database = Postgres>,
    consultation: &Consultation,
    source: &str,
) -> Result<Stored, StoreError> {
    let mut tx = db.begin().await?;
    let hash = hex::encode(Sha256::digest(source.as_bytes()));
    let definition = serde_json::to_value(consultation)?;
    let row = sqlx::query(&format!(
        "INSERT INTO consultations (slug, source, definition, source_hash, invite_code)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (slug) DO UPDATE
            SET source = EXCLUDED.source, definition = EXCLUDED.definition,
                source_hash = EXCLUDED.source_hash, updated_at = now()
            WHERE consultations.status = 'draft'
         RETURNING {COLUMNS}"
    ))
    .bind(consultation.slug.as_str())
    .bind(source)
    .bind(definition)
    .bind(hash)
    .bind(new_invite_code())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Err(StoreError::Conflict(consultation.slug.0.clone()));
    };
    let stored = from_row(row)?;
    statements::sync_seeds(&mut tx, stored.id, consultation).await?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn by_slug(db: impl PgExecutor<'_>, slug: &str) -> Result<Option<Stored>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM consultations WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(db)
    .await?;
    row.map(from_row).transpose()
}

pub async fn by_invite(db: impl PgExecutor<'_>, code: &str) -> Result<Option<Stored>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM consultations WHERE invite_code = $1"
    ))
    .bind(code)
    .fetch_optional(db)
    .await?;
    row.map(from_row).transpose()
}

pub async fn by_id(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Stored>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM consultations WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(from_row).transpose()
}

/// Moves a consultation to `to`; returns the status it had, or `None` for an unknown slug.
pub async fn set_status(
    db: impl PgExecutor<'_>,
    slug: &str,
    to: Status,
) -> Result<Option<Status>, StoreError> {
    let stamp = match to {
        Status::Open => ", opened_at = now()",
        Status::Closed => ", closed_at = now()",
        Status::Draft => "",
    };
    let row = sqlx::query(&format!(
        "UPDATE consultations c SET status = $2, updated_at = now() {stamp}
         FROM (SELECT id, status FROM consultations WHERE slug = $1 FOR UPDATE) old
         WHERE c.id = old.id RETURNING old.status"
    ))
    .bind(slug)
    .bind(to.as_str())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Status::parse(r.get::<&str, _>(0))))
}

pub struct Listed {
    pub slug: String,
    pub status: Status,
    pub participants: i64,
}

pub async fn list(db: impl PgExecutor<'_>) -> Result<Vec<Listed>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.slug, c.status,
                (SELECT count(*) FROM participants p
                  WHERE p.consultation_id = c.id AND p.notice_accepted_at IS NOT NULL) AS n
           FROM consultations c ORDER BY c.created_at",
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Listed {
                slug: r.try_get("slug")?,
                status: Status::parse(r.try_get::<&str, _>("status")?),
                participants: r.try_get("n")?,
            })
        })
        .collect()
}

/// Deletes a consultation and everything that hangs off it (the demo starts each run clean).
pub async fn delete(db: impl PgExecutor<'_>, slug: &str) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM consultations WHERE slug = $1")
        .bind(slug)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Replaces the stored definition of a consultation whatever its status: only for changes that
/// keep every answer meaningful (a statements stage's moderation mode).
pub async fn replace_definition(
    db: impl PgExecutor<'_>,
    id: i64,
    consultation: &Consultation,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE consultations SET definition = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(serde_json::to_value(consultation)?)
        .execute(db)
        .await?;
    Ok(())
}
