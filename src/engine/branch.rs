//! Evaluating `show_if` conditions over a participant's answers.

use super::AnswerValue;
use crate::consultation::{Condition, Id};

/// Whether `condition` holds, reading answers through `answer` (which knows the round). A
/// question not answered (or skipped) makes every comparison on it false; `not` turns that into
/// true, as the file format documents. A ranking is tested by its first choice.
pub fn holds<'a>(condition: &Condition, answer: &impl Fn(&Id) -> Option<&'a AnswerValue>) -> bool {
    match condition {
        Condition::Is { question, option } => match answer(question) {
            Some(AnswerValue::Choice(id)) => id == option,
            Some(AnswerValue::Choices(ids)) => ids.contains(option),
            Some(AnswerValue::Order(ids)) => ids.first() == Some(option),
            _ => false,
        },
        Condition::In { question, options } => match answer(question) {
            Some(AnswerValue::Choice(id)) => options.contains(id),
            Some(AnswerValue::Choices(ids)) => ids.iter().any(|id| options.contains(id)),
            Some(AnswerValue::Order(ids)) => ids.first().is_some_and(|id| options.contains(id)),
            _ => false,
        },
        Condition::Compare {
            question,
            op,
            value,
        } => answer(question)
            .and_then(numeric)
            .is_some_and(|x| op.holds(x, *value)),
        Condition::All(parts) => parts.iter().all(|p| holds(p, answer)),
        Condition::Any(parts) => parts.iter().any(|p| holds(p, answer)),
        Condition::Not(inner) => !holds(inner, answer),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Id {
        Id(s.into())
    }

    #[test]
    fn a_ranking_is_tested_by_its_first_choice() {
        let order = AnswerValue::Order(vec![id("fares"), id("safety"), id("timetables")]);
        let answer = |_: &Id| Some(&order);
        let is = |o: &str| Condition::Is {
            question: id("priorities"),
            option: id(o),
        };
        assert!(holds(&is("fares"), &answer));
        assert!(!holds(&is("safety"), &answer));
        assert!(holds(&Condition::Not(Box::new(is("safety"))), &answer));
        let within = |os: &[&str]| Condition::In {
            question: id("priorities"),
            options: os.iter().map(|o| id(o)).collect(),
        };
        assert!(holds(&within(&["safety", "fares"]), &answer));
        assert!(!holds(&within(&["safety", "timetables"]), &answer));
    }
}
