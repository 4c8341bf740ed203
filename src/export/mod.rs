//! Outputs for coordinators: the responses CSV, the summary, and (in the demo) a transcript.

pub mod csv;
mod statements;
pub mod summary;
pub mod transcript;

use sqlx::PgPool;

use crate::store::{
    StoreError, answers, consultations::Stored, participants, statements as tallies,
};

/// The summary of a stored consultation as it stands: what the demo writes, `assent export
/// --format summary` prints and `/export summary SLUG` sends.
pub async fn summary_of(pool: &PgPool, stored: &Stored) -> Result<String, StoreError> {
    let current = answers::current(pool, stored.id).await?;
    let counts = participants::counts(pool, stored.id).await?;
    let who = summary::Participation {
        started: counts.started,
        consented: counts.consented,
        completed: counts.completed,
    };
    let tally = tallies::tally(pool, stored.id).await?;
    Ok(summary::markdown(
        &stored.definition,
        &current,
        &who,
        &tally,
    ))
}
