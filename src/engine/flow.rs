//! Walking the stages: which item comes next, and where a question sits in the numbering.

use crate::consultation::{Card, Consultation, Question, StageKind};

/// What sits at a position of the consultation.
pub enum Item<'a> {
    Question {
        question: &'a Question,
        number: usize,
    },
    Card {
        card: &'a Card,
        number: usize,
        of: usize,
    },
}

pub fn item_at(c: &Consultation, stage: usize, item: usize) -> Option<Item<'_>> {
    match &c.stages.get(stage)?.kind {
        StageKind::Questions { questions, .. } => {
            let index = *questions.get(item)?;
            Some(Item::Question {
                question: c.questions.get(index)?,
                number: questions_before(c, stage) + item + 1,
            })
        }
        StageKind::Info { cards } => Some(Item::Card {
            card: cards.get(item)?,
            number: item + 1,
            of: cards.len(),
        }),
        _ => None,
    }
}

fn questions_before(c: &Consultation, stage: usize) -> usize {
    c.stages[..stage]
        .iter()
        .map(|s| match &s.kind {
            StageKind::Questions { questions, .. } => questions.len(),
            _ => 0,
        })
        .sum()
}

fn stage_len(c: &Consultation, stage: usize) -> usize {
    match c.stages.get(stage).map(|s| &s.kind) {
        Some(StageKind::Questions { questions, .. }) => questions.len(),
        Some(StageKind::Info { cards }) => cards.len(),
        _ => 0,
    }
}

/// The first position at or after (`stage`, `item`) that holds an item; `None` at the end.
pub fn settle(c: &Consultation, mut stage: usize, mut item: usize) -> Option<(usize, usize)> {
    while stage < c.stages.len() {
        if item < stage_len(c, stage) {
            return Some((stage, item));
        }
        stage += 1;
        item = 0;
    }
    None
}

pub fn first(c: &Consultation) -> Option<(usize, usize)> {
    settle(c, 0, 0)
}

pub fn next(c: &Consultation, stage: usize, item: usize) -> Option<(usize, usize)> {
    settle(c, stage, item + 1)
}
