//! Parsing and validating a consultation file (`docs/consultation-file.md`).
//!
//! The TOML is parsed with `toml_edit` (which keeps positions) and walked by hand, so every
//! problem (unknown key, wrong type, missing key, bad reference, …) is reported with the
//! line and column of the offending key or value, all in one pass.
//!
//! Paths in messages (`questions[3].options[1].text`) count array entries from 1, as an
//! organizer would ("the third question").

mod conditions;
mod diagnostic;
mod questions;
mod stages;
mod statements;
#[cfg(test)]
mod tests;
mod walker;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use toml_edit::ImDocument;

pub use diagnostic::Diagnostic;
use walker::{At, Table, Walker, list};

use super::model::{Consultation, Lang, Notice};

const TOP_LEVEL_KEYS: &[&str] = &[
    "format",
    "slug",
    "languages",
    "default_language",
    "time_zone",
    "opens_at",
    "closes_at",
    "title",
    "intro",
    "closing",
    "notice",
    "stages",
    "questions",
];

/// Parses and validates a consultation file. On failure, returns every problem found, sorted
/// by position.
pub fn parse(source: &str) -> Result<Consultation, Vec<Diagnostic>> {
    let mut w = Walker::new(source);
    let consultation = match ImDocument::parse(source) {
        Ok(doc) => read_consultation(&mut w, &Table::root(doc.as_table())),
        Err(error) => {
            w.syntax_error(&error);
            None
        }
    };
    w.finish(consultation)
}

fn read_consultation(w: &mut Walker, root: &Table<'_>) -> Option<Consultation> {
    w.check_keys(root, TOP_LEVEL_KEYS);
    let format = read_format(w, root);
    let slug = w.id(root, "slug");
    // Languages first: every text is checked against them.
    let languages = read_languages(w, root);
    let default_language = read_default_language(w, root);
    let time_zone = read_time_zone(w, root);
    let opens_at = read_local_time(w, root, "opens_at", time_zone);
    let closes_at = read_local_time(w, root, "closes_at", time_zone);
    check_closes_after_opens(w, opens_at, closes_at);
    let title = w.required_text(root, "title");
    let intro = w.optional_text(root, "intro");
    let closing = w.optional_text(root, "closing");
    let notice = read_notice(w, root);
    let mut questions = questions::read_questions(w, root);
    let stages = stages::read_stages(w, root, &questions);
    // After the stages: a condition may only use questions asked before its own.
    conditions::read_conditions(w, &mut questions, &stages.asked);

    format?;
    Some(Consultation {
        slug: slug?.value,
        languages: languages?,
        default_language: default_language?,
        time_zone: time_zone?,
        opens_at: opens_at?.value,
        closes_at: closes_at?.value,
        title: title?,
        intro,
        notice: notice?,
        closing,
        stages: stages.stages?,
        questions: questions.into_questions()?,
    })
}

fn read_format(w: &mut Walker, root: &Table<'_>) -> Option<()> {
    let format = w.required_int(root, "format")?;
    if format.value != 1 {
        let message = format!(
            "format: unsupported format {} (this version of assent reads format 1)",
            format.value
        );
        w.error(format.at, message);
        return None;
    }
    Some(())
}

// --- languages ------------------------------------------------------------------------------

/// Reads `languages` and, when it is entirely valid, declares them to the walker.
fn read_languages(w: &mut Walker, root: &Table<'_>) -> Option<Vec<Lang>> {
    let field = w.required(root, "languages")?;
    let codes = w.strings(&field, "language codes")?;
    let mut languages: Vec<Lang> = Vec::new();
    let mut valid = codes.all_strings;
    for code in &codes.items {
        if !is_language_code(code.value) {
            w.error(
                code.at,
                format!("languages: {}", bad_language_code(code.value)),
            );
            valid = false;
        } else if languages.iter().any(|l| l.as_str() == code.value) {
            w.error(
                code.at,
                format!("languages: \"{}\" is listed twice", code.value),
            );
        } else {
            languages.push(Lang(code.value.to_owned()));
        }
    }
    if codes.items.is_empty() && valid {
        w.error(field.at, "languages: declare at least one language");
        return None;
    }
    if valid {
        w.languages = Some(languages.clone());
    }
    valid.then_some(languages)
}

fn read_default_language(w: &mut Walker, root: &Table<'_>) -> Option<Lang> {
    let code = w.required_str(root, "default_language")?;
    if !is_language_code(code.value) {
        let message = format!("default_language: {}", bad_language_code(code.value));
        w.error(code.at, message);
        return None;
    }
    if let Some(languages) = &w.languages
        && !languages.iter().any(|l| l.as_str() == code.value)
    {
        let message = format!(
            "default_language: \"{}\" is not one of languages ({})",
            code.value,
            list(languages)
        );
        w.error(code.at, message);
        return None;
    }
    Some(Lang(code.value.to_owned()))
}

