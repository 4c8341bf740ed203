//! Statements stages: dealing cards, votes, and statements written by participants.

use super::deck::{Statement, Wording};
use super::render::escape;
use super::step::Turn;
use super::{Effect, Record, Status, Step, Vote};
use crate::consultation::{Id, Moderation, StageKind, StatementStage};

/// A participant may write this many statements per stage: enough to say what is missing, too
/// few to flood the queue.
pub const MAX_WRITTEN: usize = 5;
/// Letters or digits a participant's statement needs at the least.
const MIN_LETTERS: usize = 3;

/// Two statements whose word sets overlap this much (Jaccard) are the same statement.
const DUPLICATE_OVERLAP: f64 = 0.85;

impl Turn<'_> {
    fn deck_stage(&self, stage: usize) -> Option<(&Id, &StatementStage)> {
        let s = self.ctx.consultation.stages.get(stage)?;
        match &s.kind {
            StageKind::Statements(deck) => Some((&s.id, deck)),
            _ => None,
        }
    }

    /// Enters a statements stage: what it is about, then the first card.
    pub(super) fn open_deck(&mut self, stage: usize, opens_stage: bool) {
        let Some((_, deck)) = self.deck_stage(stage) else {
            return self.finish();
        };
        let deck = deck.clone();
        let intro = self.with_renderer(|r| r.deck_intro(stage, &deck, opens_stage));
        self.send(intro);
        self.deal(stage);
    }

    /// After `/start` or a language change: the current card again, or the end of the deck.
    pub(super) fn reshow_deck(&mut self, stage: usize, card: Option<i64>) {
        match card.and_then(|id| self.deck.get(id).cloned()) {
            Some(statement) if self.can_vote_on(&statement) => self.show_card(stage, &statement),
            _ => self.deal(stage),
        }
    }

    /// Shows the next card, or says there is none left and offers to go on.
    fn deal(&mut self, stage: usize) {
        let Some((id, deck)) = self.deck_stage(stage) else {
            return self.finish();
        };
        let (id, max_cards, moderation) = (id.clone(), deck.max_cards, deck.moderation);
        let seen = self.deck.voted_in(&id);
        let next = (seen < max_cards)
            .then(|| self.deck.next_card(&id, moderation, self.ctx.seed))
            .flatten();
        self.state.step = Step::Deck { stage, card: next };
        match next.and_then(|n| self.deck.get(n).cloned()) {
            Some(statement) => self.show_card(stage, &statement),
            None => {
                let reply = self.with_renderer(|r| r.deck_end(stage, seen >= max_cards));
                self.send(reply);
            }
        }
    }

    fn show_card(&mut self, stage: usize, statement: &Statement) {
        let vote = self.deck.votes.get(&statement.id).copied();
        let number = self.deck.voted_in(&statement.stage) + usize::from(vote.is_none());
        // "of up to N": the stage's limit, or fewer when fewer statements are there to meet.
        let total = match (self.deck_stage(stage), self.moderation_of(&statement.stage)) {
            (Some((_, deck)), Some(moderation)) => deck
                .max_cards
                .min(self.deck.cards_in(&statement.stage, moderation))
                .max(number),
            _ => number,
        };
        let reply =
            self.with_renderer(|r| r.statement_card(stage, statement, Some((number, total)), vote));
        self.send(reply);
    }

    fn moderation_of(&self, stage: &Id) -> Option<Moderation> {
        let c = self.ctx.consultation;
        c.stages
            .iter()
            .find(|s| &s.id == stage)
            .and_then(|s| match &s.kind {
                StageKind::Statements(deck) => Some(deck.moderation),
                _ => None,
            })
    }

    fn can_vote_on(&self, statement: &Statement) -> bool {
        self.moderation_of(&statement.stage)
            .is_some_and(|m| statement.visible(m))
    }

    /// A vote on any card the participant was shown: the current one moves the deck on; an
    /// earlier one changes that vote; the same vote again (a double tap) changes nothing.
    pub(super) fn vote(&mut self, id: i64, vote: Vote, message_id: i32) {
        if !self.state.has_consented() {
            return self.toast("hint-stale-button");
        }
        if !self.ctx.open {
            return self.toast("hint-not-open");
        }
        let Some(statement) = self.deck.get(id).cloned() else {
            return self.toast("hint-stale-button");
        };
        if !self.can_vote_on(&statement) {
            return self.toast("statement-withdrawn");
        }
        let before = self.deck.votes.get(&id).copied();
        if before == Some(vote) {
            return self.toast("vote-unchanged");
        }
        let Some(stage) = super::flow::stage_index(self.ctx.consultation, &statement.stage) else {
            return self.toast("hint-stale-button");
        };
        self.records.push(Record::Vote {
            statement: id,
            vote,
        });
        self.deck.vote(id, vote);
        let card = self.with_renderer(|r| r.statement_card(stage, &statement, None, Some(vote)));
        self.effects.push(Effect::Edit {
            message_id,
            reply: card,
        });
        let is_current = self.state.step
            == Step::Deck {
                stage,
                card: Some(id),
            };
        if is_current {
            self.toast("vote-saved");
            self.deal(stage);
        } else {
            self.toast(if before.is_some() {
                "vote-changed"
            } else {
                "vote-saved"
            });
        }
    }

    /// "Done with statements": on to the next stage.
    pub(super) fn end_deck(&mut self, stage: usize, message_id: i32) {
        match self.state.step {
            Step::Deck { stage: s, card } if s == stage => {
                if card.is_none() {
                    self.remove_buttons(message_id);
                }
                self.ack();
                self.walk_from(stage + 1, 0, super::flow::Mode::Forward, Some(stage));
            }
            _ => self.toast("hint-stale-button"),
        }
    }

    /// "Write a statement": says how. A typed message is what submits, so the button works
    /// only where a message would be taken as a statement.
    pub(super) fn write_prompt(&mut self, stage: usize) {
        let open = matches!(self.state.step, Step::Deck { stage: s, .. } if s == stage);
        match self.deck_stage(stage) {
            Some((_, deck)) if open && deck.submissions => {
                let limit = deck.max_length;
                self.ack();
                self.say_with("deck-write-prompt", &[("limit", limit.into())]);
            }
            _ => self.toast("hint-stale-button"),
        }
    }

    /// A message typed in a statements stage: a statement of the participant's own.
    pub(super) fn submit_statement(&mut self, stage: usize, raw: &str) {
        let Some((id, deck)) = self.deck_stage(stage) else {
            return self.say("hint-text-not-expected");
        };
        let (id, deck) = (id.clone(), deck.clone());
        if !deck.submissions {
            return self.say("statement-closed");
        }
        if self.deck.written_in(&id) >= MAX_WRITTEN {
            return self.say_with("statement-limit", &[("max", MAX_WRITTEN.into())]);
        }
        let text = super::step::clean_text(raw).replace('\n', " ");
        let length = text.chars().count();
        if length == 0 {
            return self.say("statement-empty");
        }
        // "!!!" or "a" gives others nothing to agree or disagree with.
        if text.chars().filter(|c| c.is_alphanumeric()).count() < MIN_LETTERS {
            return self.say("statement-too-short");
        }
        if length > deck.max_length {
            return self.say_with(
                "statement-too-long",
                &[("length", length.into()), ("limit", deck.max_length.into())],
            );
        }
        if let Some(existing) = self.duplicate_of(&id, &deck, &text) {
            return self.point_to(&deck, &existing);
        }
        let status = match deck.moderation {
            Moderation::Off => Status::Approved,
            Moderation::Strict | Moderation::Lenient => Status::Pending,
        };
        self.records.push(Record::Statement {
            stage: id,
            text,
            language: self.lang(),
            status,
        });
        self.say(match deck.moderation {
            Moderation::Strict => "statement-received-strict",
            Moderation::Lenient => "statement-received-lenient",
            Moderation::Off => "statement-received-off",
        });
    }

    /// An existing statement of the stage (any language, not rejected) saying the same.
    fn duplicate_of(&self, stage: &Id, deck: &StatementStage, text: &str) -> Option<Statement> {
        let words = words(text);
        self.deck
            .statements
            .iter()
            .filter(|s| &s.stage == stage)
            .find(|s| {
                wordings(s, deck)
                    .iter()
                    .any(|w| same_statement(&words, &self::words(w)))
            })
            .cloned()
    }

    fn point_to(&mut self, deck: &StatementStage, existing: &Statement) {
        // Sending a declined statement again would only fill the moderators' queue again.
        if existing.status == Status::Rejected {
            return self.say("statement-duplicate-rejected");
        }
        let hidden = existing.status == Status::Pending && deck.moderation == Moderation::Strict;
        if hidden && !existing.own {
            return self.say("statement-duplicate-pending");
        }
        let quoted = self.with_renderer(|r| r.statement_text(existing, deck));
        // One's own statement is never dealt to oneself, so it cannot be offered for a vote.
        let message = if existing.own {
            "statement-duplicate-own"
        } else {
            "statement-duplicate"
        };
        let reply = self.with_renderer(|r| {
            super::Reply::text(escape(
                &r.ta(message, &[("existing", quoted.as_str().into())]),
            ))
        });
        self.send(reply);
    }
}

