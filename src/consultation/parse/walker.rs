//! A reader over a parsed TOML document that records a diagnostic for every problem it meets
//! and keeps going, so one pass reports everything.
//!
//! Every reading helper returns `Option`: `None` means the value is absent or unusable, and in
//! the unusable case a diagnostic has already been recorded.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use toml_edit::{Item, TableLike, TomlError, Value};

use super::diagnostic::{Diagnostic, LineIndex};
use crate::consultation::model::{Id, Lang, Text};

/// A value together with the byte offset diagnostics about it point at.
#[derive(Debug, Clone, Copy)]
pub(super) struct At<T> {
    pub value: T,
    pub at: usize,
}

/// A table being read: what it holds, where to point for problems with the table as a whole
/// (a missing key), its key path (`questions[2].options[1]`, empty at the top level) and how
/// messages name it (`question "purpose"`, empty at the top level).
#[derive(Clone)]
pub(super) struct Table<'a> {
    pub table: &'a dyn TableLike,
    pub at: usize,
    pub path: String,
    pub label: String,
}

impl<'a> Table<'a> {
    pub fn root(table: &'a dyn TableLike) -> Self {
        Table {
            table,
            at: 0,
            path: String::new(),
            label: String::new(),
        }
    }

    pub fn key_path(&self, key: &str) -> String {
        join_path(&self.path, key)
    }

    /// ` in question "purpose"`, or nothing at the top level.
    fn in_label(&self) -> String {
        if self.label.is_empty() {
            String::new()
        } else {
            format!(" in {}", self.label)
        }
    }
}

/// The strings of an array, and whether every element was one.
pub(super) struct Strings<'a> {
    pub items: Vec<At<&'a str>>,
    pub all_strings: bool,
}

/// The value of one key of a table.
#[derive(Clone)]
pub(super) struct Field<'a> {
    pub item: &'a Item,
    /// Where the key is written.
    pub key_at: usize,
    /// Where the value starts (or the key, for values without a position of their own).
    pub at: usize,
    pub path: String,
}

pub(super) struct Walker {
    lines: LineIndex,
    diagnostics: Vec<Diagnostic>,
    /// The declared languages, once `languages` has been read without problems. While `None`,
    /// texts are not checked for missing or undeclared languages (that would only add noise).
    pub languages: Option<Vec<Lang>>,
}

impl Walker {
    pub fn new(source: &str) -> Self {
        Walker {
            lines: LineIndex::new(source),
            diagnostics: Vec::new(),
            languages: None,
        }
    }

    pub fn error(&mut self, at: usize, message: impl Into<String>) {
        let (line, column) = self.lines.position(at);
        self.diagnostics.push(Diagnostic {
            line,
            column,
            message: message.into(),
        });
    }

    /// The source text at `span`, as written.
    pub fn source(&self, span: Range<usize>) -> Option<&str> {
        self.lines.text(span)
    }

    /// 1-based line of a byte offset, for messages like "first used on line 12".
    pub fn line(&self, at: usize) -> usize {
        self.lines.line(at)
    }

    pub fn syntax_error(&mut self, error: &TomlError) {
        let at = error.span().map_or(0, |span| span.start);
        let mut lines = error
            .message()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        let first = lines.next().unwrap_or("invalid TOML");
        let rest: Vec<&str> = lines.collect();
        let message = if rest.is_empty() {
            format!("TOML syntax error: {first}")
        } else {
            format!("TOML syntax error: {first} ({})", rest.join("; "))
        };
        self.error(at, message);
    }

    /// The diagnostics sorted by position, or `value` when there are none.
    pub fn finish<T>(mut self, value: Option<T>) -> Result<T, Vec<Diagnostic>> {
        match value {
            Some(value) if self.diagnostics.is_empty() => Ok(value),
            _ => {
                if self.diagnostics.is_empty() {
                    self.error(
                        0,
                        "the file could not be read (internal error: no reason found)",
                    );
                }
                self.diagnostics.sort_by_key(|d| (d.line, d.column));
                self.diagnostics.dedup();
                Err(self.diagnostics)
            }
        }
    }

