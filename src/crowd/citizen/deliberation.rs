//! The citizen in a statements stage and in the review: votes that lean with their stance,
//! second thoughts on earlier cards, statements of their own (new ones, and the duplicates,
//! empty and over-long ones people send), and now and then a changed answer before submitting.

use rand::Rng;
use rand::seq::IndexedRandom;

use super::{Citizen, CitizenError, Prompt, Seen};
use crate::consultation::{Id, StageKind, StatementStage};
use crate::crowd::texts::{self, Attempt};
use crate::engine::{Callback, Vote};
use crate::i18n::{self, Arg};
use crate::sandbox::Event;

/// A citizen writes at most this many statements (the bot accepts five per stage).
const MAX_ATTEMPTS: usize = 3;

impl Citizen {
    /// Records the vote a card shows as the citizen's vote on that statement: the card, sent or
    /// edited by the bot, is its acknowledgement.
    pub(super) fn note_vote(&mut self, ev: &Event) {
        let marked = ev
            .buttons
            .iter()
            .flatten()
            .filter(|b| b.text.starts_with('✓'))
            .filter_map(|b| Callback::decode(b.data.as_deref()?));
        for cb in marked {
            if let Callback::Vote { statement, vote } = cb {
                self.ledger.voted(self.id, statement, vote);
            }
        }
    }

    fn deck_of(&self, prompt: &Prompt) -> Option<(usize, StatementStage)> {
        let stage = prompt
            .buttons
            .iter()
            .find_map(|d| match Callback::decode(d)? {
                Callback::EndDeck { stage } => Some(stage),
                _ => None,
            })?;
        match &self.consultation.stages.get(stage)?.kind {
            StageKind::Statements(deck) => Some((stage, deck.clone())),
            _ => None,
        }
    }

    /// A vote that leans with the citizen's stance; which way a statement leans comes from
    /// its id, so the crowd splits into camps as real ones do.
    fn opinion(&mut self, statement: i64) -> Vote {
        if self.rng.random_bool(0.12) {
            return Vote::Pass;
        }
        let lean = if statement.rem_euclid(3) == 0 {
            -1.0
        } else {
            1.0
        };
        let agree = (0.5 + 0.4 * self.stance * lean).clamp(0.05, 0.95);
        if self.rng.random_bool(agree) {
            Vote::Agree
        } else {
            Vote::Disagree
        }
    }

    pub(super) async fn on_card(
        &mut self,
        prompt: &Prompt,
        statement: i64,
    ) -> Result<Prompt, CitizenError> {
        if let Some(other) = self.mischief(prompt).await? {
            return Ok(other);
        }
        let Some((stage, deck)) = self.deck_of(prompt) else {
            return self.next_prompt(Some(prompt)).await;
        };
        if deck.submissions && self.attempts < MAX_ATTEMPTS && self.rng.random_bool(0.15) {
            self.attempts += 1;
            if let Some(other) = self.write_statement(&deck).await? {
                return Ok(other);
            }
        }
        self.second_thoughts().await?;
        if self.voted_cards.len() >= 3 && self.rng.random_bool(0.08) {
            return self.leave_deck(prompt, stage).await;
        }
        let vote = self.opinion(statement);
        self.tap(
            prompt.message_id,
            &Callback::Vote { statement, vote }.encode(),
        )
        .await?;
        self.voted_cards.push((prompt.message_id, statement, vote));
        self.next_prompt(Some(prompt)).await
    }

    /// Now and then, on a card voted earlier: a different vote (a change of mind, which the
    /// bot must store as the latest) or the same one again (which must change nothing).
    async fn second_thoughts(&mut self) -> Result<(), CitizenError> {
        let roll: f64 = self.rng.random();
        if roll >= 0.10 {
            return Ok(());
        }
        let Some(&(message, statement, before)) = self.voted_cards.choose(&mut self.rng) else {
            return Ok(());
        };
        let vote = if roll < 0.06 {
            *Vote::ALL
                .iter()
                .filter(|v| **v != before)
                .collect::<Vec<_>>()
                .choose(&mut self.rng)
                .copied()
                .unwrap_or(&before)
        } else {
            before
        };
        self.press(message, &Callback::Vote { statement, vote }.encode())
            .await?;
        if let Some(card) = self.voted_cards.iter_mut().find(|c| c.0 == message) {
            card.2 = vote;
        }
        Ok(())
    }

