//! Whether a `show_if` can ever hold, given the options and ranges the questions declare.
//!
//! Not a full solver: the condition is put in disjunctive normal form (at most `MAX_BRANCHES`
//! alternatives; a larger one is assumed satisfiable) and each alternative is checked question by
//! question: the option sets of a `single` question are intersected, the options required and
//! excluded for a `multi` question must not clash (a `ranking` is tested by its first
//! choice, like a `single` answer), and the numeric tests on a
//! `likert`, `scale` or `number` question must leave some allowed value (whole numbers where the
//! question only takes whole numbers). A question tested only by negations may stay unanswered,
//! which makes every negation true, so such tests never make an alternative impossible.

use crate::consultation::model::{Choice, Comparison, Condition, Id, QuestionKind};

use super::grammar::symbol;

const MAX_BRANCHES: usize = 64;

/// The answers a question can have, as far as conditions are concerned.
pub(super) enum Domain<'q> {
    /// Exactly one option (`single`, and the first choice of a `ranking`).
    Single(&'q [Choice], &'static str),
    /// Any options at once (`multi`).
    Several(&'q [Choice], &'static str),
    Numeric(Range, &'static str),
    Text,
}

impl<'q> Domain<'q> {
    pub fn of(kind: &'q QuestionKind) -> Domain<'q> {
        match kind {
            QuestionKind::Single { options } => Domain::Single(options, "single"),
            QuestionKind::Multi { options, .. } => Domain::Several(options, "multi"),
            // A ranking is tested by its first choice: exactly one option, as for `single`.
            QuestionKind::Ranking { options } => Domain::Single(options, "ranking"),
            QuestionKind::Likert { points, .. } => {
                Domain::Numeric(Range::new(1.0, f64::from(*points), true), "likert")
            }
            QuestionKind::Scale { min, max, .. } => {
                Domain::Numeric(Range::new(f64::from(*min), f64::from(*max), true), "scale")
            }
            QuestionKind::Number {
                min, max, integer, ..
            } => Domain::Numeric(Range::new(*min, *max, *integer), "number"),
            QuestionKind::Text { .. } => Domain::Text,
        }
    }

    /// `a single question with options yes, no`, `a scale from 1 to 5`, …
    pub fn describe(&self) -> String {
        let ids = |options: &[Choice]| {
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            ids.join(", ")
        };
        match self {
            Domain::Single(options, kind) | Domain::Several(options, kind) => {
                format!("a {kind} question with options {}", ids(options))
            }
            Domain::Numeric(range, kind) => {
                let whole = if *kind == "number" && range.integer {
                    ", whole numbers only"
                } else {
                    ""
                };
                let kind = if *kind == "likert" {
                    "likert question"
                } else {
                    kind
                };
                format!("a {kind} from {} to {}{whole}", range.lo, range.hi)
            }
            Domain::Text => "a text question".to_owned(),
        }
    }
}

/// A set of numbers: an interval, perhaps of whole numbers only, minus some points.
#[derive(Debug, Clone)]
pub(super) struct Range {
    lo: f64,
    lo_open: bool,
    hi: f64,
    hi_open: bool,
    integer: bool,
    except: Vec<f64>,
}

impl Range {
    fn new(lo: f64, hi: f64, integer: bool) -> Self {
        Range {
            lo,
            lo_open: false,
            hi,
            hi_open: false,
            integer,
            except: Vec::new(),
        }
    }

    /// Whether `value op x` holds for some value of the range.
    pub fn allows(&self, op: Comparison, x: f64) -> bool {
        let mut range = self.clone();
        range.restrict(op, x);
        range.possible()
    }

    fn restrict(&mut self, op: Comparison, x: f64) {
        match op {
            Comparison::Eq => {
                self.lower(x, false);
                self.upper(x, false);
            }
            Comparison::Ne => self.except.push(x),
            Comparison::Lt => self.upper(x, true),
            Comparison::Le => self.upper(x, false),
            Comparison::Gt => self.lower(x, true),
            Comparison::Ge => self.lower(x, false),
        }
    }

    fn lower(&mut self, x: f64, open: bool) {
        if x > self.lo || (x == self.lo && open) {
            self.lo = x;
            self.lo_open = open;
        }
    }

    fn upper(&mut self, x: f64, open: bool) {
        if x < self.hi || (x == self.hi && open) {
            self.hi = x;
            self.hi_open = open;
        }
    }

    fn possible(&self) -> bool {
        if !self.integer {
            return self.lo < self.hi
                || (self.lo == self.hi
                    && !self.lo_open
                    && !self.hi_open
                    && !self.except.contains(&self.lo));
        }
        let first = if self.lo_open && self.lo.fract() == 0.0 {
            self.lo + 1.0
        } else {
            self.lo.ceil()
        };
        let last = if self.hi_open && self.hi.fract() == 0.0 {
            self.hi - 1.0
        } else {
            self.hi.floor()
        };
        if first > last {
            return false;
        }
        let mut excluded: Vec<f64> = self
            .except
            .iter()
            .copied()
            .filter(|x| x.fract() == 0.0 && (first..=last).contains(x))
            .collect();
        excluded.sort_by(f64::total_cmp);
        excluded.dedup();
        last - first + 1.0 > excluded.len() as f64
    }
}

/// A test of the condition, perhaps negated.
#[derive(Clone, Copy)]
struct Literal<'c> {
    test: &'c Condition,
    negated: bool,
}

