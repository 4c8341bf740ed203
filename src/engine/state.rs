//! A participant's place in a consultation, stored as JSON in PostgreSQL between updates.

use serde::{Deserialize, Serialize};

use crate::consultation::{Id, Lang};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticipantState {
    /// The consultation language chosen by the participant; `None` until they choose.
    pub language: Option<Lang>,
    pub step: Step,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    ChoosingLanguage,
    /// The notice is shown and waits for an answer.
    Notice,
    /// The participant said no; only the pseudonymous record exists.
    Declined,
    /// At item `item` (a question or card) of stage `stage`.
    At {
        stage: usize,
        item: usize,
        /// Options ticked so far on a `multi` question in the order ticked, or placed so far on
        /// a `ranking` question.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        selected: Vec<Id>,
        /// Changing an answer from the review: after it, go back to the review.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        review: bool,
    },
    /// In the statements stage `stage`, looking at statement `card` (`None`: no card left).
    Deck {
        stage: usize,
        card: Option<i64>,
    },
    Finished,
}

impl ParticipantState {
    pub fn new() -> Self {
        ParticipantState {
            language: None,
            step: Step::ChoosingLanguage,
        }
    }

    /// Whether the notice was accepted, i.e. answers may be stored.
    pub fn has_consented(&self) -> bool {
        matches!(
            self.step,
            Step::At { .. } | Step::Deck { .. } | Step::Finished
        )
    }
}

impl Default for ParticipantState {
    fn default() -> Self {
        Self::new()
    }
}
