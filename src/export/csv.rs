//! The responses CSV: one row per current answer, keyed by pseudonym; never a Telegram id,
//! name or username. Safe to open in a spreadsheet: UTF-8 with a byte-order mark (so Excel
//! reads it as UTF-8) and no cell that a spreadsheet would run as a formula.

use crate::consultation::{Consultation, QuestionKind};
use crate::engine::AnswerValue;
use crate::store::answers::CurrentAnswer;

pub const HEADER: [&str; 10] = [
    "participant",
    "question",
    "round",
    "kind",
    "dimension",
    "answer",
    "answer_label",
    "skipped",
    "language",
    "answered_at",
];

/// A cell a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, carriage return first) gets a
/// leading apostrophe, which spreadsheets show as text.
pub fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// The answer as stored (option ids, a point, the text) and as read in the default language.
pub fn answer_cells(c: &Consultation, question: &str, value: &AnswerValue) -> (String, String) {
    let q = c.question(question).map(|(_, q)| q);
    let label_of = |id: &str| -> String {
        match q.map(|q| &q.kind) {
            Some(
                QuestionKind::Single { options }
                | QuestionKind::Multi { options, .. }
                | QuestionKind::Ranking { options },
            ) => options
                .iter()
                .find(|o| o.id.as_str() == id)
                .map(|o| o.text.get(&c.default_language).to_string())
                .unwrap_or_default(),
            _ => String::new(),
        }
    };
    match value {
        AnswerValue::Choice(id) => (id.0.clone(), label_of(id.as_str())),
        AnswerValue::Choices(ids) => (
            ids.iter()
                .map(|i| i.0.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            ids.iter()
                .map(|i| label_of(i.as_str()))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        AnswerValue::Point(p) => {
            let label = match q.map(|q| &q.kind) {
                Some(QuestionKind::Likert { points, labels }) => match labels {
                    Some(l) => l
                        .get(usize::from(*p) - 1)
                        .map(|t| t.get(&c.default_language).to_string()),
                    None => Some(crate::i18n::t(
                        crate::i18n::ui_language(c.default_language.as_str()),
                        &format!("likert{points}-{p}"),
                        &[],
                    )),
                }
                .unwrap_or_default(),
                _ => String::new(),
            };
            (p.to_string(), label)
        }
        AnswerValue::Text(t) => (t.clone(), String::new()),
        AnswerValue::Skipped => (String::new(), String::new()),
        AnswerValue::Scale(v) => (v.to_string(), String::new()),
        AnswerValue::Number(n) => (n.0.to_string(), String::new()),
        AnswerValue::Order(ids) => (
            ids.iter()
                .map(|i| i.0.as_str())
                .collect::<Vec<_>>()
                .join(">"),
            ids.iter()
                .map(|i| label_of(i.as_str()))
                .collect::<Vec<_>>()
                .join(" > "),
        ),
    }
}

pub fn responses(c: &Consultation, answers: &[CurrentAnswer]) -> Result<Vec<u8>, csv::Error> {
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(HEADER)?;
        for a in answers {
            let q = c.question(&a.question_id).map(|(_, q)| q);
            let (answer, label) = answer_cells(c, &a.question_id, &a.value);
            w.write_record([
                a.pseudonym.clone(),
                a.question_id.clone(),
                a.round.to_string(),
                q.map(|q| q.kind.name()).unwrap_or("").to_string(),
                q.and_then(|q| q.dimension)
                    .map(|d| d.name())
                    .unwrap_or("")
                    .to_string(),
                defuse(&answer),
                defuse(&label),
                (a.value == AnswerValue::Skipped).to_string(),
                a.language.clone(),
                // Whole seconds: finer digits add nothing to an analysis and only look like ids.
                a.answered_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ])?;
        }
        w.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_plain_text_kept() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-1"), "'-1");
        assert_eq!(defuse("@me"), "'@me");
        assert_eq!(defuse("مرحبا & <b>"), "مرحبا & <b>");
    }
}
