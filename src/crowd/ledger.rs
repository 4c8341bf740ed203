//! The crowd's ledger: what each simulated citizen saw acknowledged by the bot.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::engine::AnswerValue;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Entry {
    /// The notice acceptance was acknowledged (the first item arrived after it).
    pub consented: bool,
    /// The latest acknowledged answer per question.
    pub answers: BTreeMap<String, AnswerValue>,
    pub finished: bool,
}

/// Shared by all citizens of a crowd; keyed by Telegram user id.
#[derive(Debug, Default)]
pub struct Ledger {
    entries: Mutex<BTreeMap<i64, Entry>>,
}

impl Ledger {
    fn with<T>(&self, user: i64, f: impl FnOnce(&mut Entry) -> T) -> T {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        f(entries.entry(user).or_default())
    }

    pub fn consented(&self, user: i64) {
        self.with(user, |e| e.consented = true);
    }

    pub fn answered(&self, user: i64, question: &str, value: AnswerValue) {
        self.with(user, |e| {
            e.answers.insert(question.to_string(), value);
        });
    }

    pub fn finished(&self, user: i64) {
        self.with(user, |e| e.finished = true);
    }

    pub fn snapshot(&self) -> BTreeMap<i64, Entry> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// (participants who consented, answers) as the crowd saw them acknowledged.
    pub fn totals(&self) -> (usize, usize) {
        let entries = self.snapshot();
        let consented: Vec<&Entry> = entries.values().filter(|e| e.consented).collect();
        (
            consented.len(),
            consented.iter().map(|e| e.answers.len()).sum(),
        )
    }
}
