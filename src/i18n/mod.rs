//! assent's own interface texts, from `locales/<lang>/*.ftl` embedded at build time.
//!
//! Policy on Unicode isolation marks: off. The values we interpolate are numbers, short codes,
//! slugs and links; the marks would end up inside links and text that people copy, and Telegram
//! clients already lay out each paragraph with the bidi algorithm.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Interface languages that have a complete locale.
pub const UI_LANGUAGES: [&str; 4] = ["en", "es", "fr", "ar"];

/// An argument for a message: numbers stay numbers so plural selectors work.
pub enum Arg<'a> {
    Num(i64),
    Str(&'a str),
    Owned(String),
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Owned(s)
    }
}
impl From<i32> for Arg<'_> {
    fn from(n: i32) -> Self {
        Arg::Num(i64::from(n))
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s)
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(s)
    }
}
impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

fn langid(lang: &str) -> LanguageIdentifier {
    lang.parse().unwrap_or_else(|_| unic_langid::langid!("en"))
}

/// The message `id` in `lang` (falling back to English), with `args`.
///
/// A missing message is a bug that the locale tests catch; at run time it degrades to the id
/// itself and an error in the log rather than a panic in the middle of someone's consultation.
pub fn t(lang: &str, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let lid = langid(lang);
    let text = if args.is_empty() {
        LOCALES.try_lookup(&lid, id)
    } else {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Arg::Num(n) => FluentValue::from(*n),
                    Arg::Str(s) => FluentValue::from(*s),
                    Arg::Owned(s) => FluentValue::from(s.as_str()),
                };
                (Cow::Owned((*k).to_string()), value)
            })
            .collect();
        LOCALES.try_lookup_with_args(&lid, id, &map)
    };
    text.unwrap_or_else(|| {
        tracing::error!(lang, id, "missing interface message");
        id.to_string()
    })
}

/// The interface language to use for a consultation language (which may lack a UI locale).
pub fn ui_language(lang: &str) -> &'static str {
    UI_LANGUAGES
        .iter()
        .find(|l| **l == lang || lang.starts_with(&format!("{l}-")))
        .copied()
        .unwrap_or("en")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_selectors_receive_numbers() {
        assert_eq!(
            t("en", "multi-done", &[("count", 1usize.into())]),
            "Done (1 chosen)"
        );
        assert_eq!(
            t("en", "multi-too-few", &[("min", 1usize.into())]),
            "Please choose at least one option."
        );
        assert_eq!(
            t("en", "multi-too-few", &[("min", 3usize.into())]),
            "Please choose at least 3 options."
        );
    }

    #[test]
    fn regional_variants_fall_back_to_the_base_language() {
        assert_eq!(ui_language("es-MX"), "es");
        assert_eq!(ui_language("de"), "en");
    }
}
