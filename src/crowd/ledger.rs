//! The crowd's ledger: what each simulated citizen saw acknowledged by the bot, and what the
//! organizer saw decided. The demo compares it with the database, item by item.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::engine::{AnswerValue, Status, Vote};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Entry {
    /// The notice acceptance was acknowledged (the first item arrived after it).
    pub consented: bool,
    /// The latest acknowledged answer per (question, round).
    pub answers: BTreeMap<(String, u8), AnswerValue>,
    /// The vote each card shows, by statement id.
    pub votes: BTreeMap<i64, Vote>,
    /// Statements the bot said it received, as cleaned text, in the order written.
    pub statements: Vec<String>,
    pub finished: bool,
}

/// What the crowd saw, summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub participants: usize,
    pub answers: usize,
    pub votes: usize,
    pub statements: usize,
}

/// Shared by all citizens of a crowd; keyed by Telegram user id. Moderation decisions are keyed
/// by statement id.
#[derive(Debug, Default)]
pub struct Ledger {
    entries: Mutex<BTreeMap<i64, Entry>>,
    decisions: Mutex<BTreeMap<i64, Status>>,
}

impl Ledger {
    fn with<T>(&self, user: i64, f: impl FnOnce(&mut Entry) -> T) -> T {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        f(entries.entry(user).or_default())
    }

    pub fn consented(&self, user: i64) {
        self.with(user, |e| e.consented = true);
    }

    pub fn answered(&self, user: i64, question: &str, round: u8, value: AnswerValue) {
        self.with(user, |e| {
            e.answers.insert((question.to_string(), round), value);
        });
    }

    /// The answer no longer counts: a changed earlier answer hides its question.
    pub fn withdrawn(&self, user: i64, question: &str, round: u8) {
        self.with(user, |e| {
            e.answers.remove(&(question.to_string(), round));
        });
    }

    pub fn answers_of(&self, user: i64) -> BTreeMap<(String, u8), AnswerValue> {
        self.with(user, |e| e.answers.clone())
    }

    pub fn voted(&self, user: i64, statement: i64, vote: Vote) {
        self.with(user, |e| {
            e.votes.insert(statement, vote);
        });
    }

    pub fn wrote(&self, user: i64, text: &str) {
        self.with(user, |e| e.statements.push(text.to_string()));
    }

    pub fn finished(&self, user: i64) {
        self.with(user, |e| e.finished = true);
    }

    /// The organizer saw the bot confirm a decision on a statement.
    pub fn decided(&self, statement: i64, status: Status) {
        let mut decisions = self.decisions.lock().unwrap_or_else(|p| p.into_inner());
        decisions.insert(statement, status);
    }

    pub fn decisions(&self) -> BTreeMap<i64, Status> {
        self.decisions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn snapshot(&self) -> BTreeMap<i64, Entry> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Totals over the participants who consented, as the crowd saw them acknowledged.
    pub fn totals(&self) -> Totals {
        let entries = self.snapshot();
        let mut t = Totals::default();
        for e in entries.values().filter(|e| e.consented) {
            t.participants += 1;
            t.answers += e.answers.len();
            t.votes += e.votes.len();
            t.statements += e.statements.len();
        }
        t
    }
}
