//! The summary: per question, counts and shares with 95% Wilson intervals.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use crate::consultation::{Choice, Consultation, Id, Question, QuestionKind};
use crate::engine::{AnswerValue, Status};
use crate::store::answers::CurrentAnswer;
use crate::store::statements::Tally;

/// 95% Wilson score interval for `k` successes out of `n`, as shares in [0, 1].
pub fn wilson(k: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let n = n as f64;
    let p = k as f64 / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * ((p * (1.0 - p) / n) + z * z / (4.0 * n * n)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

pub struct Participation {
    pub started: i64,
    pub consented: i64,
    pub completed: i64,
}

/// Text for a Markdown table cell: what Markdown would read as a table border, a tag, emphasis,
/// code or a link is escaped with a backslash, so participants' words show as written
/// ("<always>" would otherwise vanish as an HTML tag).
pub(super) fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '<' | '>' | '*' | '_' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

pub(super) fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// Answers of one question in one round, skips counted apart.
struct Round<'a> {
    values: Vec<&'a AnswerValue>,
    skipped: usize,
}

impl<'a> Round<'a> {
    fn of(values: Vec<&'a AnswerValue>) -> Self {
        let skipped = values
            .iter()
            .filter(|v| ***v == AnswerValue::Skipped)
            .count();
        Round { values, skipped }
    }

    fn answered(&self) -> usize {
        self.values.len() - self.skipped
    }
}

pub fn markdown(
    c: &Consultation,
    answers: &[CurrentAnswer],
    who: &Participation,
    statements: &[Tally],
) -> String {
    let lang = &c.default_language;
    let mut by_question: HashMap<(&str, u8), Vec<&AnswerValue>> = HashMap::new();
    let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for a in answers {
        by_question
            .entry((a.question_id.as_str(), a.round))
            .or_default()
            .push(&a.value);
        if seen.insert(a.pseudonym.as_str()) {
            *languages.entry(a.language.as_str()).or_default() += 1;
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "# {} — summary\n", cell(c.title.get(lang)));
    let votes: i64 = statements
        .iter()
        .filter(|s| s.status == Status::Approved)
        .map(|s| s.agree + s.disagree + s.pass)
        .sum();
    let _ = writeln!(
        out,
        "Participants: {} started, {} accepted the notice, {} finished. Answers: {}. Votes on approved statements: {votes}.\n",
        who.started,
        who.consented,
        who.completed,
        answers.len()
    );
    let langs: Vec<String> = languages.iter().map(|(l, n)| format!("{l}: {n}")).collect();
    let langs = if langs.is_empty() {
        "none".to_string()
    } else {
        langs.join(", ")
    };
    let _ = writeln!(out, "Languages of participants who answered: {langs}.\n");
    let _ = writeln!(
        out,
        "Shares are of those who answered the question (skips excluded), with 95% Wilson intervals.\n"
    );
    let repeated: Vec<&str> = c.repeated_questions().map(|q| q.id.as_str()).collect();
    for (number, question) in c.questions.iter().enumerate() {
        let take = |round: u8| {
            Round::of(
                by_question
                    .get(&(question.id.as_str(), round))
                    .cloned()
                    .unwrap_or_default(),
            )
        };
        let before = take(1);
        let dimension = question.dimension.map(|d| d.name()).unwrap_or("none");
        let _ = writeln!(
            out,
            "## {}. {}\n",
            number + 1,
            cell(question.text.get(lang))
        );
        let _ = writeln!(
            out,
            "`{}` · {} · dimension: {} · answered: {} · skipped: {}\n",
            question.id,
            question.kind.name(),
            dimension,
            before.answered(),
            before.skipped
        );
        if repeated.contains(&question.id.as_str()) {
            let after = take(2);
            before_after(&mut out, c, question, &before, &after);
        } else {
            distribution(&mut out, c, question, &before);
        }
    }
    super::statements::section(&mut out, c, statements);
    out
}

/// Labelled counts for questions whose answers fall into categories; `None` for the others.
fn categories(
    c: &Consultation,
    question: &Question,
    round: &Round<'_>,
) -> Option<Vec<(String, usize)>> {
    let lang = &c.default_language;
    let count = |f: &dyn Fn(&AnswerValue) -> bool| round.values.iter().filter(|v| f(v)).count();
    Some(match &question.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => options
            .iter()
            .map(|o| {
                let k = count(&|v| match v {
                    AnswerValue::Choice(id) => *id == o.id,
                    AnswerValue::Choices(ids) => ids.contains(&o.id),
                    _ => false,
                });
                (o.text.get(lang).to_string(), k)
            })
            .collect(),
        QuestionKind::Likert { points, .. } => (1..=*points)
            .map(|p| {
                let k = count(&|v| *v == AnswerValue::Point(p));
                let (_, label) =
                    super::csv::answer_cells(c, question.id.as_str(), &AnswerValue::Point(p));
                (format!("{p} — {label}"), k)
            })
            .collect(),
        QuestionKind::Scale {
            min,
            max,
            min_label,
            max_label,
        } => (*min..=*max)
            .map(|v| {
                let k = count(&|a| *a == AnswerValue::Scale(v));
                let label = if v == *min {
                    format!("{v} — {}", min_label.get(lang))
                } else if v == *max {
                    format!("{v} — {}", max_label.get(lang))
                } else {
                    v.to_string()
                };
                (label, k)
            })
            .collect(),
        QuestionKind::Ranking { options } => options
            .iter()
            .map(|o| {
                let k =
                    count(&|v| matches!(v, AnswerValue::Order(ids) if ids.first() == Some(&o.id)));
                (format!("{} (ranked first)", o.text.get(lang)), k)
            })
            .collect(),
        QuestionKind::Text { .. } | QuestionKind::Number { .. } => return None,
    })
}

/// A question's answers in one round: a table of shares, or figures for text and numbers.
fn distribution(out: &mut String, c: &Consultation, question: &Question, round: &Round<'_>) {
    let n = round.answered();
    let Some(rows) = categories(c, question, round) else {
        return figures(out, question, round);
    };
    if let QuestionKind::Multi { .. } = question.kind {
        let _ = writeln!(
            out,
            "Several options could be chosen; shares are of respondents.\n"
        );
    }
    let _ = writeln!(
        out,
        "| option | count | share | 95% interval |\n|---|---:|---:|---|"
    );
    for (label, k) in rows {
        // With no answers a share and its interval mean nothing: say so instead of 0%.
        let (share, interval) = if n == 0 {
            ("—".to_string(), "—".to_string())
        } else {
            let (lo, hi) = wilson(k, n);
            (pct(k as f64 / n as f64), format!("{}–{}", pct(lo), pct(hi)))
        };
        let _ = writeln!(out, "| {} | {k} | {share} | {interval} |", cell(&label));
    }
    out.push('\n');
    if let QuestionKind::Ranking { options } = &question.kind {
        mean_positions(out, c, options, round, "Average position");
    }
}

/// A ranking's first places say little about the rest of the order: each option's average
/// position (1 = ranked first), best first.
fn mean_positions(
    out: &mut String,
    c: &Consultation,
    options: &[Choice],
    round: &Round<'_>,
    heading: &str,
) {
    let orders: Vec<&Vec<Id>> = round
        .values
        .iter()
        .filter_map(|v| match v {
            AnswerValue::Order(ids) => Some(ids),
            _ => None,
        })
        .collect();
    if orders.is_empty() {
        return;
    }
    let mut means: Vec<(f64, &str)> = options
        .iter()
        .map(|o| {
            let places: Vec<usize> = orders
                .iter()
                .filter_map(|ids| ids.iter().position(|id| *id == o.id))
                .map(|p| p + 1)
                .collect();
            let mean = places.iter().sum::<usize>() as f64 / places.len().max(1) as f64;
            (mean, o.text.get(&c.default_language))
        })
        .collect();
    means.sort_by(|a, b| a.0.total_cmp(&b.0));
    let listed: Vec<String> = means
        .iter()
        .map(|(mean, label)| format!("{} {mean:.2}", cell(label)))
        .collect();
    let _ = writeln!(
        out,
        "{heading} (1 = ranked first): {}.\n",
        listed.join(" · ")
    );
}

/// Text and number answers: how many, and for numbers the median and range.
fn figures(out: &mut String, question: &Question, round: &Round<'_>) {
    let n = round.answered();
    match question.kind {
        QuestionKind::Number { .. } => {
            let mut numbers: Vec<f64> = round
                .values
                .iter()
                .filter_map(|v| match v {
                    AnswerValue::Number(x) => Some(x.0),
                    _ => None,
                })
                .collect();
            numbers.sort_by(f64::total_cmp);
            match (numbers.first(), numbers.last()) {
                (Some(lo), Some(hi)) => {
                    let median = numbers[numbers.len() / 2];
                    let _ = writeln!(
                        out,
                        "{n} numbers; median {median}, lowest {lo}, highest {hi}.\n"
                    );
                }
                _ => {
                    let _ = writeln!(out, "No numbers yet.\n");
                }
            }
        }
        _ => {
            let mut lengths: Vec<usize> = round
                .values
                .iter()
                .filter_map(|v| match v {
                    AnswerValue::Text(t) => Some(t.chars().count()),
                    _ => None,
                })
                .collect();
            lengths.sort_unstable();
            let median = lengths.get(lengths.len() / 2).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "{n} written answers; median length {median} characters.\n"
            );
        }
    }
}

