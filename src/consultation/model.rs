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
    },
    Info {
        cards: Vec<Card>,
    },
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
}

impl QuestionKind {
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::Single { .. } => "single",
            QuestionKind::Multi { .. } => "multi",
            QuestionKind::Likert { .. } => "likert",
            QuestionKind::Text { .. } => "text",
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
                StageKind::Questions { questions } => questions.len(),
                StageKind::Info { .. } => 0,
            })
            .sum()
    }
}
