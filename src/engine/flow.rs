//! Walking the stages: which item comes next, which questions a participant's answers hide, and
//! where a question sits in the numbering.

use super::Answers;
use super::branch;
use crate::consultation::{Card, Consultation, Id, Question, StageKind, StatementStage};

/// What sits at a position of the consultation.
pub enum Item<'a> {
    Question {
        question: &'a Question,
        number: usize,
        /// 2 in a stage asked again after deliberation.
        round: u8,
    },
    Card {
        card: &'a Card,
        number: usize,
        of: usize,
    },
    /// A statements stage is one item: the deck.
    Deck {
        id: &'a Id,
        stage: &'a StatementStage,
    },
    Review,
}

pub fn item_at(c: &Consultation, stage: usize, item: usize) -> Option<Item<'_>> {
    let s = c.stages.get(stage)?;
    match &s.kind {
        StageKind::Questions { questions, .. } => {
            let index = *questions.get(item)?;
            Some(Item::Question {
                question: c.questions.get(index)?,
                number: questions_before(c, stage) + item + 1,
                round: round_of(c, stage),
            })
        }
        StageKind::Info { cards } => Some(Item::Card {
            card: cards.get(item)?,
            number: item + 1,
            of: cards.len(),
        }),
        StageKind::Statements(deck) => (item == 0).then_some(Item::Deck {
            id: &s.id,
            stage: deck,
        }),
        StageKind::Review => (item == 0).then_some(Item::Review),
    }
}

/// The answer round of a stage's questions.
pub fn round_of(c: &Consultation, stage: usize) -> u8 {
    match c.stages.get(stage).map(|s| &s.kind) {
        Some(StageKind::Questions {
            repeat_of: Some(_), ..
        }) => 2,
        _ => 1,
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
        Some(StageKind::Statements(_) | StageKind::Review) => 1,
        None => 0,
    }
}

/// The first position at or after (`stage`, `item`) that holds an item; `None` at the end.
fn settle(c: &Consultation, mut stage: usize, mut item: usize) -> Option<(usize, usize)> {
    while stage < c.stages.len() {
        if item < stage_len(c, stage) {
            return Some((stage, item));
        }
        stage += 1;
        item = 0;
    }
    None
}

/// Whether the participant's answers make the question visible in `round`. A condition in the
/// repeated stage reads the round-2 answers of the questions asked again, and the round-1
/// answers of the others. A question placed after the repeated stage reads the newest answer
/// (round 2 where there is one); a question before it reads round 1, the "before" answers.
pub fn shown(c: &Consultation, answers: &Answers, question: &Question, round: u8) -> bool {
    let Some(condition) = &question.show_if else {
        return true;
    };
    let own_stage = stage_asking(c, &question.id);
    let answer = |q: &Id| match repeat_stage(c, q) {
        Some(_) if round == 2 => answers.get(q, 2),
        Some(r) if own_stage.is_some_and(|s| s > r) => {
            answers.get(q, 2).or_else(|| answers.get(q, 1))
        }
        _ => answers.get(q, 1),
    };
    branch::holds(condition, &answer)
}

/// The stage that asks `question` again (`repeat_of`), if any.
pub fn repeat_stage(c: &Consultation, question: &Id) -> Option<usize> {
    stage_with(c, question, true)
}

/// The stage that first asks `question`.
fn stage_asking(c: &Consultation, question: &Id) -> Option<usize> {
    stage_with(c, question, false)
}

/// The first questions stage, repeated or not as asked, whose questions include `question`.
fn stage_with(c: &Consultation, question: &Id, repeated: bool) -> Option<usize> {
    c.stages.iter().position(|s| match &s.kind {
        StageKind::Questions {
            questions,
            repeat_of,
        } if repeat_of.is_some() == repeated => questions
            .iter()
            .any(|&q| c.questions.get(q).is_some_and(|q| &q.id == question)),
        _ => false,
    })
}

/// Whether a round-1 answer is kept as it was: once a stage before `stage` has asked the
/// question again, the first answer is the "before" of the comparison and no longer changes.
pub fn frozen(c: &Consultation, question: &Id, round: u8, stage: usize) -> bool {
    round == 1 && repeat_stage(c, question).is_some_and(|r| r < stage)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The normal way through: stop at every card, deck, review and unanswered question.
    Forward,
    /// Back to the review after changing an answer there: stop only at questions the change made
    /// visible and still unanswered, then at the review.
    ToReview,
}

/// Where a walk stopped, and the answers it withdrew on the way.
#[derive(Debug, Default, PartialEq)]
pub struct Walk {
    pub to: Option<(usize, usize)>,
    pub cleared: Vec<(Id, u8)>,
}

/// Walks from (`stage`, `item`), inclusive. Answered questions are passed (the participant came
/// back to change an earlier answer); a question whose `show_if` no longer holds is passed and
/// its answer withdrawn, in `answers` too, so later conditions see it gone.
pub fn seek(
    c: &Consultation,
    answers: &mut Answers,
    stage: usize,
    item: usize,
    mode: Mode,
) -> Walk {
    let mut walk = Walk::default();
    let mut at = settle(c, stage, item);
    while let Some((s, i)) = at {
        match item_at(c, s, i) {
            Some(Item::Question {
                question, round, ..
            }) => {
                if !shown(c, answers, question, round) {
                    if answers.clear(&question.id, round).is_some() {
                        walk.cleared.push((question.id.clone(), round));
                    }
                } else if answers.get(&question.id, round).is_none() {
                    break;
                }
                at = settle(c, s, i + 1);
            }
            Some(Item::Card { .. } | Item::Deck { .. }) if mode == Mode::ToReview => {
                at = settle(c, s + 1, 0);
            }
            _ => break,
        }
    }
    walk.to = at;
    walk
}

/// The nearest earlier question of the same stage that the participant was shown.
pub fn previous(c: &Consultation, answers: &Answers, stage: usize, item: usize) -> Option<usize> {
    (0..item).rev().find(|&i| {
        matches!(item_at(c, stage, i), Some(Item::Question { question, round, .. }) if shown(c, answers, question, round))
    })
}

/// Where (`question`, `round`) is asked.
pub fn position_of(c: &Consultation, question: &Id, round: u8) -> Option<(usize, usize)> {
    c.stages
        .iter()
        .enumerate()
        .find_map(|(s, stage)| match &stage.kind {
            StageKind::Questions { questions, .. } if round_of(c, s) == round => questions
                .iter()
                .position(|&q| c.questions.get(q).is_some_and(|q| &q.id == question))
                .map(|i| (s, i)),
            _ => None,
        })
}

/// The stage index of a statements stage by id.
pub fn stage_index(c: &Consultation, id: &Id) -> Option<usize> {
    c.stages.iter().position(|s| &s.id == id)
}
