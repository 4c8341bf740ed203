//! Outputs for coordinators: the responses CSV, the summary, and (in the demo) a transcript.

pub mod csv;
mod statements;
pub mod summary;
pub mod transcript;

use sqlx::PgPool;

use crate::store::{
    StoreError, answers::CurrentAnswer, consultations::Stored, participants, statements as tallies,
};

/// The summary of a stored consultation as it stands: what the demo writes, `assent export
/// --format summary` prints and `/export summary SLUG` sends.
/// `current` are the consultation's current answers, which every caller has already read.
pub async fn summary_of(
    pool: &PgPool,
    stored: &Stored,
    current: &[CurrentAnswer],
) -> Result<String, StoreError> {
    let counts = participants::counts(pool, stored.id).await?;
    let who = summary::Participation {
        started: counts.started,
        consented: counts.consented,
        completed: counts.completed,
    };
    let tally = tallies::tally(pool, stored.id).await?;
    Ok(summary::markdown(&stored.definition, current, &who, &tally))
}