/// A question asked before and after the deliberation: both distributions side by side.
fn before_after(
    out: &mut String,
    c: &Consultation,
    question: &Question,
    before: &Round<'_>,
    after: &Round<'_>,
) {
    let _ = writeln!(
        out,
        "Asked again after the deliberation: before {} answers, after {} answers.\n",
        before.answered(),
        after.answered()
    );
    let (Some(rows_before), Some(rows_after)) = (
        categories(c, question, before),
        categories(c, question, after),
    ) else {
        let _ = writeln!(out, "Before:\n");
        figures(out, question, before);
        let _ = writeln!(out, "After:\n");
        return figures(out, question, after);
    };
    let share = |k: usize, n: usize| {
        if n == 0 {
            "—".to_string()
        } else {
            pct(k as f64 / n as f64)
        }
    };
    let (nb, na) = (before.answered(), after.answered());
    let _ = writeln!(
        out,
        "| option | before | before share | after | after share | change |\n|---|---:|---:|---:|---:|---:|"
    );
    for ((label, kb), (_, ka)) in rows_before.into_iter().zip(rows_after) {
        let change = if nb == 0 || na == 0 {
            "—".to_string()
        } else {
            let points = (ka as f64 / na as f64 - kb as f64 / nb as f64) * 100.0;
            format!("{points:+.1} pp")
        };
        let _ = writeln!(
            out,
            "| {} | {kb} | {} | {ka} | {} | {change} |",
            cell(&label),
            share(kb, nb),
            share(ka, na)
        );
    }
    out.push('\n');
    if let QuestionKind::Ranking { options } = &question.kind {
        mean_positions(out, c, options, before, "Average position before");
        mean_positions(out, c, options, after, "Average position after");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_participants_words_as_written() {
        assert_eq!(
            cell("ask <always> | a_b *c* `d` [e]\nf\\g"),
            "ask \\<always\\> \\| a\\_b \\*c\\* \\`d\\` \\[e\\] f\\\\g"
        );
    }

    #[test]
    fn wilson_matches_known_values() {
        // 8 of 10: the textbook interval is 0.490 to 0.943.
        let (lo, hi) = wilson(8, 10);
        assert!(
            (lo - 0.4902).abs() < 1e-3 && (hi - 0.9433).abs() < 1e-3,
            "{lo} {hi}"
        );
        assert_eq!(wilson(0, 0), (0.0, 0.0));
    }

    #[test]
    fn a_ranking_lists_average_positions_best_first() {
        let c = crate::consultation::parse(include_str!("../../tests/fixtures/deliberation.toml"))
            .expect("fixture parses");
        let Some(QuestionKind::Ranking { options }) = c
            .questions
            .iter()
            .find(|q| q.id.as_str() == "priorities")
            .map(|q| &q.kind)
        else {
            panic!("the fixture has a ranking");
        };
        let order =
            |ids: &[&str]| AnswerValue::Order(ids.iter().map(|i| Id((*i).into())).collect());
        let answers = [
            order(&["safety", "timetables", "fares"]),
            order(&["safety", "fares", "timetables"]),
            order(&["timetables", "safety", "fares"]),
            AnswerValue::Skipped,
        ];
        let mut out = String::new();
        mean_positions(
            &mut out,
            &c,
            options,
            &Round::of(answers.iter().collect()),
            "Average position",
        );
        assert_eq!(
            out,
            "Average position (1 = ranked first): Safety 1.33 · Timetables 2.00 · Fares 2.67.\n\n"
        );
    }
}
