//! `[[stages]]`: what a participant goes through, in order.

use std::collections::HashMap;

use super::questions::ReadQuestions;
use super::walker::{At, Ids, Table, Walker, list};
use crate::consultation::model::{Card, Stage, StageKind};

const COMMON_KEYS: &[&str] = &["id", "kind", "title"];
const KINDS: [&str; 2] = ["questions", "info"];
const CARD_KEYS: &[&str] = &["id", "text", "for", "against", "link"];

/// What is shared while reading the stages: ids seen, and which stage uses which question.
struct Context<'q> {
    questions: &'q ReadQuestions,
    stage_ids: Ids,
    /// Card ids are unique across the whole consultation.
    card_ids: Ids,
    /// Question index → label of the stage using it and position of that reference.
    used: HashMap<usize, (String, usize)>,
    /// False when some stage's question list could not be read, so "unused" would be a guess.
    all_references_read: bool,
}

pub(super) fn read_stages(
    w: &mut Walker,
    root: &Table<'_>,
    questions: &ReadQuestions,
) -> Option<Vec<Stage>> {
    let field = w.required(root, "stages")?;
    let tables = w.tables(&field)?;
    if tables.is_empty() {
        w.error(field.at, "stages: add at least one stage");
        return None;
    }
    let mut cx = Context {
        questions,
        stage_ids: Ids::new("stage"),
        card_ids: Ids::new("card"),
        used: HashMap::new(),
        all_references_read: questions.readable,
    };
    let stages: Vec<Option<Stage>> = tables
        .into_iter()
        .map(|table| read_stage(w, table, &mut cx))
        .collect();
    if cx.all_references_read {
        report_unused_questions(w, &cx);
    }
    stages.into_iter().collect()
}

fn read_stage(w: &mut Walker, mut table: Table<'_>, cx: &mut Context<'_>) -> Option<Stage> {
    let id = w.id(&table, "id");
    if let Some(id) = &id {
        cx.stage_ids.insert(w, id);
        table.label = format!("stage \"{}\"", id.value);
    }
    let kind = read_kind(w, &table);
    let extra: &[&str] = match kind {
        Some("questions") => &["questions"],
        Some("info") => &["cards"],
        _ => &["questions", "cards"],
    };
    w.check_keys(&table, &[COMMON_KEYS, extra].concat());
    // Optional values that are invalid read as `None`; their diagnostic stops the build anyway.
    let title = w.optional_text(&table, "title");
    let stage_kind = match kind {
        Some("questions") => read_question_refs(w, &table, cx),
        Some("info") => read_cards(w, &table, cx),
        _ => {
            // Unknown kind: its questions would look unused.
            cx.all_references_read = false;
            None
        }
    };
    Some(Stage {
        id: id?.value,
        title,
        kind: stage_kind?,
    })
}

fn read_kind<'a>(w: &mut Walker, table: &Table<'a>) -> Option<&'a str> {
    let kind = w.required_str(table, "kind")?;
    if KINDS.contains(&kind.value) {
        return Some(kind.value);
    }
    let message = format!(
        "{}: unknown stage kind \"{}\" (expected one of: {})",
        table.key_path("kind"),
        kind.value,
        list(&KINDS)
    );
    w.error(kind.at, message);
    None
}

// --- questions stages -----------------------------------------------------------------------

fn read_question_refs(
    w: &mut Walker,
    table: &Table<'_>,
    cx: &mut Context<'_>,
) -> Option<StageKind> {
    let Some((field, refs)) = w
        .required(table, "questions")
        .and_then(|field| Some((field.clone(), w.strings(&field, "question ids")?)))
    else {
        cx.all_references_read = false;
        return None;
    };
    cx.all_references_read &= refs.all_strings;
    if refs.items.is_empty() {
        let message = format!(
            "{}: a questions stage needs at least one question",
            field.path
        );
        w.error(field.at, message);
        return None;
    }
    let mut indexes = Vec::new();
    for r in &refs.items {
        if let Some(index) = use_question(w, table, &field.path, r, cx) {
            indexes.push(index);
        }
    }
    let complete = refs.all_strings && indexes.len() == refs.items.len();
    complete.then_some(StageKind::Questions {
        questions: indexes,
        repeat_of: None,
    })
}

/// Records that the stage `table` asks question `r`; its index if it exists and is not used
/// by an earlier stage (or earlier in this one).
fn use_question(
    w: &mut Walker,
    table: &Table<'_>,
    path: &str,
    r: &At<&str>,
    cx: &mut Context<'_>,
) -> Option<usize> {
    if !cx.questions.readable {
        return None; // `[[questions]]` itself is broken, already reported
    }
    let Some((index, _)) = cx.questions.find(r.value) else {
        w.error(r.at, format!("{path}: no question has id \"{}\"", r.value));
        return None;
    };
    if let Some((stage, first)) = cx.used.get(&index) {
        let message = format!(
            "{path}: question \"{}\" is already used in {stage} (line {}); a question can be \
             in only one stage",
            r.value,
            w.line(*first)
        );
        w.error(r.at, message);
        return None;
    }
    cx.used.insert(index, (table.label.clone(), r.at));
    Some(index)
}

fn report_unused_questions(w: &mut Walker, cx: &Context<'_>) {
    for (index, id, at) in cx.questions.ids() {
        if !cx.used.contains_key(&index) {
            let message = format!(
                "question \"{id}\" is not used by any stage (add it to a stage's questions, or \
                 remove it)"
            );
            w.error(at, message);
        }
    }
}

// --- info stages ----------------------------------------------------------------------------

fn read_cards(w: &mut Walker, table: &Table<'_>, cx: &mut Context<'_>) -> Option<StageKind> {
    let field = w.required(table, "cards")?;
    let tables = w.tables(&field)?;
    if tables.is_empty() {
        let message = format!("{}: an info stage needs at least one card", field.path);
        w.error(field.at, message);
        return None;
    }
    let stage = table.label.clone();
    let cards: Vec<Option<Card>> = tables
        .into_iter()
        .map(|card| read_card(w, card, &stage, &mut cx.card_ids))
        .collect();
    let cards = cards.into_iter().collect::<Option<Vec<Card>>>()?;
    Some(StageKind::Info { cards })
}

fn read_card(w: &mut Walker, mut table: Table<'_>, stage: &str, ids: &mut Ids) -> Option<Card> {
    let id = w.id(&table, "id");
    let mut unique = true;
    if let Some(id) = &id {
        unique = ids.insert(w, id);
        table.label = format!("card \"{}\" of {stage}", id.value);
    }
    w.check_keys(&table, CARD_KEYS);
    let text = w.required_text(&table, "text");
    let for_text = w.optional_text(&table, "for");
    let against_text = w.optional_text(&table, "against");
    let link = read_link(w, &table);
    if !unique {
        return None;
    }
    Some(Card {
        id: id?.value,
        text: text?,
        for_text,
        against_text,
        link,
    })
}

/// The optional `link`; `None` when absent or invalid (reported).
fn read_link(w: &mut Walker, table: &Table<'_>) -> Option<String> {
    let field = w.field(table, "link")?;
    let link = w.string(&field)?;
    let valid = link.value.starts_with("https://")
        && url::Url::parse(link.value).is_ok_and(|u| u.host_str().is_some_and(|h| !h.is_empty()));
    if !valid {
        let message = format!(
            "{}: \"{}\" is not an https:// address (links must start with https://)",
            field.path, link.value
        );
        w.error(link.at, message);
        return None;
    }
    Some(link.value.to_owned())
}
