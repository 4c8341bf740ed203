//! Every locale is complete: the same messages as English, the same variables, and every plural
//! selector covering all the plural categories its language uses for whole numbers.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey,
};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

const LOCALES: [&str; 4] = ["en", "es", "fr", "ar"];

struct Message {
    variables: BTreeSet<String>,
    /// Variant keys of each select expression on a variable, by variable.
    selectors: Vec<(String, BTreeSet<String>)>,
}

fn load(lang: &str) -> BTreeMap<String, Message> {
    let path = format!("{}/locales/{lang}/assent.ftl", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let resource = fluent_syntax::parser::parse(source.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{path} does not parse: {errors:?}"));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        match entry {
            Entry::Message(m) => {
                let mut msg = Message {
                    variables: BTreeSet::new(),
                    selectors: vec![],
                };
                if let Some(value) = &m.value {
                    walk(value, &mut msg);
                }
                assert!(
                    out.insert(m.id.name.to_string(), msg).is_none(),
                    "{path}: {} twice",
                    m.id.name
                );
            }
            Entry::Junk { content } => panic!("{path}: cannot parse: {content}"),
            _ => {}
        }
    }
    out
}

fn walk(pattern: &Pattern<&str>, msg: &mut Message) {
    for element in &pattern.elements {
        let PatternElement::Placeable { expression } = element else {
            continue;
        };
        match expression {
            Expression::Inline(InlineExpression::VariableReference { id }) => {
                msg.variables.insert(id.name.to_string());
            }
            Expression::Select {
                selector: InlineExpression::VariableReference { id },
                variants,
            } => {
                msg.variables.insert(id.name.to_string());
                let keys = variants
                    .iter()
                    .map(|v| match &v.key {
                        VariantKey::Identifier { name } => name.to_string(),
                        VariantKey::NumberLiteral { value } => value.to_string(),
                    })
                    .collect();
                msg.selectors.push((id.name.to_string(), keys));
                for v in variants {
                    walk(&v.value, msg);
                }
            }
            _ => {}
        }
    }
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

/// The categories a language uses for counts (whole numbers, up to the millions).
fn categories(lang: &str) -> BTreeSet<&'static str> {
    let rules = PluralRules::create(
        lang.parse::<unic_langid::LanguageIdentifier>().unwrap(),
        PluralRuleType::CARDINAL,
    )
    .unwrap_or_else(|e| panic!("{lang}: {e}"));
    (0..=1000u32)
        .chain([1_000_000, 2_000_000])
        .map(|n| category_name(rules.select(n).expect("a number")))
        .collect()
}

const PLURAL_NAMES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

#[test]
fn every_locale_has_exactly_the_english_messages_and_variables() {
    let english = load("en");
    assert!(
        english.len() > 50,
        "English has only {} messages",
        english.len()
    );
    for lang in &LOCALES[1..] {
        let other = load(lang);
        let missing: Vec<&String> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<&String> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{lang} has messages English lacks: {extra:?}"
        );
        for (id, en) in &english {
            assert_eq!(
                en.variables, other[id].variables,
                "{lang}: {id} uses other variables than English"
            );
        }
    }
}

#[test]
fn plural_selectors_cover_every_category_of_their_language() {
    for lang in LOCALES {
        let needed = categories(lang);
        for (id, msg) in load(lang) {
            for (var, keys) in &msg.selectors {
                let plural = keys.iter().any(|k| PLURAL_NAMES.contains(&k.as_str()));
                if !plural {
                    continue;
                }
                let missing: Vec<&&str> = needed.iter().filter(|c| !keys.contains(**c)).collect();
                assert!(
                    missing.is_empty(),
                    "{lang}: {id} selects on ${var} without {missing:?}"
                );
            }
        }
    }
}

#[test]
fn the_category_sets_are_the_ones_we_expect() {
    assert_eq!(categories("en"), BTreeSet::from(["one", "other"]));
    assert_eq!(
        categories("ar"),
        BTreeSet::from(["zero", "one", "two", "few", "many", "other"])
    );
    assert!(categories("es").is_superset(&BTreeSet::from(["one", "other"])));
}

#[test]
fn every_message_renders_in_every_interface_language() {
    for (id, msg) in load("en") {
        let args: Vec<(&str, assent::i18n::Arg)> = msg
            .variables
            .iter()
            .map(|v| (v.as_str(), assent::i18n::Arg::Num(2)))
            .collect();
        for lang in LOCALES {
            let text = assent::i18n::t(lang, &id, &args);
            assert_ne!(text, id, "{lang}: {id} does not render");
            assert!(
                !text.contains('\u{2068}'),
                "{lang}: {id} has isolation marks"
            );
        }
    }
}

#[test]
fn counts_reach_fluent_as_numbers() {
    use assent::i18n::{Arg, t};
    let two = t(
        "ar",
        "upload-invalid",
        &[("count", Arg::Num(2)), ("file", Arg::Str("f.toml"))],
    );
    let three = t(
        "ar",
        "upload-invalid",
        &[("count", Arg::Num(3)), ("file", Arg::Str("f.toml"))],
    );
    let eleven = t(
        "ar",
        "upload-invalid",
        &[("count", Arg::Num(11)), ("file", Arg::Str("f.toml"))],
    );
    assert_ne!(two, three);
    assert_ne!(three, eleven);
    assert_eq!(
        t(
            "en",
            "upload-invalid",
            &[("count", Arg::Num(1)), ("file", Arg::Str("f.toml"))]
        ),
        "I found one problem in f.toml:"
    );
}
