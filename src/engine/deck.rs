//! The statements a participant can meet in a statements stage, and which card comes next.
//!
//! Next-card rule: among the statements visible to the participant that they have not voted on,
//! the one with the highest priority
//!
//! ```text
//! priority = (1 − pass_rate) × (1 + split) / (1 + votes / 5)
//! pass_rate = (pass + 1) / (votes + 2)        split = 1 − |agree − disagree| / (agree + disagree + 2)
//! ```
//!
//! Few votes first: the divisor halves a statement's priority by its fifth vote and keeps
//! falling, so new statements, from seeds or participants, get their first votes quickly and no
//! statement is left with too few votes to place it. Informative next: a statement people pass
//! on tells little (unclear or off-topic), and a statement that splits opinion tells more about
//! who thinks what than one everyone agrees with, which is what opinion groups are built from
//! (as in Polis, which also favours new and divisive, rarely passed comments). Ties, frequent at
//! the start, are broken by a hash of the participant and the statement, so people do not all
//! see the same first card.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::consultation::{Id, Lang, Moderation};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    Agree,
    Disagree,
    Pass,
}

impl Vote {
    pub const ALL: [Vote; 3] = [Vote::Agree, Vote::Disagree, Vote::Pass];

    pub fn as_str(self) -> &'static str {
        match self {
            Vote::Agree => "agree",
            Vote::Disagree => "disagree",
            Vote::Pass => "pass",
        }
    }

    pub fn from_name(name: &str) -> Option<Vote> {
        Vote::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// One letter, for callback data.
    pub fn code(self) -> char {
        match self {
            Vote::Agree => 'a',
            Vote::Disagree => 'd',
            Vote::Pass => 'p',
        }
    }

    pub fn from_code(code: &str) -> Option<Vote> {
        Vote::ALL.into_iter().find(|v| v.code().to_string() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for an organizer (strict and lenient stages).
    Pending,
    Approved,
    /// Rejected, or removed after being shown: its votes count nowhere.
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }

    pub fn from_name(name: &str) -> Option<Status> {
        [Status::Pending, Status::Approved, Status::Rejected]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// Where a statement's words are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wording {
    /// A seed statement: its text is in the consultation file, in every language.
    Seed(Id),
    /// Written by a participant, in their language.
    Written { text: String, language: Lang },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub id: i64,
    pub stage: Id,
    pub wording: Wording,
    pub status: Status,
    /// Written by the participant this deck is for.
    pub own: bool,
    pub agree: u32,
    pub disagree: u32,
    pub pass: u32,
}

impl Statement {
    pub fn votes(&self) -> u32 {
        self.agree + self.disagree + self.pass
    }

    fn priority(&self) -> f64 {
        let (a, d, p) = (
            f64::from(self.agree),
            f64::from(self.disagree),
            f64::from(self.pass),
        );
        let n = a + d + p;
        let pass_rate = (p + 1.0) / (n + 2.0);
        let split = 1.0 - (a - d).abs() / (a + d + 2.0);
        (1.0 - pass_rate) * (1.0 + split) / (1.0 + n / 5.0)
    }

    /// Whether a participant may be shown it (and vote on it) under `moderation`.
    pub fn visible(&self, moderation: Moderation) -> bool {
        match self.status {
            Status::Approved => !self.own,
            Status::Pending => moderation != Moderation::Strict && !self.own,
            Status::Rejected => false,
        }
    }

    pub fn count(&mut self, vote: Vote, delta: i32) {
        let slot = match vote {
            Vote::Agree => &mut self.agree,
            Vote::Disagree => &mut self.disagree,
            Vote::Pass => &mut self.pass,
        };
        *slot = slot.saturating_add_signed(delta);
    }
}

/// The statements of a consultation (all stages) and this participant's current votes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deck {
    pub statements: Vec<Statement>,
    pub votes: BTreeMap<i64, Vote>,
}

impl Deck {
    pub fn get(&self, id: i64) -> Option<&Statement> {
        self.statements.iter().find(|s| s.id == id)
    }

    /// How many statements of `stage` the participant has voted on.
    pub fn voted_in(&self, stage: &Id) -> usize {
        self.statements
            .iter()
            .filter(|s| &s.stage == stage && self.votes.contains_key(&s.id))
            .count()
    }

    /// How many cards of `stage` the participant can meet now: visible, voted on or not.
    pub fn cards_in(&self, stage: &Id, moderation: Moderation) -> usize {
        self.statements
            .iter()
            .filter(|s| &s.stage == stage && s.visible(moderation))
            .count()
    }

    /// How many statements the participant wrote in `stage`.
    pub fn written_in(&self, stage: &Id) -> usize {
        self.statements
            .iter()
            .filter(|s| &s.stage == stage && s.own)
            .count()
    }

    /// The next card for this participant, by the rule in the module documentation.
    pub fn next_card(&self, stage: &Id, moderation: Moderation, seed: u64) -> Option<i64> {
        self.statements
            .iter()
            .filter(|s| &s.stage == stage && s.visible(moderation))
            .filter(|s| !self.votes.contains_key(&s.id))
            .map(|s| (s.priority(), tie_break(seed, s.id), s.id))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, _, id)| id)
    }

    /// Applies a vote locally, keeping the counts in step (the store does the same).
    pub fn vote(&mut self, id: i64, vote: Vote) {
        let before = self.votes.insert(id, vote);
        if let Some(s) = self.statements.iter_mut().find(|s| s.id == id) {
            if let Some(old) = before {
                s.count(old, -1);
            }
            s.count(vote, 1);
        }
    }
}

