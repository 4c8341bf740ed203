//! Validated consultation: every value here has passed `parse`, so the engine never re-checks
//! ids, languages or references.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A language code declared by the consultation (`en`, `es`, `pt-BR`, …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Lang(pub String);

impl Lang {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A text given in every declared language (parse guarantees completeness).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Text(pub BTreeMap<Lang, String>);

impl Text {
    /// The text in `lang`, falling back to any language so a lookup can never fail at run time.
    pub fn get(&self, lang: &Lang) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Identifier of a stage, question, option or card: `[a-z0-9_-]+`, short enough for callback data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consultation {
    pub slug: Id,
    pub languages: Vec<Lang>,
    pub default_language: Lang,
    pub time_zone: Tz,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub title: Text,
    /// Shown once, after the notice is accepted and before the first stage.
    pub intro: Option<Text>,
    pub notice: Notice,
    /// Shown after the last stage; assent adds its own "what happens next" line.
    pub closing: Option<Text>,
    pub stages: Vec<Stage>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub version: u32,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: Id,
    pub title: Option<Text>,
    pub kind: StageKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StageKind {
    /// Indexes into `Consultation::questions`, in asking order.
    Questions {
        questions: Vec<usize>,
        /// Set on a deliberative-polling stage: the index of the earlier `questions` stage whose
        /// questions it asks again (`questions` is then a copy of that stage's list). Its answers
        /// are stored as round 2, beside the round-1 answers.
        repeat_of: Option<usize>,
    },
    Info {
        cards: Vec<Card>,
    },
    Statements(StatementStage),
    /// Lists the participant's answers and lets them change any before submitting.
    Review,
}

/// A deck of statements voted on one card at a time (agree / disagree / pass).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementStage {
    /// Shown once, when the stage opens: what the statements are about.
    pub prompt: Option<Text>,
    /// Statements written by the organizers, approved from the start.
    pub seeds: Vec<SeedStatement>,
    pub moderation: Moderation,
    /// A participant is shown at most this many cards in this stage.
    pub max_cards: usize,
    /// Whether participants may write statements of their own.
    pub submissions: bool,
    /// Longest participant statement, in characters.
    pub max_length: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedStatement {
    pub id: Id,
    pub text: Text,
    /// The licence dimension the statement speaks to, if the file tags it.
    #[serde(default)]
    pub dimension: Option<Dimension>,
}

/// Who sees a participant's statement, and when (PRODUCT.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Moderation {
    /// Nobody, the author included, sees it before an organizer approves it.
    Strict,
    /// Shown at once; an organizer can still reject (remove) it.
    Lenient,
    /// Approved on submission.
    Off,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: Id,
    pub text: Text,
    pub for_text: Option<Text>,
    pub against_text: Option<Text>,
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: Id,
    pub text: Text,
    pub dimension: Option<Dimension>,
    pub required: bool,
    pub kind: QuestionKind,
    /// Asked only when this holds over the participant's earlier answers.
    pub show_if: Option<Condition>,
}

/// A condition over earlier answers. A question that was not answered (or was skipped) makes
/// every comparison on it false, so `not` of such a comparison is true.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// `single`: the chosen option is `option`; `multi`: `option` is among those chosen.
    Is {
        question: Id,
        option: Id,
    },
    /// `single`: the chosen option is one of `options`; `multi`: any of them is chosen.
    In {
        question: Id,
        options: Vec<Id>,
    },
    /// A `likert`, `scale` or `number` answer compared with a number.
    Compare {
        question: Id,
        op: Comparison,
        value: f64,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparison {
    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Comparison::Eq => left == right,
            Comparison::Ne => left != right,
            Comparison::Lt => left < right,
            Comparison::Le => left <= right,
            Comparison::Gt => left > right,
            Comparison::Ge => left >= right,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: Id,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum QuestionKind {
    Single {
        options: Vec<Choice>,
    },
    /// `min`/`max` count chosen options; `max` never exceeds the number of options.
    Multi {
        options: Vec<Choice>,
        min: usize,
        max: usize,
    },
    /// `labels` has `points` entries when the file gives them; otherwise assent's own labels.
    Likert {
        points: u8,
        labels: Option<Vec<Text>>,
    },
    Text {
        max_length: usize,
    },
    /// An integer from `min` to `max` (at most 11 values), one button each; the ends labelled.
    Scale {
        min: i32,
        max: i32,
        min_label: Text,
        max_label: Text,
    },
    /// Put every option in order of preference, by pressing them from first to last.
    Ranking {
        options: Vec<Choice>,
    },
    /// A number typed by the participant, `min ≤ n ≤ max`; whole numbers only when `integer`.
    Number {
        min: f64,
        max: f64,
        integer: bool,
        unit: Option<Text>,
    },
}

impl QuestionKind {
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::Single { .. } => "single",
            QuestionKind::Multi { .. } => "multi",
            QuestionKind::Likert { .. } => "likert",
            QuestionKind::Text { .. } => "text",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::Ranking { .. } => "ranking",
            QuestionKind::Number { .. } => "number",
        }
    }
}

/// The licence dimensions of PRODUCT.md §6/§10, spelled in files as snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    DataScope,
    PermittedPurposes,
    RedLines,
    Recipients,
    CommercialUse,
    OnwardSharing,
    AiAutomatedDecisions,
    DeIdentification,
    AccessSecurity,
    Geography,
    RetentionDeletion,
    BenefitSharing,
    Transparency,
    Oversight,
    AccountabilityRedress,
    ReconsultationTriggers,
    IndividualOptOut,
    Attribution,
    EquityHarmReview,
    DurationReview,
}

impl Dimension {
    pub const ALL: [(Dimension, &'static str); 20] = [
        (Dimension::DataScope, "data_scope"),
        (Dimension::PermittedPurposes, "permitted_purposes"),
        (Dimension::RedLines, "red_lines"),
        (Dimension::Recipients, "recipients"),
        (Dimension::CommercialUse, "commercial_use"),
        (Dimension::OnwardSharing, "onward_sharing"),
        (Dimension::AiAutomatedDecisions, "ai_automated_decisions"),
        (Dimension::DeIdentification, "de_identification"),
        (Dimension::AccessSecurity, "access_security"),
        (Dimension::Geography, "geography"),
        (Dimension::RetentionDeletion, "retention_deletion"),
        (Dimension::BenefitSharing, "benefit_sharing"),
        (Dimension::Transparency, "transparency"),
        (Dimension::Oversight, "oversight"),
        (Dimension::AccountabilityRedress, "accountability_redress"),
        (Dimension::ReconsultationTriggers, "reconsultation_triggers"),
        (Dimension::IndividualOptOut, "individual_opt_out"),
        (Dimension::Attribution, "attribution"),
        (Dimension::EquityHarmReview, "equity_harm_review"),
        (Dimension::DurationReview, "duration_review"),
    ];

    pub fn from_name(name: &str) -> Option<Dimension> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(d, _)| *d)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(d, _)| *d == self)
            .map(|(_, n)| *n)
            .unwrap_or("unknown")
    }
}

impl Consultation {
    pub fn question(&self, id: &str) -> Option<(usize, &Question)> {
        self.questions
            .iter()
            .enumerate()
            .find(|(_, q)| q.id.as_str() == id)
    }

    pub fn has_language(&self, code: &str) -> bool {
        self.languages.iter().any(|l| l.as_str() == code)
    }

    /// Number of questions a participant is asked, for "question N of M".
    pub fn asked_question_count(&self) -> usize {
        self.stages
            .iter()
            .map(|s| match &s.kind {
                StageKind::Questions { questions, .. } => questions.len(),
                _ => 0,
            })
            .sum()
    }

    /// The questions a `repeat_of` stage asks again (deliberative polling), in asking order.
    pub fn repeated_questions(&self) -> impl Iterator<Item = &Question> {
        self.stages
            .iter()
            .filter_map(|s| match &s.kind {
                StageKind::Questions {
                    questions,
                    repeat_of: Some(_),
                } => Some(questions),
                _ => None,
            })
            .flatten()
            .filter_map(|&q| self.questions.get(q))
    }
}
