//! `[[questions]]`: the question bank the stages pick from.

use std::collections::HashMap;

use super::walker::{At, Field, Ids, Strings, Table, Walker, list};
use crate::consultation::model::{Choice, Condition, Dimension, Id, Question, QuestionKind, Text};

/// Keys every question may have.
const COMMON_KEYS: &[&str] = &["id", "kind", "text", "dimension", "required", "show_if"];

/// Telegram's callback data holds at most 64 bytes; answers travel as `m:<question>:<option>`.
const MAX_CALLBACK_IDS_LEN: usize = 61;
const OPTIONS: std::ops::RangeInclusive<usize> = 2..=12;
/// A ranking is answered by pressing every option in turn, so it stays short.
const RANKING_OPTIONS: std::ops::RangeInclusive<usize> = 2..=8;
const MAX_LENGTH: std::ops::RangeInclusive<i64> = 1..=3000;
const DEFAULT_MAX_LENGTH: usize = 1000;
/// One button per value of a scale: at most 11 (0 to 10, say).
const MAX_SCALE_VALUES: i64 = 11;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Single,
    Multi,
    Likert,
    Text,
    Scale,
    Ranking,
    Number,
}

impl Kind {
    const ALL: [Kind; 7] = [
        Kind::Single,
        Kind::Multi,
        Kind::Likert,
        Kind::Text,
        Kind::Scale,
        Kind::Ranking,
        Kind::Number,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multi => "multi",
            Kind::Likert => "likert",
            Kind::Text => "text",
            Kind::Scale => "scale",
            Kind::Ranking => "ranking",
            Kind::Number => "number",
        }
    }

    fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Keys only this kind of question may have.
    fn extra_keys(self) -> &'static [&'static str] {
        match self {
            Kind::Single | Kind::Ranking => &["options"],
            Kind::Multi => &["options", "min", "max"],
            Kind::Likert => &["points", "labels"],
            Kind::Text => &["max_length"],
            Kind::Scale => &["min", "max", "min_label", "max_label"],
            Kind::Number => &["min", "max", "integer", "unit"],
        }
    }

    fn keys(self) -> Vec<&'static str> {
        [COMMON_KEYS, self.extra_keys()].concat()
    }
}

/// A `show_if` as written: checked and turned into a condition once the stages are known.
pub(super) struct RawCondition<'a> {
    pub source: &'a str,
    /// Where the string value starts (its opening quote).
    pub at: usize,
    /// Whether byte `i` of `source` is at `at + 1 + i` in the file: a one-line string without
    /// escapes. Otherwise diagnostics point at the string's start.
    pub exact: bool,
    pub path: String,
}

/// The questions as read, in file order, and where each id is, for the stages to refer to.
pub(super) struct ReadQuestions<'a> {
    /// `None` for a question with problems (already reported).
    questions: Vec<Option<Question>>,
    /// Question index → its `show_if`, when it is a string.
    pub show_if: Vec<(usize, RawCondition<'a>)>,
    /// Question id → index into `questions` and position of the id.
    by_id: HashMap<String, (usize, usize)>,
    /// Whether `[[questions]]` itself could be read; if not, no reference can be checked.
    pub readable: bool,
}

impl ReadQuestions<'_> {
    /// The question at `index`, if it was read without problems.
    pub fn get(&self, index: usize) -> Option<&Question> {
        self.questions.get(index)?.as_ref()
    }

    pub fn set_show_if(&mut self, index: usize, condition: Condition) {
        if let Some(Some(question)) = self.questions.get_mut(index) {
            question.show_if = Some(condition);
        }
    }

    /// Index and id position of the question with this id.
    pub fn find(&self, id: &str) -> Option<(usize, usize)> {
        self.by_id.get(id).copied()
    }

    /// Every question with a valid id, as (index, id, id position), in file order.
    pub fn ids(&self) -> Vec<(usize, &str, usize)> {
        let mut ids: Vec<_> = self
            .by_id
            .iter()
            .map(|(id, &(index, at))| (index, id.as_str(), at))
            .collect();
        ids.sort_unstable();
        ids
    }

    /// All questions, if every one of them is valid.
    pub fn into_questions(self) -> Option<Vec<Question>> {
        if !self.readable {
            return None;
        }
        self.questions.into_iter().collect()
    }
}