    /// "Done with statements" or "Continue": on to the next stage.
    pub(super) async fn leave_deck(
        &mut self,
        prompt: &Prompt,
        stage: usize,
    ) -> Result<Prompt, CitizenError> {
        self.maybe_pause().await;
        self.press(prompt.message_id, &Callback::EndDeck { stage }.encode())
            .await?;
        self.past_deck = true;
        self.next_prompt(Some(prompt)).await
    }

    /// Sends a statement and reads the bot's answer to it; the ledger gets it only when the
    /// bot says it was received. Returns a prompt when one arrived instead (the text was lost
    /// and the citizen had to ask again).
    async fn write_statement(
        &mut self,
        deck: &StatementStage,
    ) -> Result<Option<Prompt>, CitizenError> {
        let lang = self
            .lang
            .clone()
            .unwrap_or_else(|| self.consultation.default_language.clone());
        let seeds: Vec<String> = deck
            .seeds
            .iter()
            .map(|s| s.text.get(&lang).to_string())
            .collect();
        let attempt = texts::statement(&mut self.rng, lang.as_str(), &seeds, deck.max_length);
        self.send_text(attempt.text()).await?;
        loop {
            let ev = self.next_message().await?;
            match reply_kind(&ev.plain_text) {
                Reply::Received => {
                    if matches!(attempt, Attempt::Empty(_) | Attempt::TooLong(_)) {
                        // The bot took what it must refuse: the ledger says so, the check fails.
                        tracing::warn!(citizen = self.id, "bot accepted {attempt:?}");
                    }
                    let text = crate::engine::step::clean_text(attempt.text()).replace('\n', " ");
                    self.ledger.wrote(self.id, &text);
                    return Ok(None);
                }
                Reply::Notice => continue,
                Reply::Other => {
                    let prompt = self.classify(&ev);
                    if prompt.seen == Seen::Other {
                        return Ok(None); // a refusal: duplicate, empty, too long, limit
                    }
                    return Ok(Some(prompt));
                }
            }
        }
    }

    pub(super) async fn on_review(
        &mut self,
        prompt: &Prompt,
        stage: usize,
    ) -> Result<Prompt, CitizenError> {
        self.changing = None;
        let changes: Vec<(Id, u8)> = prompt
            .buttons
            .iter()
            .filter_map(|d| match Callback::decode(d)? {
                Callback::Change { question, round } => Some((question, round)),
                _ => None,
            })
            .collect();
        if !self.reviewed
            && self.rng.random_bool(0.25)
            && let Some((question, round)) = changes.choose(&mut self.rng).cloned()
        {
            self.reviewed = true;
            let data = Callback::Change {
                question: question.clone(),
                round,
            }
            .encode();
            self.changing = Some((question, round));
            self.press(prompt.message_id, &data).await?;
            return self.next_prompt(Some(prompt)).await;
        }
        self.maybe_pause().await;
        self.press(prompt.message_id, &Callback::Submit { stage }.encode())
            .await?;
        self.next_prompt(Some(prompt)).await
    }
}

enum Reply {
    /// The bot took the statement.
    Received,
    /// A moderator's decision on an earlier statement, which may arrive at any time.
    Notice,
    Other,
}

fn reply_kind(text: &str) -> Reply {
    const RECEIVED: [&str; 3] = [
        "statement-received-strict",
        "statement-received-lenient",
        "statement-received-off",
    ];
    const NOTICES: [&str; 5] = [
        "statement-approved",
        "statement-rejected",
        "statement-rejected-reason",
        "statement-removed",
        "statement-removed-reason",
    ];
    for ui in i18n::UI_LANGUAGES {
        if RECEIVED.iter().any(|id| i18n::t(ui, id, &[]) == text) {
            return Reply::Received;
        }
        let starts_like = |id: &str| {
            // The part of the notice before the statement's words.
            let marker = "\u{1}";
            let template = i18n::t(
                ui,
                id,
                &[
                    ("statement", Arg::Str(marker)),
                    ("reason", Arg::Str(marker)),
                ],
            );
            template
                .split(marker)
                .next()
                .is_some_and(|head| !head.is_empty() && text.starts_with(head))
        };
        if NOTICES.iter().any(|id| starts_like(id)) {
            return Reply::Notice;
        }
    }
    Reply::Other
}
