//! The consultation engine: pure, (state, input) → (new state, effects, records).
//!
//! No Telegram and no SQL here. The adapter turns an update into an [`Input`], loads the
//! participant's [`ParticipantState`], calls [`step`], stores the records and the new state in
//! one transaction, and only then performs the effects.

pub mod answers;
mod branch;
pub mod callback;
pub mod deck;
mod deliberation;
pub mod flow;
pub mod number;
mod question;
pub mod render;
mod review;
pub mod state;

pub mod step;

use serde::{Deserialize, Serialize};

pub use answers::Answers;
pub use callback::Callback;
pub use deck::{Deck, Status, Vote};
pub use state::{ParticipantState, Step};
pub use step::step;

use crate::consultation::{Consultation, Id, Lang};

/// What a participant did, already stripped of Telegram specifics.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// `/start`, with or without an invite code that led to this consultation.
    Start,
    Help,
    /// `/language`.
    Language,
    /// `/forget`: withdraw and delete one's answers (after confirmation).
    Forget,
    /// `/back`: return to the previous question of the stage.
    Back,
    Text(String),
    /// A button press on the bot's message `message_id`.
    Button {
        data: String,
        message_id: i32,
    },
    /// A sticker, photo, voice message, location, document…
    Unsupported,
    /// An edit of an earlier message.
    Edited,
}

/// Facts about the world the engine needs but must not fetch.
pub struct Context<'a> {
    pub consultation: &'a Consultation,
    /// Whether the consultation currently accepts answers.
    pub open: bool,
    /// The language the participant's Telegram app uses, if known.
    pub telegram_language: Option<&'a str>,
    /// The participant's current answers (both rounds).
    pub answers: &'a Answers,
    /// The consultation's statements and the participant's votes on them.
    pub deck: &'a Deck,
    /// Stable per participant: spreads first cards across people.
    pub seed: u64,
    /// The newest question prompt in the chat: question buttons on older messages are stale.
    pub latest_prompt: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub text: String,
    pub data: String,
}

impl Button {
    pub fn new(text: String, callback: Callback) -> Self {
        Button {
            text,
            data: callback.encode(),
        }
    }
}

/// A message body in Telegram HTML, with inline buttons (rows of buttons).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub buttons: Vec<Vec<Button>>,
}

impl Reply {
    pub fn text(text: String) -> Self {
        Reply {
            text,
            buttons: vec![],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    Send {
        reply: Reply,
    },
    /// Replace an earlier bot message (text and buttons).
    Edit {
        message_id: i32,
        reply: Reply,
    },
    /// Replace only the buttons of an earlier bot message.
    EditButtons {
        message_id: i32,
        buttons: Vec<Vec<Button>>,
    },
    /// The short notice shown when answering the button press (at most one per input).
    Toast {
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum AnswerValue {
    Choice(Id),
    Choices(Vec<Id>),
    Point(u8),
    Text(String),
    Skipped,
    /// A `scale` value.
    Scale(i32),
    /// A `ranking`: every option, most preferred first.
    Order(Vec<Id>),
    Number(Num),
}

/// A typed number. Compared by bit pattern, so it can live in `Eq` records (it is never NaN:
/// parsing refuses it).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Num(pub f64);

impl PartialEq for Num {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Num {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    LanguageChosen(Lang),
    NoticeAccepted {
        version: u32,
    },
    NoticeDeclined {
        version: u32,
    },
    Answer {
        question: Id,
        /// 2 for a stage asked again after deliberation (`repeat_of`), else 1.
        round: u8,
        value: AnswerValue,
    },
    /// The answer no longer applies: the question's `show_if` became false.
    Cleared {
        question: Id,
        round: u8,
    },
    Vote {
        statement: i64,
        vote: Vote,
    },
    /// A statement written by the participant in a statements stage.
    Statement {
        stage: Id,
        text: String,
        language: Lang,
        status: Status,
    },
    Completed,
    /// The participant withdrew: delete their answers and their chat link.
    Forgotten,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub state: ParticipantState,
    pub effects: Vec<Effect>,
    pub records: Vec<Record>,
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_deliberation;