pub(super) fn read_questions<'a>(w: &mut Walker, root: &Table<'a>) -> ReadQuestions<'a> {
    let mut read = ReadQuestions {
        questions: Vec::new(),
        show_if: Vec::new(),
        by_id: HashMap::new(),
        readable: false,
    };
    let Some(field) = w.required(root, "questions") else {
        return read;
    };
    let Some(tables) = w.tables(&field) else {
        return read;
    };
    read.readable = true;
    let mut ids = Ids::new("question");
    for (index, table) in tables.into_iter().enumerate() {
        let id = w.id(&table, "id");
        if let Some(id) = &id
            && ids.insert(w, id)
        {
            read.by_id.insert(id.value.0.clone(), (index, id.at));
        }
        if let Some(raw) = read_show_if(w, &table) {
            read.show_if.push((index, raw));
        }
        read.questions.push(read_question(w, table, id));
    }
    read
}

fn read_question(w: &mut Walker, mut table: Table<'_>, id: Option<At<Id>>) -> Option<Question> {
    if let Some(id) = &id {
        table.label = format!("question \"{}\"", id.value);
    }
    let kind = read_kind(w, &table);
    check_question_keys(w, &table, kind);
    let text = w.required_text(&table, "text");
    let dimension = read_dimension(w, &table);
    let required = w.optional_bool(&table, "required").is_none_or(|r| r.value);
    let question = id.as_ref().map(|id| &id.value);
    let kind = match kind? {
        Kind::Single => read_options(w, &table, question, "single", OPTIONS)
            .map(|options| QuestionKind::Single { options }),
        Kind::Ranking => read_options(w, &table, question, "ranking", RANKING_OPTIONS)
            .map(|options| QuestionKind::Ranking { options }),
        Kind::Scale => read_scale(w, &table),
        Kind::Number => read_number(w, &table),
        Kind::Multi => read_multi(w, &table, question, required),
        Kind::Likert => read_likert(w, &table),
        Kind::Text => {
            read_max_length(w, &table).map(|max_length| QuestionKind::Text { max_length })
        }
    };
    Some(Question {
        id: id?.value,
        text: text?,
        dimension,
        required,
        kind: kind?,
        show_if: None,
    })
}

fn read_kind(w: &mut Walker, table: &Table<'_>) -> Option<Kind> {
    let name = w.required_str(table, "kind")?;
    let kind = Kind::from_name(name.value);
    if kind.is_none() {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        let message = format!(
            "{}: unknown question kind \"{}\" (expected one of: {})",
            table.key_path("kind"),
            name.value,
            list(&names)
        );
        w.error(name.at, message);
    }
    kind
}

/// Unknown keys, and keys that belong to another kind of question.
fn check_question_keys(w: &mut Walker, table: &Table<'_>, kind: Option<Kind>) {
    let Some(kind) = kind else {
        // Without a valid kind, accept any question key so only true typos are reported.
        let mut all: Vec<&str> = COMMON_KEYS.to_vec();
        for key in Kind::ALL.iter().flat_map(|k| k.extra_keys()) {
            if !all.contains(key) {
                all.push(key);
            }
        }
        w.check_keys(table, &all);
        return;
    };
    let allowed = kind.keys();
    let explain = |key: &str| {
        let others: Vec<&str> = Kind::ALL
            .into_iter()
            .filter(|k| k.extra_keys().contains(&key))
            .map(Kind::name)
            .collect();
        let (last, rest) = others.split_last()?;
        let others = match rest {
            [] => (*last).to_owned(),
            _ => format!("{} or {last}", rest.join(", ")),
        };
        Some(format!(
            "key \"{key}\" is for {others} questions, not {} ones like {} (expected one of: {})",
            kind.name(),
            table.label,
            allowed.join(", ")
        ))
    };
    w.check_keys_with(table, &allowed, explain);
}

