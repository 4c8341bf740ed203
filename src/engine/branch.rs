//! Evaluating `show_if` conditions over a participant's answers.

use super::{AnswerValue, Answers};
use crate::consultation::Condition;

/// Whether `condition` holds. A question not answered (or skipped) makes every comparison on it
/// false; `not` turns that into true, as the file format documents.
pub fn holds(condition: &Condition, answers: &Answers) -> bool {
    match condition {
        Condition::Is { question, option } => match answers.latest(question) {
            Some(AnswerValue::Choice(id)) => id == option,
            Some(AnswerValue::Choices(ids)) => ids.contains(option),
            _ => false,
        },
        Condition::In { question, options } => match answers.latest(question) {
            Some(AnswerValue::Choice(id)) => options.contains(id),
            Some(AnswerValue::Choices(ids)) => ids.iter().any(|id| options.contains(id)),
            _ => false,
        },
        Condition::Compare {
            question,
            op,
            value,
        } => answers
            .latest(question)
            .and_then(numeric)
            .is_some_and(|x| op.holds(x, *value)),
        Condition::All(parts) => parts.iter().all(|p| holds(p, answers)),
        Condition::Any(parts) => parts.iter().any(|p| holds(p, answers)),
        Condition::Not(inner) => !holds(inner, answers),
    }
}

fn numeric(value: &AnswerValue) -> Option<f64> {
    match value {
        AnswerValue::Point(p) => Some(f64::from(*p)),
        AnswerValue::Scale(v) => Some(f64::from(*v)),
        AnswerValue::Number(n) => Some(n.0),
        _ => None,
    }
}