impl Literal<'_> {
    fn question(&self) -> &Id {
        match self.test {
            Condition::Is { question, .. }
            | Condition::In { question, .. }
            | Condition::Compare { question, .. } => question,
            _ => unreachable!("literals are tests"),
        }
    }

    /// The literal as it could be written in a file.
    fn render(&self) -> String {
        let ids = |options: &[Id]| {
            let ids: Vec<&str> = options.iter().map(Id::as_str).collect();
            ids.join(", ")
        };
        let not = if self.negated { "not " } else { "" };
        match self.test {
            Condition::Is { question, option } => {
                let op = if self.negated { "!=" } else { "==" };
                format!("{question} {op} {option}")
            }
            Condition::In { question, options } => {
                format!("{not}{question} in [{}]", ids(options))
            }
            Condition::Compare {
                question,
                op,
                value,
                ..
            } => format!("{question} {} {value}", symbol(self.op(*op))),
            _ => unreachable!("literals are tests"),
        }
    }

    /// The comparison that holds when the literal does, for an answered question.
    fn op(&self, op: Comparison) -> Comparison {
        if !self.negated {
            return op;
        }
        match op {
            Comparison::Eq => Comparison::Ne,
            Comparison::Ne => Comparison::Eq,
            Comparison::Lt => Comparison::Ge,
            Comparison::Le => Comparison::Gt,
            Comparison::Gt => Comparison::Le,
            Comparison::Ge => Comparison::Lt,
        }
    }
}

/// Why `condition` can never hold, if it cannot. `domain` gives the answers a question (by id)
/// can have.
pub(super) fn never_true<'q>(
    condition: &Condition,
    domain: &dyn Fn(&Id) -> Option<Domain<'q>>,
) -> Option<String> {
    let alternatives = dnf(condition, false)?;
    let mut reasons = Vec::new();
    for alternative in &alternatives {
        reasons.push(conflict(alternative, domain)?);
    }
    let first = reasons.into_iter().next()?;
    Some(if alternatives.len() > 1 {
        format!("{first}, and no other alternative can hold either")
    } else {
        first
    })
}

/// The alternatives (each a conjunction of literals) of `condition`, or of its negation;
/// `None` when there would be more than `MAX_BRANCHES`.
fn dnf(condition: &Condition, negated: bool) -> Option<Vec<Vec<Literal<'_>>>> {
    match (condition, negated) {
        (Condition::Not(inner), _) => dnf(inner, !negated),
        (Condition::All(parts), false) | (Condition::Any(parts), true) => {
            let mut alternatives = vec![Vec::new()];
            for part in parts {
                let part = dnf(part, negated)?;
                let mut product = Vec::new();
                for left in &alternatives {
                    for right in &part {
                        product.push([left.as_slice(), right.as_slice()].concat());
                    }
                }
                if product.len() > MAX_BRANCHES {
                    return None;
                }
                alternatives = product;
            }
            Some(alternatives)
        }
        (Condition::Any(parts), false) | (Condition::All(parts), true) => {
            let mut alternatives = Vec::new();
            for part in parts {
                alternatives.extend(dnf(part, negated)?);
                if alternatives.len() > MAX_BRANCHES {
                    return None;
                }
            }
            Some(alternatives)
        }
        (test, negated) => Some(vec![vec![Literal { test, negated }]]),
    }
}

/// Why no answers make every literal hold at once, if none do.
fn conflict<'q>(
    literals: &[Literal<'_>],
    domain: &dyn Fn(&Id) -> Option<Domain<'q>>,
) -> Option<String> {
    let mut questions: Vec<&Id> = Vec::new();
    for literal in literals {
        if !questions.contains(&literal.question()) {
            questions.push(literal.question());
        }
    }
    for question in questions {
        let on: Vec<Literal<'_>> = literals
            .iter()
            .copied()
            .filter(|l| l.question() == question)
            .collect();
        // Only negations: the question may stay unanswered, which makes them all true.
        if on.iter().all(|l| l.negated) {
            continue;
        }
        let Some(domain) = domain(question) else {
            continue;
        };
        if !possible(&domain, &on) {
            let rendered: Vec<String> = on.iter().map(Literal::render).collect();
            return Some(format!(
                "no answer to \"{question}\" ({}) makes {} true",
                domain.describe(),
                rendered.join(" and ")
            ));
        }
    }
    None
}

/// Whether some answer of `domain` makes all `literals` (on one question) hold.
fn possible(domain: &Domain<'_>, literals: &[Literal<'_>]) -> bool {
    match domain {
        Domain::Single(options, _) => {
            let mut left: Vec<&Id> = options.iter().map(|o| &o.id).collect();
            for literal in literals {
                let tested = tested_options(literal.test);
                left.retain(|id| tested.contains(id) != literal.negated);
            }
            !left.is_empty()
        }
        Domain::Several(..) => {
            let mut excluded: Vec<&Id> = Vec::new();
            for literal in literals.iter().filter(|l| l.negated) {
                excluded.extend(tested_options(literal.test));
            }
            literals
                .iter()
                .filter(|l| !l.negated)
                .all(|l| tested_options(l.test).iter().any(|o| !excluded.contains(o)))
        }
        Domain::Numeric(range, _) => {
            let mut range = range.clone();
            for literal in literals {
                if let Condition::Compare { op, value, .. } = literal.test {
                    range.restrict(literal.op(*op), *value);
                }
            }
            range.possible()
        }
        Domain::Text => true,
    }
}

fn tested_options(test: &Condition) -> Vec<&Id> {
    match test {
        Condition::Is { option, .. } => vec![option],
        Condition::In { options, .. } => options.iter().collect(),
        _ => Vec::new(),
    }
}