/// A cheap, stable mix of the participant and the statement (SplitMix64's finaliser).
fn tie_break(seed: u64, id: i64) -> u64 {
    let mut z = seed ^ (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(id: i64, agree: u32, disagree: u32, pass: u32) -> Statement {
        Statement {
            id,
            stage: Id("s".into()),
            wording: Wording::Seed(Id(format!("seed{id}"))),
            status: Status::Approved,
            own: false,
            agree,
            disagree,
            pass,
        }
    }

    fn deck(statements: Vec<Statement>) -> Deck {
        Deck {
            statements,
            votes: BTreeMap::new(),
        }
    }

    #[test]
    fn fewer_votes_come_first() {
        let d = deck(vec![statement(1, 10, 10, 0), statement(2, 1, 0, 0)]);
        assert_eq!(d.next_card(&Id("s".into()), Moderation::Strict, 7), Some(2));
    }

    #[test]
    fn with_equal_votes_divisive_beats_consensus_and_passed_loses() {
        let d = deck(vec![
            statement(1, 10, 0, 0),
            statement(2, 5, 5, 0),
            statement(3, 0, 0, 10),
        ]);
        let s = Id("s".into());
        assert_eq!(d.next_card(&s, Moderation::Strict, 1), Some(2));
        let without_divisive = deck(vec![statement(1, 10, 0, 0), statement(3, 0, 0, 10)]);
        assert_eq!(
            without_divisive.next_card(&s, Moderation::Strict, 1),
            Some(1)
        );
    }

    #[test]
    fn voted_own_rejected_and_strict_pending_statements_are_never_dealt() {
        let mut own = statement(2, 0, 0, 0);
        own.own = true;
        let mut rejected = statement(3, 0, 0, 0);
        rejected.status = Status::Rejected;
        let mut pending = statement(4, 0, 0, 0);
        pending.status = Status::Pending;
        let mut d = deck(vec![statement(1, 3, 0, 0), own, rejected, pending]);
        let s = Id("s".into());
        assert_eq!(d.next_card(&s, Moderation::Lenient, 3), Some(4));
        assert_eq!(d.next_card(&s, Moderation::Strict, 3), Some(1));
        d.vote(1, Vote::Pass);
        assert_eq!(d.next_card(&s, Moderation::Strict, 3), None);
        assert_eq!(d.voted_in(&s), 1);
    }

    #[test]
    fn ties_are_broken_differently_for_different_participants() {
        let d = deck((1..=20).map(|id| statement(id, 0, 0, 0)).collect());
        let s = Id("s".into());
        let firsts: std::collections::BTreeSet<i64> = (0..50)
            .filter_map(|seed| d.next_card(&s, Moderation::Off, seed))
            .collect();
        assert!(firsts.len() > 5, "{firsts:?}");
    }

    #[test]
    fn changing_a_vote_moves_the_count() {
        let mut d = deck(vec![statement(1, 0, 0, 0)]);
        d.vote(1, Vote::Agree);
        d.vote(1, Vote::Disagree);
        let s = d.get(1).unwrap();
        assert_eq!((s.agree, s.disagree, s.pass), (0, 1, 0));
    }
}
