//! `show_if`: a condition over earlier answers, checked once every question and stage is read
//! (it needs the asking order) and turned into a `model::Condition`.
//!
//! Diagnostics point inside the string (`show_if = "rides == maybe"` points at `maybe`) when
//! the string is written on one line without escapes; otherwise at the string's start.

mod grammar;
mod satisfy;

use grammar::{Atom, Expect, Expr, Op, Word};
use satisfy::Domain;

use super::questions::{RawCondition, ReadQuestions};
use super::stages::Asked;
use super::walker::{Walker, list};
use crate::consultation::model::{Comparison, Condition, Id, QuestionKind};

/// Checks every `show_if` and sets it on its question.
pub(super) fn read_conditions(w: &mut Walker, questions: &mut ReadQuestions<'_>, asked: &Asked) {
    let raws = std::mem::take(&mut questions.show_if);
    for (index, raw) in &raws {
        let condition = Checker {
            w: &mut *w,
            questions,
            asked,
            this: *index,
            raw,
            failed: false,
        }
        .check();
        if let Some(condition) = condition {
            questions.set_show_if(*index, condition);
        }
    }
}

struct Checker<'c, 'q> {
    w: &'c mut Walker,
    questions: &'c ReadQuestions<'q>,
    asked: &'c Asked,
    /// Index of the question the condition belongs to.
    this: usize,
    raw: &'c RawCondition<'q>,
    /// Whether a problem has been reported for this condition.
    failed: bool,
}

impl Checker<'_, '_> {
    fn check(mut self) -> Option<Condition> {
        let questions = self.questions;
        let expect = |id: &str| match questions.find(id).and_then(|(i, _)| questions.get(i)) {
            Some(q) => match Domain::of(&q.kind) {
                Domain::Single(..) | Domain::Several(..) => Expect::Option,
                Domain::Numeric(..) => Expect::Number,
                Domain::Text => Expect::Either,
            },
            None => Expect::Either,
        };
        let expr = match grammar::parse(self.raw.source, &expect) {
            Ok(expr) => expr,
            Err(error) => {
                self.error(error.at, error.message);
                return None;
            }
        };
        let condition = self.condition(&expr);
        let condition = condition.filter(|_| !self.failed)?;
        let domain = |id: &Id| {
            Some(Domain::of(
                &questions.get(questions.find(id.as_str())?.0)?.kind,
            ))
        };
        if let Some(reason) = satisfy::never_true(&condition, &domain) {
            let at = self.raw.at;
            let message = format!("{}: show_if can never be true: {reason}", self.raw.path);
            self.w.error(at, message);
            return None;
        }
        Some(condition)
    }

    /// Reports a problem at byte `offset` of the condition.
    fn error(&mut self, offset: usize, message: String) {
        let at = if self.raw.exact {
            self.raw.at + 1 + offset
        } else {
            self.raw.at
        };
        self.w.error(at, format!("{}: {message}", self.raw.path));
        self.failed = true;
    }

    /// Every part is checked, so every problem is reported.
    fn condition(&mut self, expr: &Expr<'_>) -> Option<Condition> {
        let mut all = |parts: &[Expr<'_>]| {
            let parts: Vec<Option<Condition>> = parts.iter().map(|p| self.condition(p)).collect();
            parts.into_iter().collect::<Option<Vec<_>>>()
        };
        match expr {
            Expr::Atom(atom) => self.atom(atom),
            Expr::All(parts) => all(parts).map(Condition::All),
            Expr::Any(parts) => all(parts).map(Condition::Any),
            Expr::Not(inner) => Some(Condition::Not(Box::new(self.condition(inner)?))),
        }
    }