/// The optional dimension; `None` when absent or invalid (reported).
pub(super) fn read_dimension(w: &mut Walker, table: &Table<'_>) -> Option<Dimension> {
    let field = w.field(table, "dimension")?;
    let name = w.string(&field)?;
    match Dimension::from_name(name.value) {
        Some(dimension) => Some(dimension),
        None => {
            let names: Vec<&str> = Dimension::ALL.iter().map(|(_, n)| *n).collect();
            let message = format!(
                "{}: unknown dimension \"{}\" (expected one of: {})",
                field.path,
                name.value,
                list(&names)
            );
            w.error(name.at, message);
            None
        }
    }
}

// --- options --------------------------------------------------------------------------------

fn read_options(
    w: &mut Walker,
    table: &Table<'_>,
    question: Option<&Id>,
    kind: &str,
    count: std::ops::RangeInclusive<usize>,
) -> Option<Vec<Choice>> {
    let field = w.required(table, "options")?;
    let tables = w.tables(&field)?;
    let mut complete = true;
    if !count.contains(&tables.len()) {
        let message = format!(
            "{}: a {kind} question needs {} to {} options, found {}",
            field.path,
            count.start(),
            count.end(),
            tables.len()
        );
        w.error(field.at, message);
        complete = false;
    }
    let mut ids = Ids::new("option");
    let mut options = Vec::new();
    for option in tables {
        match read_option(w, option, question, &mut ids) {
            Some(choice) => options.push(choice),
            None => complete = false,
        }
    }
    complete.then_some(options)
}

fn read_option(
    w: &mut Walker,
    mut table: Table<'_>,
    question: Option<&Id>,
    ids: &mut Ids,
) -> Option<Choice> {
    let id = w.id(&table, "id");
    if let Some(id) = &id {
        table.label = match question {
            Some(question) => format!("option \"{}\" of question \"{question}\"", id.value),
            None => format!("option \"{}\" ({})", id.value, table.path),
        };
    }
    w.check_keys(&table, &["id", "text"]);
    let text = w.required_text(&table, "text");
    let id = id?;
    let unique = ids.insert(w, &id);
    let fits = question.is_none_or(|q| check_callback_length(w, &table, q, &id));
    if !(unique && fits) {
        return None;
    }
    Some(Choice {
        id: id.value,
        text: text?,
    })
}

fn check_callback_length(
    w: &mut Walker,
    table: &Table<'_>,
    question: &Id,
    option: &At<Id>,
) -> bool {
    let len = question.as_str().len() + option.value.as_str().len();
    if len <= MAX_CALLBACK_IDS_LEN {
        return true;
    }
    let message = format!(
        "{}: question id \"{question}\" and option id \"{}\" are {len} bytes together, at most \
         {MAX_CALLBACK_IDS_LEN} (Telegram limits button data to 64 bytes); shorten one of them",
        table.key_path("id"),
        option.value
    );
    w.error(option.at, message);
    false
}

// --- multi ----------------------------------------------------------------------------------

fn read_multi(
    w: &mut Walker,
    table: &Table<'_>,
    question: Option<&Id>,
    required: bool,
) -> Option<QuestionKind> {
    let options = read_options(w, table, question, "multi", OPTIONS);
    let min = w.optional_int(table, "min");
    let max = w.optional_int(table, "max");
    let count = options.as_ref().map(Vec::len);
    let (min, max) = check_min_max(w, table, min, max, count, required)?;
    Some(QuestionKind::Multi {
        options: options?,
        min,
        max,
    })
}

