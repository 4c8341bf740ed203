//! The summary: per question, counts and shares with 95% Wilson intervals.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use crate::consultation::{Consultation, QuestionKind};
use crate::engine::AnswerValue;
use crate::store::answers::CurrentAnswer;

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

/// Markdown cells must not break the table: pipes and line breaks are neutralised.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

pub fn markdown(c: &Consultation, answers: &[CurrentAnswer], who: &Participation) -> String {
    let lang = &c.default_language;
    let mut by_question: HashMap<&str, Vec<&AnswerValue>> = HashMap::new();
    let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for a in answers {
        by_question
            .entry(a.question_id.as_str())
            .or_default()
            .push(&a.value);
        if seen.insert(a.pseudonym.as_str()) {
            *languages.entry(a.language.as_str()).or_default() += 1;
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "# {} — summary\n", cell(c.title.get(lang)));
    let _ = writeln!(
        out,
        "Participants: {} started, {} accepted the notice, {} finished. Answers: {}.\n",
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
    for (stage_no, question) in c.questions.iter().enumerate() {
        let values = by_question
            .get(question.id.as_str())
            .cloned()
            .unwrap_or_default();
        let skipped = values
            .iter()
            .filter(|v| ***v == AnswerValue::Skipped)
            .count();
        let n = values.len() - skipped;
        let dimension = question.dimension.map(|d| d.name()).unwrap_or("none");
        let _ = writeln!(
            out,
            "## {}. {}\n",
            stage_no + 1,
            cell(question.text.get(lang))
        );
        let _ = writeln!(
            out,
            "`{}` · {} · dimension: {} · answered: {n} · skipped: {skipped}\n",
            question.id,
            question.kind.name(),
            dimension
        );
        let rows: Vec<(String, usize)> = match &question.kind {
            QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => options
                .iter()
                .map(|o| {
                    let k = values
                        .iter()
                        .filter(|v| match v {
                            AnswerValue::Choice(id) => *id == o.id,
                            AnswerValue::Choices(ids) => ids.contains(&o.id),
                            _ => false,
                        })
                        .count();
                    (o.text.get(lang).to_string(), k)
                })
                .collect(),
            QuestionKind::Likert { points, .. } => (1..=*points)
                .map(|p| {
                    let k = values
                        .iter()
                        .filter(|v| ***v == AnswerValue::Point(p))
                        .count();
                    let (_, label) =
                        super::csv::answer_cells(c, question.id.as_str(), &AnswerValue::Point(p));
                    (format!("{p} — {label}"), k)
                })
                .collect(),
            QuestionKind::Text { .. } => {
                let mut lengths: Vec<usize> = values
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
                continue;
            }
            _ => vec![],
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
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