    fn atom(&mut self, atom: &Atom<'_>) -> Option<Condition> {
        let q = atom.question;
        let Some((index, _)) = self.questions.find(q.text) else {
            self.error(q.at, format!("no question has id \"{}\"", q.text));
            return None;
        };
        if index == self.this {
            let message = format!(
                "show_if cannot use the question it belongs to (\"{}\"); use questions asked \
                 earlier",
                q.text
            );
            self.error(q.at, message);
            return None;
        }
        let in_order = self.check_order(q, index);
        let question = self.questions.get(index)?; // broken: already reported
        let domain = Domain::of(&question.kind);
        let id = question.id.clone();
        let condition = match (&domain, atom.op) {
            (Domain::Text, _) => {
                let message =
                    format!("\"{id}\" is a text question: show_if cannot test text answers");
                self.error(q.at, message);
                return None;
            }
            (Domain::Single(..) | Domain::Several(..), Op::Compare(Comparison::Eq)) => {
                let option = self.option(&id, &domain, atom.values[0])?;
                Condition::Is {
                    question: id,
                    option,
                }
            }
            (Domain::Single(..) | Domain::Several(..), Op::Compare(Comparison::Ne)) => {
                let option = self.option(&id, &domain, atom.values[0])?;
                Condition::Not(Box::new(Condition::Is {
                    question: id,
                    option,
                }))
            }
            (Domain::Single(..) | Domain::Several(..), Op::Compare(op)) => {
                let message = format!(
                    "\"{id}\" is {}: test its options with ==, != or in, not {}",
                    kind_phrase(&question.kind),
                    grammar::symbol(op)
                );
                self.error(atom.op_at, message);
                return None;
            }
            (Domain::Single(..) | Domain::Several(..), Op::In) => {
                let options: Vec<Option<Id>> = atom
                    .values
                    .iter()
                    .map(|v| self.option(&id, &domain, *v))
                    .collect();
                Condition::In {
                    question: id,
                    options: options.into_iter().collect::<Option<Vec<_>>>()?,
                }
            }
            (Domain::Numeric(..), Op::In) => {
                let message = format!(
                    "\"{id}\" is {}: compare it with a number (==, !=, <, <=, > or >=); `in` \
                     tests options",
                    kind_phrase(&question.kind)
                );
                self.error(atom.op_at, message);
                return None;
            }
            (Domain::Numeric(range, _), Op::Compare(op)) => {
                let value = atom.values[0];
                let Some(x) = number(value.text) else {
                    let message = format!(
                        "expected a number after `{}`, found `{}` (\"{id}\" is {})",
                        grammar::symbol(op),
                        value.text,
                        kind_phrase(&question.kind)
                    );
                    self.error(value.at, message);
                    return None;
                };
                if !range.allows(op, x) {
                    let written = &self.raw.source[q.at..atom.end];
                    let message = format!(
                        "`{written}` can never be true: \"{id}\" is {}",
                        domain.describe()
                    );
                    self.error(q.at, message);
                    return None;
                }
                Condition::Compare {
                    question: id,
                    op,
                    value: x,
                }
            }
        };
        in_order.then_some(condition)
    }

    /// Whether question `index` is asked before this one; reports it if not.
    fn check_order(&mut self, q: Word<'_>, index: usize) -> bool {
        let Some((this_rank, _)) = self.asked.rank.get(&self.this) else {
            return true; // this question is not asked: reported as unused
        };
        let problem = match self.asked.rank.get(&index) {
            Some((rank, _)) if rank < this_rank => return true,
            Some((_, stage)) => format!("\"{}\" is asked in {stage} after this one", q.text),
            None if self.asked.complete => format!("\"{}\" is not asked in any stage", q.text),
            None => return true,
        };
        let message = format!("show_if can only use questions asked earlier: {problem}");
        self.error(q.at, message);
        false
    }

    /// The option `value` of a choice question, if it has one.
    fn option(&mut self, question: &Id, domain: &Domain<'_>, value: Word<'_>) -> Option<Id> {
        let (Domain::Single(options, _) | Domain::Several(options, _)) = domain else {
            return None;
        };
        if options.iter().any(|o| o.id.as_str() == value.text) {
            return Some(Id(value.text.to_owned()));
        }
        let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
        let message = format!(
            "\"{question}\" has no option \"{}\" (its options: {})",
            value.text,
            list(&ids)
        );
        self.error(value.at, message);
        None
    }
}

/// `a single question`, `a scale question`, …
fn kind_phrase(kind: &QuestionKind) -> String {
    format!("a {} question", kind.name())
}

/// A number as written in a condition: `3`, `-2`, `2.5`.
fn number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !(all_digits(whole) && all_digits(fraction)) {
        return None;
    }
    text.parse().ok()
}
