//! Simulated citizens taking part through the sandbox, concurrently, each keeping to the ledger
//! only what the bot acknowledged.

pub mod citizen;
pub mod ledger;
pub mod moderator;
pub mod organizer;
pub mod texts;

use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use tokio::task::JoinSet;

use crate::consultation::Consultation;
use crate::sandbox::client::SandboxClient;
pub use citizen::{Citizen, CitizenError, Ending};
pub use ledger::Ledger;

pub struct CrowdConfig {
    pub participants: usize,
    /// The deep-link payload (invite code).
    pub invite: String,
    pub seed: u64,
    /// Telegram user ids start here.
    pub first_user_id: i64,
    /// How many citizens act at the same time.
    pub concurrency: usize,
}

#[derive(Debug, Default)]
pub struct CrowdReport {
    pub finished: usize,
    pub declined: usize,
    pub stuck: Vec<String>,
    /// Messages, presses and stickers the citizens sent.
    pub actions: usize,
    pub elapsed: Duration,
}

/// Telegram app languages in the crowd: mostly the consultation's, some it lacks, some unset.
fn telegram_language(rng: &mut SmallRng, c: &Consultation) -> Option<String> {
    let roll: f64 = rng.random();
    if roll < 0.85 {
        let i = rng.random_range(0..c.languages.len());
        Some(c.languages[i].0.clone())
    } else if roll < 0.93 {
        Some("de".to_string())
    } else {
        None
    }
}

pub async fn run(
    client: SandboxClient,
    consultation: Arc<Consultation>,
    ledger: Arc<Ledger>,
    config: &CrowdConfig,
) -> CrowdReport {
    let start = Instant::now();
    let mut rng = SmallRng::seed_from_u64(config.seed);
    let semaphore = Arc::new(tokio::sync::Semaphore::new(config.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    for n in 0..config.participants {
        let id = config.first_user_id + n as i64;
        let lang = telegram_language(&mut rng, &consultation);
        let citizen_rng = SmallRng::seed_from_u64(rng.random());
        let citizen = Citizen::new(
            id,
            client.clone(),
            consultation.clone(),
            ledger.clone(),
            citizen_rng,
            lang,
        );
        let invite = config.invite.clone();
        let semaphore = semaphore.clone();
        tasks.spawn(async move {
            let _permit = semaphore.acquire_owned().await;
            citizen.run(&invite).await
        });
    }
    let mut report = CrowdReport::default();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok((Ending::Finished, actions))) => {
                report.finished += 1;
                report.actions += actions;
            }
            Ok(Ok((Ending::Declined, actions))) => {
                report.declined += 1;
                report.actions += actions;
            }
            Ok(Err(e)) => report.stuck.push(e.to_string()),
            Err(e) => report.stuck.push(format!("citizen task failed: {e}")),
        }
    }
    report.elapsed = start.elapsed();
    report
}
