//! What a button press on a question means, kind by kind.

use super::AnswerValue;
use crate::consultation::{Id, Question, QuestionKind};

pub(super) enum Decision {
    Store(AnswerValue),
    /// A new partial selection (multi ticks, ranking so far).
    Select(Vec<Id>),
    /// Refused, with the message id and one numeric argument.
    Refuse(&'static str, (&'static str, usize)),
    /// The press does not fit the question (an old message's button).
    Stale,
}

pub(super) fn choice(q: &Question, option: &Id) -> Decision {
    match &q.kind {
        QuestionKind::Single { options } if options.iter().any(|o| &o.id == option) => {
            Decision::Store(AnswerValue::Choice(option.clone()))
        }
        _ => Decision::Stale,
    }
}

pub(super) fn point(q: &Question, point: u8) -> Decision {
    match &q.kind {
        QuestionKind::Likert { points, .. } if (1..=*points).contains(&point) => {
            Decision::Store(AnswerValue::Point(point))
        }
        _ => Decision::Stale,
    }
}

pub(super) fn scale(q: &Question, value: i32) -> Decision {
    match &q.kind {
        QuestionKind::Scale { min, max, .. } if (*min..=*max).contains(&value) => {
            Decision::Store(AnswerValue::Scale(value))
        }
        _ => Decision::Stale,
    }
}

pub(super) fn skip(q: &Question) -> Decision {
    if q.required {
        Decision::Stale
    } else {
        Decision::Store(AnswerValue::Skipped)
    }
}

pub(super) fn toggle(q: &Question, selected: &[Id], option: &Id) -> Decision {
    let QuestionKind::Multi { options, max, .. } = &q.kind else {
        return Decision::Stale;
    };
    if !options.iter().any(|o| &o.id == option) {
        return Decision::Stale;
    }
    let mut selected = selected.to_vec();
    if let Some(pos) = selected.iter().position(|s| s == option) {
        selected.remove(pos);
    } else if selected.len() >= *max {
        return Decision::Refuse("multi-too-many", ("max", *max));
    } else {
        selected.push(option.clone());
    }
    Decision::Select(selected)
}

pub(super) fn done(q: &Question, selected: &[Id]) -> Decision {
    let QuestionKind::Multi { options, min, .. } = &q.kind else {
        return Decision::Stale;
    };
    if selected.len() < *min {
        return Decision::Refuse("multi-too-few", ("min", *min));
    }
    // Stored in the file's option order, so equal selections compare equal.
    let ordered = options
        .iter()
        .filter(|o| selected.contains(&o.id))
        .map(|o| o.id.clone())
        .collect();
    Decision::Store(AnswerValue::Choices(ordered))
}

/// Places `option` next; placing the second-to-last option places the last one too and stores
/// the order (the last has nowhere else to go).
pub(super) fn rank(q: &Question, selected: &[Id], option: &Id) -> Decision {
    let QuestionKind::Ranking { options } = &q.kind else {
        return Decision::Stale;
    };
    if !options.iter().any(|o| &o.id == option) {
        return Decision::Stale;
    }
    if selected.contains(option) {
        // A double tap on the option just placed: nothing to do.
        return Decision::Select(selected.to_vec());
    }
    let mut order = selected.to_vec();
    order.push(option.clone());
    let rest: Vec<Id> = options
        .iter()
        .filter(|o| !order.contains(&o.id))
        .map(|o| o.id.clone())
        .collect();
    if rest.len() <= 1 {
        order.extend(rest);
        return Decision::Store(AnswerValue::Order(order));
    }
    Decision::Select(order)
}

pub(super) fn rank_reset(q: &Question) -> Decision {
    match q.kind {
        QuestionKind::Ranking { .. } => Decision::Select(vec![]),
        _ => Decision::Stale,
    }
}
