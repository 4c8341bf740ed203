//! `[[stages]]`: what a participant goes through, in order.

use std::collections::HashMap;

use super::questions::ReadQuestions;
use super::statements;
use super::walker::{At, Ids, Table, Walker, list};
use crate::consultation::model::{Card, Id, Stage, StageKind};

const COMMON_KEYS: &[&str] = &["id", "kind", "title"];
const KINDS: [&str; 4] = ["questions", "info", "statements", "review"];
const CARD_KEYS: &[&str] = &["id", "text", "for", "against", "link"];

/// Keys only this kind of stage may have.
fn extra_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "questions" => &["questions", "repeat_of"],
        "info" => &["cards"],
        "statements" => &[
            "prompt",
            "moderation",
            "max_cards",
            "submissions",
            "max_length",
            "statements",
        ],
        _ => &[],
    }
}

/// The stages as read, and in which order their questions are asked.
pub(super) struct ReadStages {
    /// All stages, if every one of them is valid.
    pub stages: Option<Vec<Stage>>,
    pub asked: Asked,
}

/// Where each question is first asked, following the stages (a stage asked again does not
/// move its questions).
pub(super) struct Asked {
    /// Question index → (rank in asking order, label of the stage asking it).
    pub rank: HashMap<usize, (usize, String)>,
    /// False when some stage's question list could not be read, so a question missing from
    /// `rank` may still be asked.
    pub complete: bool,
}

/// What is shared while reading the stages: ids seen, and which stage uses which question.
struct Context<'q> {
    questions: &'q ReadQuestions<'q>,
    stage_ids: Ids,
    /// Card ids are unique across the whole consultation.
    card_ids: Ids,
    /// Seed statement ids are unique across the whole consultation.
    statement_ids: Ids,
    /// Question index → label of the stage using it and position of that reference.
    used: HashMap<usize, (String, usize)>,
    /// Questions in asking order, with the label of their stage.
    order: Vec<(usize, String)>,
    /// False when some stage's question list could not be read, so "unused" would be a guess.
    all_references_read: bool,
    /// Whether a `questions` stage came before the stage being read.
    after_questions: bool,
}

/// One stage as read; a stage asked again gets its questions once every stage is known.
struct Read<'a> {
    id: Option<At<Id>>,
    label: String,
    kind: Option<&'a str>,
    title: Option<crate::consultation::model::Text>,
    stage_kind: Option<StageKind>,
    repeat_of: Option<At<&'a str>>,
}

pub(super) fn read_stages(
    w: &mut Walker,
    root: &Table<'_>,
    questions: &ReadQuestions<'_>,
) -> ReadStages {
    let mut read = ReadStages {
        stages: None,
        asked: Asked {
            rank: HashMap::new(),
            complete: false,
        },
    };
    let Some(field) = w.required(root, "stages") else {
        return read;
    };
    let Some(tables) = w.tables(&field) else {
        return read;
    };
    if tables.is_empty() {
        w.error(field.at, "stages: add at least one stage");
        return read;
    }
    let mut cx = Context {
        questions,
        stage_ids: Ids::new("stage"),
        card_ids: Ids::new("card"),
        statement_ids: Ids::new("statement"),
        used: HashMap::new(),
        order: Vec::new(),
        all_references_read: questions.readable,
        after_questions: false,
    };
    let mut stages: Vec<Read<'_>> = tables
        .into_iter()
        .map(|table| read_stage(w, table, &mut cx))
        .collect();
    resolve_repeats(w, &mut stages);
    if cx.all_references_read {
        report_unused_questions(w, &cx);
    }
    read.asked = Asked {
        rank: cx
            .order
            .into_iter()
            .enumerate()
            .map(|(rank, (index, stage))| (index, (rank, stage)))
            .collect(),
        complete: cx.all_references_read,
    };
    read.stages = stages
        .into_iter()
        .map(|stage| {
            Some(Stage {
                id: stage.id?.value,
                title: stage.title,
                kind: stage.stage_kind?,
            })
        })
        .collect();
    read
}

fn read_stage<'a>(w: &mut Walker, mut table: Table<'a>, cx: &mut Context<'_>) -> Read<'a> {
    let id = w.id(&table, "id");
    if let Some(id) = &id {
        cx.stage_ids.insert(w, id);
        table.label = format!("stage \"{}\"", id.value);
    }
    let kind = read_kind(w, &table);
    check_stage_keys(w, &table, kind.map(|k| k.value));
    // Optional values that are invalid read as `None`; their diagnostic stops the build anyway.
    let title = w.optional_text(&table, "title");
    let mut repeat_of = None;
    let stage_kind = match kind.map(|k| k.value) {
        Some("questions") => match w.field(&table, "repeat_of") {
            Some(field) => {
                repeat_of = read_repeat_of(w, &table, &field);
                None
            }
            None => read_question_refs(w, &table, cx),
        },
        Some("info") => read_cards(w, &table, cx),
        Some("statements") => statements::read_statements(w, &table, &mut cx.statement_ids),
        Some("review") => check_review(w, &table, kind, cx),
        _ => {
            // Unknown kind: its questions would look unused.
            cx.all_references_read = false;
            None
        }
    };
    if kind.is_some_and(|k| k.value == "questions") {
        cx.after_questions = true;
    }
    Read {
        id,
        label: table.label,
        kind: kind.map(|k| k.value),
        title,
        stage_kind,
        repeat_of,
    }
}

