//! `kind = "statements"` stages: a deck of statements voted on one card at a time.

use super::questions::read_dimension;
use super::walker::{Ids, Table, Walker, list};
use crate::consultation::model::{Moderation, SeedStatement, StageKind, StatementStage};

const SEED_KEYS: &[&str] = &["id", "text", "dimension"];
const MODERATIONS: [(&str, Moderation); 3] = [
    ("strict", Moderation::Strict),
    ("lenient", Moderation::Lenient),
    ("off", Moderation::Off),
];
/// Cards a participant is shown at most in a statements stage, unless the file says otherwise.
const DEFAULT_MAX_CARDS: usize = 20;
/// Longest participant statement, in characters, unless the file says otherwise.
const DEFAULT_STATEMENT_LENGTH: usize = 280;
const STATEMENT_LENGTH: std::ops::RangeInclusive<i64> = 10..=500;

/// The settings and seed statements of a `kind = "statements"` stage. Seed ids are unique
/// across the consultation (`ids`).
pub(super) fn read_statements(
    w: &mut Walker,
    table: &Table<'_>,
    ids: &mut Ids,
) -> Option<StageKind> {
    let prompt = w.optional_text(table, "prompt");
    let moderation = read_moderation(w, table);
    let max_cards = read_max_cards(w, table);
    let submissions = w.optional_bool(table, "submissions");
    let max_length = read_statement_length(w, table);
    let seeds = match w.field(table, "statements") {
        Some(field) => {
            let tables = w.tables(&field)?;
            let stage = table.label.clone();
            let seeds: Vec<Option<SeedStatement>> = tables
                .into_iter()
                .map(|seed| read_seed(w, seed, &stage, ids))
                .collect();
            seeds.into_iter().collect::<Option<Vec<_>>>()?
        }
        None => Vec::new(),
    };
    if seeds.is_empty()
        && let Some(off) = submissions.filter(|s| !s.value)
    {
        let message = format!(
            "{}: nothing to vote on: the stage has no [[stages.statements]] and participants \
             may not write their own (submissions = false)",
            table.label
        );
        w.error(off.at, message);
        return None;
    }
    Some(StageKind::Statements(StatementStage {
        prompt,
        seeds,
        moderation: moderation?,
        max_cards: max_cards?,
        submissions: submissions.is_none_or(|s| s.value),
        max_length: max_length?,
    }))
}

fn read_moderation(w: &mut Walker, table: &Table<'_>) -> Option<Moderation> {
    let name = w.required_str(table, "moderation")?;
    if let Some((_, moderation)) = MODERATIONS.iter().find(|(n, _)| *n == name.value) {
        return Some(*moderation);
    }
    let names: Vec<&str> = MODERATIONS.iter().map(|(n, _)| *n).collect();
    let message = format!(
        "{}: unknown moderation \"{}\" (expected one of: {})",
        table.key_path("moderation"),
        name.value,
        list(&names)
    );
    w.error(name.at, message);
    None
}

fn read_max_cards(w: &mut Walker, table: &Table<'_>) -> Option<usize> {
    let Some(max_cards) = w.optional_int(table, "max_cards") else {
        // Absent (default) or of the wrong type (already reported).
        return w
            .field(table, "max_cards")
            .is_none()
            .then_some(DEFAULT_MAX_CARDS);
    };
    match usize::try_from(max_cards.value) {
        Ok(n) if n > 0 => Some(n),
        _ => {
            let message = format!(
                "{}: must be a positive whole number (found {})",
                table.key_path("max_cards"),
                max_cards.value
            );
            w.error(max_cards.at, message);
            None
        }
    }
}

fn read_statement_length(w: &mut Walker, table: &Table<'_>) -> Option<usize> {
    let Some(max_length) = w.optional_int(table, "max_length") else {
        return w
            .field(table, "max_length")
            .is_none()
            .then_some(DEFAULT_STATEMENT_LENGTH);
    };
    if !STATEMENT_LENGTH.contains(&max_length.value) {
        let message = format!(
            "{}: must be between {} and {} (found {})",
            table.key_path("max_length"),
            STATEMENT_LENGTH.start(),
            STATEMENT_LENGTH.end(),
            max_length.value
        );
        w.error(max_length.at, message);
        return None;
    }
    usize::try_from(max_length.value).ok()
}

fn read_seed(
    w: &mut Walker,
    mut table: Table<'_>,
    stage: &str,
    ids: &mut Ids,
) -> Option<SeedStatement> {
    let id = w.id(&table, "id");
    let mut unique = true;
    if let Some(id) = &id {
        unique = ids.insert(w, id);
        table.label = format!("statement \"{}\" of {stage}", id.value);
    }
    w.check_keys(&table, SEED_KEYS);
    let text = w.required_text(&table, "text");
    let dimension = read_dimension(w, &table);
    let dimension_ok = dimension.is_some() || w.field(&table, "dimension").is_none();
    if !(unique && dimension_ok) {
        return None;
    }
    Some(SeedStatement {
        id: id?.value,
        text: text?,
        dimension,
    })
}