/// Every wording of a statement: a seed in each language, or the participant's text.
fn wordings(s: &Statement, deck: &StatementStage) -> Vec<String> {
    match &s.wording {
        Wording::Written { text, .. } => vec![text.clone()],
        Wording::Seed(id) => deck
            .seeds
            .iter()
            .filter(|seed| &seed.id == id)
            .flat_map(|seed| seed.text.0.values().cloned())
            .collect(),
    }
}

/// Lower-cased words, punctuation dropped.
pub(super) fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The same words, or (for statements of four words or more) word sets overlapping by
/// [`DUPLICATE_OVERLAP`]: "Data must never be sold." and "data must never be sold!!" are one
/// statement; "Data must be sold" and "Data must never be sold" are two.
fn same_statement(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    if a.len() < 4 || b.len() < 4 {
        return false;
    }
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let union = a.len() + b.len() - shared;
    shared as f64 / union as f64 >= DUPLICATE_OVERLAP
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        same_statement(&words(a), &words(b))
    }

    #[test]
    fn near_duplicates_are_caught_and_opposites_are_not() {
        assert!(same(
            "Data must never be sold.",
            "data must NEVER be sold!!"
        ));
        assert!(same(
            "The council should publish every data request it receives",
            "The council should publish every data request that it receives"
        ));
        assert!(!same("Data must be sold", "Data must never be sold"));
        assert!(!same("Yes", "No"));
        assert!(!same("", ""));
    }
}
