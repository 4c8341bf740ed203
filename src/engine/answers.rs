//! A participant's current answers, as the engine sees them: by question and round.

use std::collections::BTreeMap;

use super::AnswerValue;
use crate::consultation::Id;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers(BTreeMap<(Id, u8), AnswerValue>);

impl Answers {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, question: &Id, round: u8) -> Option<&AnswerValue> {
        self.0.get(&(question.clone(), round))
    }

    pub fn set(&mut self, question: Id, round: u8, value: AnswerValue) {
        self.0.insert((question, round), value);
    }

    pub fn clear(&mut self, question: &Id, round: u8) -> Option<AnswerValue> {
        self.0.remove(&(question.clone(), round))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Id, u8, &AnswerValue)> {
        self.0.iter().map(|((q, r), v)| (q, *r, v))
    }
}