    // --- keys -------------------------------------------------------------------------------

    /// The value of `key`, if present.
    pub fn field<'a>(&self, table: &Table<'a>, key: &str) -> Option<Field<'a>> {
        let (k, item) = table.table.get_key_value(key)?;
        let key_at = start(k.span(), table.at);
        Some(Field {
            item,
            key_at,
            at: start(item.span(), key_at),
            path: table.key_path(key),
        })
    }

    /// The value of `key`, or a "missing" diagnostic pointing at the table.
    pub fn required<'a>(&mut self, table: &Table<'a>, key: &str) -> Option<Field<'a>> {
        let field = self.field(table, key);
        if field.is_none() {
            let message = format!("missing required key \"{key}\"{}", table.in_label());
            self.error(table.at, message);
        }
        field
    }

    /// Reports every key of `table` that is not in `allowed`.
    pub fn check_keys(&mut self, table: &Table<'_>, allowed: &[&str]) {
        self.check_keys_with(table, allowed, |_| None);
    }

    /// Like `check_keys`, but `explain` may give a more precise message for a key that is not
    /// allowed (a key that belongs to another kind of question, say).
    pub fn check_keys_with(
        &mut self,
        table: &Table<'_>,
        allowed: &[&str],
        explain: impl Fn(&str) -> Option<String>,
    ) {
        for (key, _) in table.table.iter() {
            if allowed.contains(&key) {
                continue;
            }
            let at = start(table.table.key(key).and_then(|k| k.span()), table.at);
            let message = explain(key).unwrap_or_else(|| {
                format!(
                    "unknown key \"{key}\"{} (expected one of: {})",
                    table.in_label(),
                    allowed.join(", ")
                )
            });
            self.error(at, message);
        }
    }

    // --- scalars ----------------------------------------------------------------------------

    pub fn string<'a>(&mut self, field: &Field<'a>) -> Option<At<&'a str>> {
        match field.item.as_str() {
            Some(s) => Some(At {
                value: s,
                at: field.at,
            }),
            None => self.wrong_type(field, "a string"),
        }
    }

    pub fn integer(&mut self, field: &Field<'_>) -> Option<At<i64>> {
        match field.item.as_integer() {
            Some(n) => Some(At {
                value: n,
                at: field.at,
            }),
            None => self.wrong_type(field, "a whole number"),
        }
    }

    /// A whole or decimal number.
    pub fn number(&mut self, field: &Field<'_>) -> Option<At<f64>> {
        let value = match field.item.as_value() {
            // Exact up to 2^53; beyond, the nearest representable number.
            Some(Value::Integer(n)) => *n.value() as f64,
            Some(Value::Float(f)) => *f.value(),
            _ => return self.wrong_type(field, "a number"),
        };
        Some(At {
            value,
            at: field.at,
        })
    }

    pub fn boolean(&mut self, field: &Field<'_>) -> Option<At<bool>> {
        match field.item.as_bool() {
            Some(b) => Some(At {
                value: b,
                at: field.at,
            }),
            None => self.wrong_type(field, "true or false"),
        }
    }

    pub fn required_str<'a>(&mut self, table: &Table<'a>, key: &str) -> Option<At<&'a str>> {
        let field = self.required(table, key)?;
        self.string(&field)
    }

    pub fn required_int(&mut self, table: &Table<'_>, key: &str) -> Option<At<i64>> {
        let field = self.required(table, key)?;
        self.integer(&field)
    }

    pub fn optional_int(&mut self, table: &Table<'_>, key: &str) -> Option<At<i64>> {
        let field = self.field(table, key)?;
        self.integer(&field)
    }

    pub fn optional_bool(&mut self, table: &Table<'_>, key: &str) -> Option<At<bool>> {
        let field = self.field(table, key)?;
        self.boolean(&field)
    }

    /// A required id (`a-z 0-9 _ -`, 1–32 characters).
    pub fn id(&mut self, table: &Table<'_>, key: &str) -> Option<At<Id>> {
        let field = self.required(table, key)?;
        let s = self.string(&field)?;
        match id_problem(s.value) {
            Some(problem) => {
                self.error(s.at, format!("{}: {problem}", field.path));
                None
            }
            None => Some(At {
                value: Id(s.value.to_owned()),
                at: s.at,
            }),
        }
    }

    // --- tables and arrays ------------------------------------------------------------------

    /// The value of `field` as a table (`[name]` or `{ … }`), labelled `label` in messages.
    pub fn table<'a>(&mut self, field: &Field<'a>, label: &str) -> Option<Table<'a>> {
        match field.item.as_table_like() {
            Some(table) => Some(Table {
                table,
                at: field.at,
                path: field.path.clone(),
                label: label.to_owned(),
            }),
            None => self.wrong_type(field, "a table"),
        }
    }

    /// The value of `field` as an array of tables (`[[name]]` or `[{ … }, …]`). Each table's
    /// path and label are `name[N]`, counting from 1.
    pub fn tables<'a>(&mut self, field: &Field<'a>) -> Option<Vec<Table<'a>>> {
        let entries: Vec<(&'a dyn TableLike, Option<Range<usize>>)> = match field.item {
            Item::ArrayOfTables(array) => array
                .iter()
                .map(|t| (t as &dyn TableLike, t.span()))
                .collect(),
            Item::Value(Value::Array(array)) => {
                let mut entries = Vec::new();
                for value in array.iter() {
                    match value.as_inline_table() {
                        Some(t) => entries.push((t as &dyn TableLike, value.span())),
                        None => {
                            let at = start(value.span(), field.at);
                            let message = format!(
                                "{}: expected tables ({{ … }}), found {}",
                                field.path,
                                describe_value(value)
                            );
                            self.error(at, message);
                        }
                    }
                }
                entries
            }
            _ => return self.wrong_type(field, "an array of tables ([[…]])"),
        };
        let tables = entries
            .into_iter()
            .enumerate()
            .map(|(i, (table, span))| {
                let path = format!("{}[{}]", field.path, i + 1);
                Table {
                    table,
                    at: start(span, field.at),
                    label: path.clone(),
                    path,
                }
            })
            .collect();
        Some(tables)
    }

    /// The value of `field` as an array of strings. Elements of other types are reported and
    /// left out (then `all_strings` is false).
    pub fn strings<'a>(&mut self, field: &Field<'a>, what: &str) -> Option<Strings<'a>> {
        let Some(array) = field.item.as_array() else {
            return self.wrong_type(field, "an array");
        };
        let mut strings = Strings {
            items: Vec::new(),
            all_strings: true,
        };
        for value in array.iter() {
            let at = start(value.span(), field.at);
            match value.as_str() {
                Some(s) => strings.items.push(At { value: s, at }),
                None => {
                    let message = format!(
                        "{}: expected {what} (strings), found {}",
                        field.path,
                        describe_value(value)
                    );
                    self.error(at, message);
                    strings.all_strings = false;
                }
            }
        }
        Some(strings)
    }

    // --- texts ------------------------------------------------------------------------------

    pub fn required_text(&mut self, table: &Table<'_>, key: &str) -> Option<Text> {
        let field = self.required(table, key)?;
        self.text(&field)
    }

    pub fn optional_text(&mut self, table: &Table<'_>, key: &str) -> Option<Text> {
        let field = self.field(table, key)?;
        self.text(&field)
    }

    /// A text: one non-empty string per declared language.
    pub fn text(&mut self, field: &Field<'_>) -> Option<Text> {
        let strings = self.per_language(field, "text", |w, f| w.non_empty_string(&f))?;
        Some(Text(strings))
    }

    fn non_empty_string(&mut self, field: &Field<'_>) -> Option<String> {
        let s = self.string(field)?;
        if s.value.trim().is_empty() {
            self.error(s.at, format!("{}: text is empty", field.path));
            return None;
        }
        Some(s.value.to_owned())
    }

    /// A table with one entry per declared language, each read with `read`. Reports undeclared
    /// languages (at their key) and missing ones (at the table).
    pub fn per_language<'a, T>(
        &mut self,
        field: &Field<'a>,
        what: &str,
        mut read: impl FnMut(&mut Self, Field<'a>) -> Option<T>,
    ) -> Option<BTreeMap<Lang, T>> {
        let Some(table) = field.item.as_table_like() else {
            let message = format!(
                "{}: expected a {what} given per language, such as {{ en = … }}, found {}",
                field.path,
                describe(field.item)
            );
            self.error(field.at, message);
            return None;
        };
        let table = Table {
            table,
            at: field.at,
            path: field.path.clone(),
            label: field.path.clone(),
        };
        let declared = self.languages.clone();
        let mut values = BTreeMap::new();
        let mut complete = true;
        for (lang, _) in table.table.iter() {
            let Some(entry) = self.field(&table, lang) else {
                continue;
            };
            if let Some(declared) = &declared
                && !declared.iter().any(|l| l.as_str() == lang)
            {
                let message = format!(
                    "{}: language \"{lang}\" is not declared in languages ({})",
                    field.path,
                    list(declared)
                );
                self.error(entry.key_at, message);
                complete = false;
                continue;
            }
            match read(self, entry) {
                Some(value) => {
                    values.insert(Lang(lang.to_owned()), value);
                }
                None => complete = false,
            }
        }
        for lang in declared.iter().flatten() {
            if !table.table.contains_key(lang.as_str()) {
                self.error(
                    table.at,
                    format!("{}: missing \"{lang}\" {what}", field.path),
                );
                complete = false;
            }
        }
        complete.then_some(values)
    }

    fn wrong_type<T>(&mut self, field: &Field<'_>, expected: &str) -> Option<T> {
        let message = format!(
            "{}: expected {expected}, found {}",
            field.path,
            describe(field.item)
        );
        self.error(field.at, message);
        None
    }
}

