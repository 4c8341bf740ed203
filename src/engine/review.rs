//! Going back: `/back` to the previous question, and the review stage's changes.

use super::Step;
use super::flow::{self, Item, Mode};
use super::step::Turn;
use crate::consultation::Id;

impl Turn<'_> {
    /// `/back`: the previous question of the current stage, with the current answer marked.
    /// Only within a stage: behind a stage's first question lie cards, statements or another
    /// part, which the review stage (where there is one) lets people revisit.
    pub(super) fn back(&mut self) {
        let Step::At {
            stage,
            item,
            review,
            ..
        } = self.state.step.clone()
        else {
            if self.state.step == Step::Finished {
                return self.say("already-finished");
            }
            return self.say("back-none");
        };
        if !self.ctx.open {
            return self.say("hint-not-open");
        }
        match flow::previous(self.ctx.consultation, &self.answers, stage, item) {
            Some(previous) => self.enter(stage, previous, false, review),
            None => self.say("back-none"),
        }
    }

    /// A review's "change" button: ask that question again, then come back to the review.
    pub(super) fn change(&mut self, question: &Id, round: u8, message_id: i32) {
        // The review's stage; while an answer is being changed, any later stage (conservative:
        // its buttons were removed, so only a forged press can come from there).
        let review_stage = match (&self.state.step, self.current()) {
            (Step::At { review: true, .. }, _) => Some(usize::MAX),
            (Step::At { .. }, Some((stage, _, Item::Review))) => Some(stage),
            _ => None,
        };
        let Some(review_stage) = review_stage else {
            return self.toast("hint-stale-button");
        };
        if flow::frozen(self.ctx.consultation, question, round, review_stage) {
            return self.toast("hint-stale-button");
        }
        if !self.ctx.open {
            return self.toast("hint-not-open");
        }
        let Some((stage, item)) = flow::position_of(self.ctx.consultation, question, round) else {
            return self.toast("hint-stale-button");
        };
        let visible = match flow::item_at(self.ctx.consultation, stage, item) {
            Some(Item::Question {
                question, round, ..
            }) => flow::shown(self.ctx.consultation, &self.answers, question, round),
            _ => false,
        };
        if !visible {
            return self.toast("hint-stale-button");
        }
        self.remove_buttons(message_id);
        self.ack();
        self.enter(stage, item, false, true);
    }

    /// The review's "submit": on to what follows the review.
    pub(super) fn submit_review(&mut self, stage: usize, message_id: i32) {
        match self.current() {
            Some((s, item, Item::Review)) if s == stage => {
                if !self.ctx.open {
                    return self.toast("hint-not-open");
                }
                self.remove_buttons(message_id);
                self.ack();
                self.state.step = Step::At {
                    stage,
                    item,
                    selected: vec![],
                    review: false,
                };
                self.walk_from(stage, item + 1, Mode::Forward, Some(stage));
            }
            _ => self.toast("hint-stale-button"),
        }
    }
}