/// A simple BCP-47 subset: a 2–3 letter lowercase language, optionally followed by `-` and a
/// region (`BR`, `419`) or a script (`Hant`).
fn is_language_code(code: &str) -> bool {
    let (language, rest) = match code.split_once('-') {
        Some((language, rest)) => (language, Some(rest)),
        None => (code, None),
    };
    let lower = |s: &str| s.chars().all(|c| c.is_ascii_lowercase());
    let language_ok = (2..=3).contains(&language.len()) && lower(language);
    let rest_ok = match rest {
        None => true,
        Some(r) if r.len() == 2 => r.chars().all(|c| c.is_ascii_uppercase()),
        Some(r) if r.len() == 3 => r.chars().all(|c| c.is_ascii_digit()),
        Some(r) if r.len() == 4 => {
            let mut chars = r.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase()) && lower(chars.as_str())
        }
        Some(_) => false,
    };
    language_ok && rest_ok
}

fn bad_language_code(code: &str) -> String {
    format!("\"{code}\" is not a valid language code (expected e.g. \"en\", \"es\", \"pt-BR\")")
}

// --- time -----------------------------------------------------------------------------------

fn read_time_zone(w: &mut Walker, root: &Table<'_>) -> Option<Tz> {
    let name = w.required_str(root, "time_zone")?;
    match name.value.parse::<Tz>() {
        Ok(tz) => Some(tz),
        Err(_) => {
            let message = format!(
                "time_zone: unknown time zone \"{}\" (expected an IANA name such as \"Europe/Madrid\")",
                name.value
            );
            w.error(name.at, message);
            None
        }
    }
}

/// A TOML local date-time (no offset), read in `time_zone` and converted to UTC.
fn read_local_time(
    w: &mut Walker,
    root: &Table<'_>,
    key: &str,
    time_zone: Option<Tz>,
) -> Option<At<DateTime<Utc>>> {
    const EXAMPLE: &str = "2027-01-10T09:00:00";
    let field = w.required(root, key)?;
    let Some(datetime) = field.item.as_datetime() else {
        let message =
            format!("{key}: expected a local date-time such as {EXAMPLE} (written without quotes)");
        w.error(field.at, message);
        return None;
    };
    let (Some(date), Some(time)) = (datetime.date, datetime.time) else {
        w.error(
            field.at,
            format!("{key}: give both a date and a time, such as {EXAMPLE}"),
        );
        return None;
    };
    if datetime.offset.is_some() {
        let message = format!(
            "{key}: remove the UTC offset: the time is local to time_zone (write it like {EXAMPLE})"
        );
        w.error(field.at, message);
        return None;
    }
    let date = NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into());
    let time = NaiveTime::from_hms_nano_opt(
        time.hour.into(),
        time.minute.into(),
        time.second.into(),
        time.nanosecond,
    );
    let (Some(date), Some(time)) = (date, time) else {
        w.error(
            field.at,
            format!("{key}: {datetime} is not a valid date and time"),
        );
        return None;
    };
    let tz = time_zone?;
    let local = date.and_time(time);
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => Some(At {
            value: t.with_timezone(&Utc),
            at: field.at,
        }),
        chrono::LocalResult::Ambiguous(..) => {
            let message = format!(
                "{key}: {datetime} happens twice in {tz} (the clocks are turned back that night); \
                 choose a time outside the repeated hour"
            );
            w.error(field.at, message);
            None
        }
        chrono::LocalResult::None => {
            let message = format!(
                "{key}: {datetime} does not exist in {tz} (the clocks skip that hour for \
                 daylight saving time); choose another time"
            );
            w.error(field.at, message);
            None
        }
    }
}

fn check_closes_after_opens(
    w: &mut Walker,
    opens_at: Option<At<DateTime<Utc>>>,
    closes_at: Option<At<DateTime<Utc>>>,
) {
    if let (Some(opens), Some(closes)) = (opens_at, closes_at)
        && closes.value <= opens.value
    {
        let message = format!(
            "closes_at: must be after opens_at (line {})",
            w.line(opens.at)
        );
        w.error(closes.at, message);
    }
}

// --- notice ---------------------------------------------------------------------------------

fn read_notice(w: &mut Walker, root: &Table<'_>) -> Option<Notice> {
    let field = w.required(root, "notice")?;
    let notice = w.table(&field, "[notice]")?;
    w.check_keys(&notice, &["version", "text"]);
    let version = read_notice_version(w, &notice);
    let text = w.required_text(&notice, "text");
    Some(Notice {
        version: version?,
        text: text?,
    })
}

fn read_notice_version(w: &mut Walker, notice: &Table<'_>) -> Option<u32> {
    let version = w.required_int(notice, "version")?;
    match u32::try_from(version.value) {
        Ok(v) if v > 0 => Some(v),
        _ => {
            let message = format!(
                "notice.version: must be a positive whole number (found {})",
                version.value
            );
            w.error(version.at, message);
            None
        }
    }
}