/// Tracks ids already seen in one scope (stages, questions, cards, options of one question)
/// and reports a repeated one at its second occurrence.
pub(super) struct Ids {
    kind: &'static str,
    first: HashMap<String, usize>,
}

impl Ids {
    pub fn new(kind: &'static str) -> Self {
        Ids {
            kind,
            first: HashMap::new(),
        }
    }

    /// Records `id`; returns false (and reports) when it was already used.
    pub fn insert(&mut self, w: &mut Walker, id: &At<Id>) -> bool {
        match self.first.get(id.value.as_str()) {
            Some(&first) => {
                let message = format!(
                    "duplicate {} id \"{}\" (first used on line {})",
                    self.kind,
                    id.value,
                    w.line(first)
                );
                w.error(id.at, message);
                false
            }
            None => {
                self.first.insert(id.value.0.clone(), id.at);
                true
            }
        }
    }
}

pub(super) const MAX_ID_LEN: usize = 32;

/// Why `s` is not a valid id, if it is not.
pub(super) fn id_problem(s: &str) -> Option<String> {
    const RULE: &str = "use 1 to 32 characters: a-z, 0-9, _ and -";
    if s.is_empty() {
        return Some(format!("the id is empty ({RULE})"));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
    if let Some(bad) = s.chars().find(|&c| !allowed(c)) {
        return Some(format!(
            "\"{s}\" is not a valid id: \"{bad}\" is not allowed ({RULE})"
        ));
    }
    let len = s.chars().count();
    if len > MAX_ID_LEN {
        return Some(format!(
            "\"{s}\" is too long for an id ({len} characters, at most {MAX_ID_LEN})"
        ));
    }
    None
}

/// `a.b`, or `b` when `a` is empty.
pub(super) fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `en, es, fr`.
pub(super) fn list<T: std::fmt::Display>(items: &[T]) -> String {
    let items: Vec<String> = items.iter().map(ToString::to_string).collect();
    items.join(", ")
}

fn start(span: Option<Range<usize>>, fallback: usize) -> usize {
    span.map_or(fallback, |s| s.start)
}

fn describe(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Value(value) => describe_value(value),
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "an array of tables",
    }
}

fn describe_value(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) => "a whole number",
        Value::Float(_) => "a decimal number",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date-time",
        Value::Array(_) => "an array",
        Value::InlineTable(_) => "a table",
    }
}