/// Applies the defaults (min: 1 if required else 0; max: the number of options) and checks
/// `0 ≤ min ≤ max ≤ options`. `count` is `None` when the options could not be read.
fn check_min_max(
    w: &mut Walker,
    table: &Table<'_>,
    min: Option<At<i64>>,
    max: Option<At<i64>>,
    count: Option<usize>,
    required: bool,
) -> Option<(usize, usize)> {
    let min_value = min.map(|min| within_options(w, table, "min", min, count));
    let max_value = max.map(|max| within_options(w, table, "max", max, count));
    if min_value == Some(None) || max_value == Some(None) {
        return None; // already reported
    }
    let min_value = min_value.flatten().unwrap_or(usize::from(required));
    let max_value = max_value.flatten().or(count)?;
    if min_value <= max_value {
        return Some((min_value, max_value));
    }
    match (min, max) {
        (Some(min), _) => {
            let message = format!(
                "{}: {min_value} is more than max ({max_value})",
                table.key_path("min")
            );
            w.error(min.at, message);
        }
        (None, Some(max)) => {
            let message = format!(
                "{}: {max_value} is less than min, which is {min_value} by default for a \
                 required question",
                table.key_path("max")
            );
            w.error(max.at, message);
        }
        // Both defaults: min ≤ 1 ≤ 2 ≤ options.
        (None, None) => {}
    }
    None
}

/// An explicit `min` or `max`: from 0 to the number of options (when known).
fn within_options(
    w: &mut Walker,
    table: &Table<'_>,
    key: &str,
    value: At<i64>,
    count: Option<usize>,
) -> Option<usize> {
    let path = table.key_path(key);
    let Ok(n) = usize::try_from(value.value) else {
        w.error(
            value.at,
            format!("{path}: must be 0 or more (found {})", value.value),
        );
        return None;
    };
    if let Some(count) = count
        && n > count
    {
        let message = format!("{path}: is {n} but the question has only {count} options");
        w.error(value.at, message);
        return None;
    }
    Some(n)
}

// --- likert ---------------------------------------------------------------------------------

fn read_likert(w: &mut Walker, table: &Table<'_>) -> Option<QuestionKind> {
    let points = read_points(w, table);
    let labels = match w.field(table, "labels") {
        Some(field) => Some(read_labels(w, &field, points)?),
        None => None,
    };
    Some(QuestionKind::Likert {
        points: points?,
        labels,
    })
}

fn read_points(w: &mut Walker, table: &Table<'_>) -> Option<u8> {
    let points = w.required_int(table, "points")?;
    match points.value {
        5 => Some(5),
        7 => Some(7),
        other => {
            let message = format!(
                "{}: must be 5 or 7 (found {other})",
                table.key_path("points")
            );
            w.error(points.at, message);
            None
        }
    }
}

/// `labels = { en = [5 strings], es = [5 strings] }`, turned into one text per point.
fn read_labels(w: &mut Walker, field: &Field<'_>, points: Option<u8>) -> Option<Vec<Text>> {
    let by_language = w.per_language(field, "list of labels", |w, f| {
        let Strings {
            items: labels,
            all_strings,
        } = w.strings(&f, "labels")?;
        let mut ok = all_strings;
        if let Some(points) = points
            && labels.len() != usize::from(points)
            && all_strings
        {
            let message = format!(
                "{}: expected {points} labels (points = {points}), found {}",
                f.path,
                labels.len()
            );
            w.error(f.at, message);
            ok = false;
        }
        for (i, label) in labels.iter().enumerate() {
            if label.value.trim().is_empty() {
                w.error(label.at, format!("{}[{}]: label is empty", f.path, i + 1));
                ok = false;
            }
        }
        ok.then(|| {
            labels
                .iter()
                .map(|l| l.value.to_owned())
                .collect::<Vec<_>>()
        })
    })?;
    let points = usize::from(points?);
    let texts = (0..points)
        .map(|i| {
            let text = by_language
                .iter()
                .filter_map(|(lang, labels)| Some((lang.clone(), labels.get(i)?.clone())))
                .collect();
            Text(text)
        })
        .collect();
    Some(texts)
}

// --- text -----------------------------------------------------------------------------------

fn read_max_length(w: &mut Walker, table: &Table<'_>) -> Option<usize> {
    let Some(max_length) = w.optional_int(table, "max_length") else {
        // Absent (default) or of the wrong type (already reported: the question is not built).
        return w
            .field(table, "max_length")
            .is_none()
            .then_some(DEFAULT_MAX_LENGTH);
    };
    if !MAX_LENGTH.contains(&max_length.value) {
        let message = format!(
            "{}: must be between {} and {} (found {})",
            table.key_path("max_length"),
            MAX_LENGTH.start(),
            MAX_LENGTH.end(),
            max_length.value
        );
        w.error(max_length.at, message);
        return None;
    }
    usize::try_from(max_length.value).ok()
}

