//! The organizer moderating while the crowd takes part: `/moderate`, then Approve or Reject on
//! each statement (sometimes `/reject NUMBER REASON`), until the crowd is done and nothing
//! waits. Only what the bot confirms ("Approved #12.") goes to the ledger.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::Ledger;
use crate::engine::Status;
use crate::i18n::{Arg, t};
use crate::sandbox::client::{ClientError, SandboxClient};
use crate::sandbox::{EventKind, NewUser};

const REASONS: &[&str] = &[
    "It names a person.",
    "Off topic for this consultation.",
    "Please keep it polite & about the data.",
];

#[derive(Debug, Default, Clone, Copy)]
pub struct ModerationReport {
    pub approved: usize,
    pub rejected: usize,
}

/// Moderates until `done` is set and the queue is empty. The moderator is a staff user of its
/// own (`id`), so its chat does not mix with the organizer's other commands.
pub async fn run(
    client: SandboxClient,
    id: i64,
    ledger: Arc<Ledger>,
    seed: u64,
    done: Arc<AtomicBool>,
) -> Result<ModerationReport, ClientError> {
    let mut user = NewUser::new(id, "Moderator");
    user.language_code = Some("en".into());
    client.register_user(&user).await?;
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut report = ModerationReport::default();
    let mut after = 0;
    let empty = t("en", "moderate-empty", &[]);
    client.send_text(id, "/moderate").await?;
    loop {
        let events = client.events(id, after, Duration::from_secs(3)).await?;
        if events.is_empty() {
            // An answer lost to a restart, or a long quiet spell: ask again.
            client.send_text(id, "/moderate").await?;
            continue;
        }
        for ev in events {
            after = after.max(ev.seq);
            if ev.kind != EventKind::Message {
                continue;
            }
            let text = ev.plain_text.as_str();
            if let Some(n) = number_after(text, "moderate-approved") {
                ledger.decided(n, Status::Approved);
                report.approved += 1;
            } else if let Some(n) = number_after(text, "moderate-rejected") {
                ledger.decided(n, Status::Rejected);
                report.rejected += 1;
            } else if text == empty {
                if done.load(Ordering::SeqCst) {
                    return Ok(report);
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
                client.send_text(id, "/moderate").await?;
            } else if let Some(statement) = number_after(text, "moderate-card") {
                let roll: f64 = rng.random();
                if roll < 0.08 {
                    let reason = REASONS[rng.random_range(0..REASONS.len())];
                    client
                        .send_text(id, &format!("/reject {statement} {reason}"))
                        .await?;
                    // /reject does not show the next card by itself.
                    client.send_text(id, "/moderate").await?;
                } else {
                    let verdict = if roll < 0.2 { "r" } else { "a" };
                    let data = format!("M:{verdict}:{statement}");
                    match client.press(id, ev.message_id, &data).await {
                        Ok(_) | Err(ClientError::Rejected { status: 400, .. }) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }
}

/// The number in a confirmation or card built from the English message `id`: "Approved #12."
/// gives 12.
fn number_after(text: &str, id: &str) -> Option<i64> {
    let marker = "\u{1}";
    let template = t(
        "en",
        id,
        &[
            ("id", Arg::Str(marker)),
            ("slug", Arg::Str("")),
            ("stage", Arg::Str("")),
            ("language", Arg::Str("")),
            ("remaining", Arg::Num(2)),
        ],
    );
    let head = template.split(marker).next()?;
    let rest = text.strip_prefix(head)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_from_the_bots_confirmations() {
        assert_eq!(number_after("Approved #12.", "moderate-approved"), Some(12));
        assert_eq!(number_after("Rejected #7.", "moderate-rejected"), Some(7));
        assert_eq!(number_after("Rejected #7.", "moderate-approved"), None);
        let card = t(
            "en",
            "moderate-card",
            &[
                ("id", Arg::Num(31)),
                ("slug", Arg::Str("city")),
                ("stage", Arg::Str("talk")),
                ("language", Arg::Str("es")),
                ("remaining", Arg::Num(4)),
            ],
        );
        assert_eq!(number_after(&card, "moderate-card"), Some(31));
    }
}