fn read_kind<'a>(w: &mut Walker, table: &Table<'a>) -> Option<At<&'a str>> {
    let kind = w.required_str(table, "kind")?;
    if KINDS.contains(&kind.value) {
        return Some(kind);
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

/// Unknown keys, and keys that belong to another kind of stage.
fn check_stage_keys(w: &mut Walker, table: &Table<'_>, kind: Option<&str>) {
    let Some(kind) = kind else {
        // Without a valid kind, accept any stage key so only true typos are reported.
        let mut all: Vec<&str> = COMMON_KEYS.to_vec();
        for key in KINDS.iter().flat_map(|k| extra_keys(k)) {
            if !all.contains(key) {
                all.push(key);
            }
        }
        w.check_keys(table, &all);
        return;
    };
    let allowed = [COMMON_KEYS, extra_keys(kind)].concat();
    let explain = |key: &str| {
        let other = KINDS.into_iter().find(|k| extra_keys(k).contains(&key))?;
        Some(format!(
            "key \"{key}\" is for {other} stages, not {kind} ones like {} (expected one of: {})",
            table.label,
            allowed.join(", ")
        ))
    };
    w.check_keys_with(table, &allowed, explain);
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
    cx.order.push((index, table.label.clone()));
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

// --- stages asked again --------------------------------------------------------------------

/// `repeat_of = "<stage id>"` of a questions stage, which then has no `questions` of its own.
fn read_repeat_of<'a>(
    w: &mut Walker,
    table: &Table<'a>,
    field: &super::walker::Field<'a>,
) -> Option<At<&'a str>> {
    if let Some(questions) = w.field(table, "questions") {
        let message = format!(
            "{}: give either questions or repeat_of, not both (a stage with repeat_of asks the \
             questions of that earlier stage again)",
            table.label
        );
        w.error(questions.key_at.max(field.key_at), message);
        return None;
    }
    w.string(field)
}

/// Gives every stage with a `repeat_of` the questions of the earlier stage it names.
fn resolve_repeats(w: &mut Walker, stages: &mut [Read<'_>]) {
    for index in 0..stages.len() {
        let Some(target) = stages[index].repeat_of else {
            continue;
        };
        let label = &stages[index].label;
        let found = stages.iter().position(|s| {
            s.id.as_ref()
                .is_some_and(|id| id.value.as_str() == target.value)
        });
        let problem = match found {
            None => Some(format!("no stage has id \"{}\"", target.value)),
            Some(t) if t == index => {
                Some("repeat_of must point to an earlier stage, not to this one".to_owned())
            }
            Some(t) if t > index => Some(format!(
                "repeat_of must point to an earlier stage: \"{}\" comes after this one",
                target.value
            )),
            Some(t) => match (stages[t].kind, stages[t].repeat_of) {
                (Some("questions"), Some(earlier)) => Some(format!(
                    "repeat_of must point to a stage with questions of its own: \"{}\" itself \
                     repeats \"{}\" (point to \"{}\" instead)",
                    target.value, earlier.value, earlier.value
                )),
                (Some("questions"), None) => None,
                (Some(kind), _) => Some(format!(
                    "repeat_of must point to a questions stage: \"{}\" is {} {kind} stage",
                    target.value,
                    if kind == "info" { "an" } else { "a" }
                )),
                // Its kind is unknown: already reported.
                (None, _) => continue,
            },
        };
        if let Some(problem) = problem {
            w.error(target.at, format!("{label}: {problem}"));
            continue;
        }
        let Some(t) = found else { continue };
        if let Some(StageKind::Questions { questions, .. }) = &stages[t].stage_kind {
            stages[index].stage_kind = Some(StageKind::Questions {
                questions: questions.clone(),
                repeat_of: Some(t),
            });
        }
    }
}

// --- review stages --------------------------------------------------------------------------

fn check_review(
    w: &mut Walker,
    table: &Table<'_>,
    kind: Option<At<&str>>,
    cx: &Context<'_>,
) -> Option<StageKind> {
    if !cx.after_questions
        && let Some(kind) = kind
    {
        let message = format!(
            "{}: a review stage must come after a questions stage (before it there is nothing \
             to review)",
            table.label
        );
        w.error(kind.at, message);
        return None;
    }
    Some(StageKind::Review)
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