// --- show_if --------------------------------------------------------------------------------

/// The `show_if` string, kept for `conditions` (which needs the stages to check it).
fn read_show_if<'a>(w: &mut Walker, table: &Table<'a>) -> Option<RawCondition<'a>> {
    let field = w.field(table, "show_if")?;
    let source = w.string(&field)?;
    let written = field
        .item
        .as_value()
        .and_then(|v| v.span())
        .and_then(|span| w.source(span));
    let exact = written.is_some_and(|written| {
        let quoted = |q: char| written.strip_prefix(q)?.strip_suffix(q);
        [quoted('"'), quoted('\'')].contains(&Some(source.value))
    });
    Some(RawCondition {
        source: source.value,
        at: source.at,
        exact,
        path: field.path,
    })
}

// --- scale ----------------------------------------------------------------------------------

fn read_scale(w: &mut Walker, table: &Table<'_>) -> Option<QuestionKind> {
    let min = w.required_int(table, "min");
    let max = w.required_int(table, "max");
    let min_label = w.required_text(table, "min_label");
    let max_label = w.required_text(table, "max_label");
    let (min, max) = (min?, max?);
    let mut bounds = |n: At<i64>, key: &str| match i32::try_from(n.value) {
        Ok(v) => Some(v),
        Err(_) => {
            let message = format!("{}: {} is too large", table.key_path(key), n.value);
            w.error(n.at, message);
            None
        }
    };
    let (min_value, max_value) = (bounds(min, "min"), bounds(max, "max"));
    let (min_value, max_value) = (min_value?, max_value?);
    if min_value >= max_value {
        let message = format!(
            "{}: must be more than min ({min_value}), found {max_value}",
            table.key_path("max")
        );
        w.error(max.at, message);
        return None;
    }
    let values = i64::from(max_value) - i64::from(min_value) + 1;
    if values > MAX_SCALE_VALUES {
        let message = format!(
            "{}: a scale from {min_value} to {max_value} has {values} values, at most \
             {MAX_SCALE_VALUES} (one button each)",
            table.key_path("max")
        );
        w.error(max.at, message);
        return None;
    }
    Some(QuestionKind::Scale {
        min: min_value,
        max: max_value,
        min_label: min_label?,
        max_label: max_label?,
    })
}

// --- number ---------------------------------------------------------------------------------

fn read_number(w: &mut Walker, table: &Table<'_>) -> Option<QuestionKind> {
    let integer = w.optional_bool(table, "integer");
    let integer_ok = integer.is_some() || w.field(table, "integer").is_none();
    let integer = integer.is_some_and(|i| i.value);
    let min = read_bound(w, table, "min", integer);
    let max = read_bound(w, table, "max", integer);
    let unit = w.optional_text(table, "unit");
    let unit_ok = unit.is_some() || w.field(table, "unit").is_none();
    let (min, max) = (min?, max?);
    if min.value >= max.value {
        let message = format!(
            "{}: must be more than min ({}), found {}",
            table.key_path("max"),
            min.value,
            max.value
        );
        w.error(max.at, message);
        return None;
    }
    (integer_ok && unit_ok).then_some(QuestionKind::Number {
        min: min.value,
        max: max.value,
        integer,
        unit,
    })
}

/// A required `min` or `max` of a number question: a whole or decimal TOML number; whole when
/// the question takes whole numbers only.
fn read_bound(w: &mut Walker, table: &Table<'_>, key: &str, integer: bool) -> Option<At<f64>> {
    let field = w.required(table, key)?;
    let value = w.number(&field)?.value;
    if !value.is_finite() {
        let message = format!("{}: must be a finite number, found {value}", field.path);
        w.error(field.at, message);
        return None;
    }
    if integer && value.fract() != 0.0 {
        let message = format!(
            "{}: {value} is not a whole number, but the question has integer = true",
            field.path
        );
        w.error(field.at, message);
        return None;
    }
    Some(At {
        value,
        at: field.at,
    })
}
