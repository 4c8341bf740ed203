use chrono::{TimeZone, Utc};

use super::*;
use crate::consultation::model::{Dimension, QuestionKind, StageKind};

mod deliberation;

/// A small valid file; tests break it one way at a time. Line numbers in the expected
/// diagnostics refer to this text.
const VALID: &str = r#"format = 1
slug = "city-data"
languages = ["en", "es"]
default_language = "en"
time_zone = "Europe/Madrid"
opens_at = 2027-01-11T09:00:00
closes_at = 2027-03-12T18:00:00
title = { en = "Our data", es = "Nuestros datos" }

[notice]
version = 1
text = { en = "We ask.", es = "Preguntamos." }

[[stages]]
id = "background"
kind = "info"

[[stages.cards]]
id = "sharing"
text = { en = "Sharing", es = "Compartir" }

[[stages]]
id = "purposes"
kind = "questions"
questions = ["purpose", "uses", "trust", "comments"]

[[questions]]
id = "purpose"
kind = "single"
text = { en = "Purpose?", es = "¿Propósito?" }
options = [
  { id = "research", text = { en = "Research", es = "Investigación" } },
  { id = "services", text = { en = "Services", es = "Servicios" } },
]

[[questions]]
id = "uses"
kind = "multi"
text = { en = "Uses?", es = "¿Usos?" }

[[questions.options]]
id = "maps"
text = { en = "Maps", es = "Mapas" }

[[questions.options]]
id = "apps"
text = { en = "Apps", es = "Aplicaciones" }

[[questions]]
id = "trust"
kind = "likert"
points = 5
text = { en = "Trust?", es = "¿Confianza?" }

[[questions]]
id = "comments"
kind = "text"
text = { en = "Comments?", es = "¿Comentarios?" }
"#;

/// `VALID` with each `(from, to)` applied; `from` must occur exactly once.
fn valid_with(replacements: &[(&str, &str)]) -> String {
    let mut source = VALID.to_owned();
    for (from, to) in replacements {
        assert_eq!(source.matches(from).count(), 1, "{from:?} must occur once");
        source = source.replacen(from, to, 1);
    }
    source
}

fn errors(source: &str) -> Vec<String> {
    match parse(source) {
        Ok(_) => Vec::new(),
        Err(diagnostics) => diagnostics.iter().map(ToString::to_string).collect(),
    }
}

#[track_caller]
fn assert_errors(source: &str, expected: &[&str]) {
    assert_eq!(errors(source), expected);
}

#[track_caller]
fn parsed(source: &str) -> Consultation {
    match parse(source) {
        Ok(c) => c,
        Err(diagnostics) => panic!("unexpected diagnostics: {diagnostics:#?}"),
    }
}

fn question<'c>(c: &'c Consultation, id: &str) -> &'c crate::consultation::model::Question {
    match c.question(id) {
        Some((_, q)) => q,
        None => panic!("no question {id}"),
    }
}

// --- the valid file ---------------------------------------------------------------------------

#[test]
fn the_base_file_is_valid() {
    let c = parsed(VALID);
    assert_eq!(c.slug.as_str(), "city-data");
    assert_eq!(c.questions.len(), 4);
    assert_eq!(c.asked_question_count(), 4);
}

#[test]
fn diagnostic_renders_file_line_column_message() {
    let d = Diagnostic {
        line: 3,
        column: 14,
        message: "oops".into(),
    };
    assert_eq!(d.render("city.toml"), "city.toml:3:14: oops");
}

/// The example of docs/consultation-file.md, completed with every kind of stage and question.
const DOCS_EXAMPLE: &str = r#"format = 1
slug = "city-data"
languages = ["en", "es"]
default_language = "en"
time_zone = "Europe/Madrid"
opens_at = 2027-01-11T09:00:00
closes_at = 2027-03-12T18:00:00
title = { en = "Our city's data", es = "Los datos de nuestra ciudad" }
intro = { en = "Thanks for joining.", es = "Gracias por participar." }
closing = { en = "Thank you!", es = "¡Gracias!" }

[notice]
version = 1
text = { en = "…", es = "…" }

[[stages]]
id = "context"
kind = "info"
title = { en = "Context", es = "Contexto" }

[[stages.cards]]
id = "open-data"
text = { en = "The city publishes data.", es = "La ciudad publica datos." }
for = { en = "Transparency.", es = "Transparencia." }
against = { en = "Privacy risks.", es = "Riesgos de privacidad." }
link = "https://example.org/open-data"

[[stages]]
id = "purposes"
kind = "questions"
questions = ["purpose", "sharing"]

[[stages]]
id = "views"
kind = "questions"
questions = ["trust", "comments"]

[[questions]]
id = "purpose"
kind = "single"
dimension = "permitted_purposes"
text = { en = "What may the data be used for?", es = "¿Para qué se pueden usar los datos?" }
options = [
  { id = "research", text = { en = "Research", es = "Investigación" } },
  { id = "services", text = { en = "Improving services", es = "Mejorar los servicios" } },
]

[[questions]]
id = "sharing"
kind = "multi"
dimension = "recipients"
required = false
max = 2
text = { en = "Who may receive it?", es = "¿Quién puede recibirlos?" }

[[questions.options]]
id = "universities"
text = { en = "Universities", es = "Universidades" }

[[questions.options]]
id = "companies"
text = { en = "Companies", es = "Empresas" }

[[questions.options]]
id = "ngos"
text = { en = "NGOs", es = "ONG" }

[[questions]]
id = "trust"
kind = "likert"
points = 5
text = { en = "I trust the city with my data.", es = "Confío mis datos a la ciudad." }
labels = { en = ["No", "Hardly", "Maybe", "Mostly", "Yes"], es = ["No", "Poco", "Quizá", "Bastante", "Sí"] }

[[questions]]
id = "comments"
kind = "text"
required = false
max_length = 500
text = { en = "Anything else?", es = "¿Algo más?" }
"#;

#[test]
fn the_docs_example_parses_into_the_expected_values() {
    let c = parsed(DOCS_EXAMPLE);
    let langs: Vec<&str> = c.languages.iter().map(Lang::as_str).collect();
    assert_eq!(langs, ["en", "es"]);
    assert_eq!(c.default_language.as_str(), "en");
    assert_eq!(c.time_zone, chrono_tz::Europe::Madrid);
    // Madrid is UTC+1 in winter.
    assert_eq!(
        c.opens_at,
        Utc.with_ymd_and_hms(2027, 1, 11, 8, 0, 0).unwrap()
    );
    assert_eq!(
        c.closes_at,
        Utc.with_ymd_and_hms(2027, 3, 12, 17, 0, 0).unwrap()
    );
    assert_eq!(
        c.title.get(&Lang("es".into())),
        "Los datos de nuestra ciudad"
    );
    assert_eq!(
        c.intro.as_ref().map(|t| t.get(&Lang("en".into()))),
        Some("Thanks for joining.")
    );
    assert!(c.closing.is_some());
    assert_eq!(c.notice.version, 1);

    let ids: Vec<&str> = c.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["context", "purposes", "views"]);
    let StageKind::Info { cards } = &c.stages[0].kind else {
        panic!("context is an info stage");
    };
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].id.as_str(), "open-data");
    assert!(cards[0].for_text.is_some() && cards[0].against_text.is_some());
    assert_eq!(
        cards[0].link.as_deref(),
        Some("https://example.org/open-data")
    );
    assert!(c.stages[0].title.is_some());
    assert_eq!(
        c.stages[1].kind,
        StageKind::Questions {
            questions: vec![0, 1],
            repeat_of: None,
        }
    );
    assert_eq!(
        c.stages[2].kind,
        StageKind::Questions {
            questions: vec![2, 3],
            repeat_of: None,
        }
    );

    let kinds: Vec<&str> = c.questions.iter().map(|q| q.kind.name()).collect();
    assert_eq!(kinds, ["single", "multi", "likert", "text"]);

    let purpose = question(&c, "purpose");
    assert_eq!(purpose.dimension, Some(Dimension::PermittedPurposes));
    assert!(purpose.required);
    let QuestionKind::Single { options } = &purpose.kind else {
        panic!("purpose is single");
    };
    let option_ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(option_ids, ["research", "services"]);
    assert_eq!(
        options[1].text.get(&Lang("es".into())),
        "Mejorar los servicios"
    );

    let sharing = question(&c, "sharing");
    assert!(!sharing.required);
    assert!(
        matches!(sharing.kind, QuestionKind::Multi { min: 0, max: 2, ref options } if options.len() == 3)
    );

    let QuestionKind::Likert {
        points: 5,
        labels: Some(labels),
    } = &question(&c, "trust").kind
    else {
        panic!("trust is a 5-point likert with labels");
    };
    assert_eq!(labels.len(), 5);
    assert_eq!(labels[2].get(&Lang("en".into())), "Maybe");
    assert_eq!(labels[2].get(&Lang("es".into())), "Quizá");

    assert_eq!(
        question(&c, "comments").kind,
        QuestionKind::Text { max_length: 500 }
    );
}

#[test]
fn defaults_apply() {
    let c = parsed(VALID);
    let uses = question(&c, "uses");
    assert!(uses.required, "required defaults to true");
    assert_eq!(uses.dimension, None);
    // min defaults to 1 for a required question, max to the number of options.
    assert!(matches!(
        uses.kind,
        QuestionKind::Multi { min: 1, max: 2, .. }
    ));
    assert_eq!(
        question(&c, "trust").kind,
        QuestionKind::Likert {
            points: 5,
            labels: None
        }
    );
    assert_eq!(
        question(&c, "comments").kind,
        QuestionKind::Text { max_length: 1000 }
    );

    let c = parsed(&valid_with(&[(
        "kind = \"multi\"\n",
        "kind = \"multi\"\nrequired = false\n",
    )]));
    assert!(matches!(
        question(&c, "uses").kind,
        QuestionKind::Multi { min: 0, max: 2, .. }
    ));
}

#[test]
fn texts_may_be_tables_or_dotted_keys() {
    let c = parsed(&valid_with(&[
        (
            "title = { en = \"Our data\", es = \"Nuestros datos\" }\n",
            "title.en = \"Our data\"\ntitle.es = \"Nuestros datos\"\n",
        ),
        (
            "text = { en = \"We ask.\", es = \"Preguntamos.\" }\n",
            "[notice.text]\nen = \"We ask.\"\nes = \"Preguntamos.\"\n",
        ),
    ]));
    assert_eq!(c.title.get(&Lang("es".into())), "Nuestros datos");
    assert_eq!(c.notice.text.get(&Lang("en".into())), "We ask.");
}

// --- TOML syntax ------------------------------------------------------------------------------

#[test]
fn syntax_error_has_a_position() {
    assert_errors(
        &valid_with(&[("slug = \"city-data\"", "slug = \"city-data")]),
        &["2:18: TOML syntax error: invalid basic string"],
    );
    assert_errors(
        &valid_with(&[("version = 1\n", "version = 1\nversion = 2\n")]),
        &["12:1: TOML syntax error: duplicate key `version` in table `notice`"],
    );
    assert_errors(
        "format = 1\nslug = nope\n",
        &["2:8: TOML syntax error: invalid string (expected `\"`, `'`)"],
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_errors(
        "title = { en = \"¿Qué?\" } x\n",
        &["1:26: TOML syntax error: expected newline, `#`"],
    );
}

// --- keys -------------------------------------------------------------------------------------

#[test]
fn unknown_keys_are_reported_everywhere() {
    let source = valid_with(&[
        ("format = 1\n", "format = 1\ncolor = \"red\"\n"),
        ("version = 1\n", "version = 1\nversio = 2\n"),
        ("kind = \"multi\"\n", "kind = \"multi\"\ncolour = 1\n"),
        (
            "id = \"sharing\"\n",
            "id = \"sharing\"\nurl = \"https://x.org\"\n",
        ),
        (
            "{ id = \"research\",",
            "{ id = \"research\", label = \"R\",",
        ),
    ]);
    assert_errors(
        &source,
        &[
            "2:1: unknown key \"color\" (expected one of: format, slug, languages, \
             default_language, time_zone, opens_at, closes_at, title, intro, closing, notice, \
             stages, questions)",
            "13:1: unknown key \"versio\" in [notice] (expected one of: version, text)",
            "22:1: unknown key \"url\" in card \"sharing\" of stage \"background\" (expected one \
             of: id, text, for, against, link)",
            "35:22: unknown key \"label\" in option \"research\" of question \"purpose\" \
             (expected one of: id, text)",
            "42:1: unknown key \"colour\" in question \"uses\" (expected one of: id, kind, text, \
             dimension, required, show_if, options, min, max)",
        ],
    );
}

#[test]
fn keys_of_another_question_kind_are_errors() {
    let source = valid_with(&[
        (
            "kind = \"single\"\n",
            "kind = \"single\"\nmax_length = 10\n",
        ),
        ("kind = \"text\"\n", "kind = \"text\"\noptions = []\n"),
    ]);
    assert_errors(
        &source,
        &[
            "30:1: key \"max_length\" is for text questions, not single ones like question \
             \"purpose\" (expected one of: id, kind, text, dimension, required, show_if, options)",
            "59:1: key \"options\" is for single, multi or ranking questions, not text ones like \
             question \"comments\" (expected one of: id, kind, text, dimension, required, \
             show_if, max_length)",
        ],
    );
}

#[test]
fn missing_keys_point_at_the_table_that_lacks_them() {
    let source = valid_with(&[
        ("slug = \"city-data\"\n", ""),
        ("version = 1\n", ""),
        ("id = \"trust\"\nkind = \"likert\"\n", "id = \"trust\"\n"),
        (
            "{ id = \"services\", text = { en = \"Services\", es = \"Servicios\" } }",
            "{ id = \"services\" }",
        ),
        ("id = \"maps\"\n", ""),
    ]);
    assert_errors(
        &source,
        &[
            "1:1: missing required key \"slug\"",
            "9:1: missing required key \"version\" in [notice]",
            "31:3: missing required key \"text\" in option \"services\" of question \"purpose\"",
            "39:1: missing required key \"id\" in questions[2].options[1]",
            "46:1: missing required key \"kind\" in question \"trust\"",
        ],
    );
}

#[test]
fn wrong_types_are_reported_with_what_was_expected() {
    let source = valid_with(&[
        ("format = 1", "format = \"1\""),
        ("languages = [\"en\", \"es\"]", "languages = [\"en\", 2]"),
        (
            "kind = \"multi\"\n",
            "kind = \"multi\"\nrequired = \"yes\"\nmin = 1.5\n",
        ),
        ("points = 5", "points = \"5\""),
        (
            "questions = [\"purpose\", \"uses\", \"trust\", \"comments\"]",
            "questions = \"purpose\"",
        ),
        (
            "[notice]\nversion = 1\ntext = { en = \"We ask.\", es = \"Preguntamos.\" }\n",
            "notice = 3\n",
        ),
    ]);
    assert_errors(
        &source,
        &[
            "1:10: format: expected a whole number, found a string",
            "3:20: languages: expected language codes (strings), found a whole number",
            "10:10: notice: expected a table, found a whole number",
            "23:13: stages[2].questions: expected an array, found a string",
            "37:12: questions[2].required: expected true or false, found a string",
            "38:7: questions[2].min: expected a whole number, found a decimal number",
            "52:10: questions[3].points: expected a whole number, found a string",
        ],
    );
}

// --- texts ------------------------------------------------------------------------------------

#[test]
fn texts_need_every_declared_language_and_nothing_else() {
    let source = valid_with(&[
        (
            "title = { en = \"Our data\", es = \"Nuestros datos\" }",
            "title = { en = \"Our data\", es = \"Nuestros datos\", de = \"Unsere Daten\" }",
        ),
        (
            "{ en = \"Services\", es = \"Servicios\" }",
            "{ en = \"Services\" }",
        ),
        (
            "text = { en = \"Apps\", es = \"Aplicaciones\" }",
            "text = { en = \"Apps\", es = \" \" }",
        ),
        (
            "text = { en = \"Comments?\", es = \"¿Comentarios?\" }",
            "text = \"Comments?\"",
        ),
    ]);
    assert_errors(
        &source,
        &[
            "8:51: title: language \"de\" is not declared in languages (en, es)",
            "33:29: questions[1].options[2].text: missing \"es\" text",
            "47:28: questions[2].options[2].text.es: text is empty",
            "58:8: questions[4].text: expected a text given per language, such as { en = … }, \
             found a string",
        ],
    );
}

#[test]
fn a_missing_text_in_a_dotted_table_points_at_its_key() {
    let source = valid_with(&[(
        "title = { en = \"Our data\", es = \"Nuestros datos\" }",
        "title.en = \"Our data\"",
    )]);
    assert_errors(&source, &["8:1: title: missing \"es\" text"]);
}

// --- ids --------------------------------------------------------------------------------------

#[test]
fn duplicate_ids_point_at_the_second_and_name_the_first_line() {
    let source = valid_with(&[
        ("id = \"purposes\"", "id = \"background\""),
        ("id = \"maps\"", "id = \"apps\""),
        ("id = \"trust\"", "id = \"uses\""),
        (
            "\"uses\", \"trust\", \"comments\"",
            "\"uses\", \"comments\"",
        ),
        (
            "text = { en = \"Sharing\", es = \"Compartir\" }\n",
            "text = { en = \"Sharing\", es = \"Compartir\" }\n\n[[stages.cards]]\nid = \"sharing\"\n\
             text = { en = \"More\", es = \"Más\" }\n",
        ),
        ("{ id = \"services\"", "{ id = \"research\""),
    ]);
    assert_errors(
        &source,
        &[
            "23:6: duplicate card id \"sharing\" (first used on line 19)",
            "27:6: duplicate stage id \"background\" (first used on line 15)",
            "37:10: duplicate option id \"research\" (first used on line 36)",
            "50:6: duplicate option id \"apps\" (first used on line 46)",
            "54:6: duplicate question id \"uses\" (first used on line 41)",
        ],
    );
}

#[test]
fn ids_must_be_short_and_plain() {
    let long = "a".repeat(33);
    let source = valid_with(&[
        ("slug = \"city-data\"", "slug = \"City Data\""),
        ("id = \"sharing\"", &format!("id = \"{long}\"")),
        ("id = \"comments\"", "id = \"\""),
        (
            "questions = [\"purpose\", \"uses\", \"trust\", \"comments\"]",
            "questions = [\"purpose\", \"uses\", \"trust\"]",
        ),
    ]);
    assert_errors(
        &source,
        &[
            "2:8: slug: \"City Data\" is not a valid id: \"C\" is not allowed (use 1 to 32 \
             characters: a-z, 0-9, _ and -)",
            &format!(
                "19:6: stages[1].cards[1].id: \"{long}\" is too long for an id (33 characters, \
                 at most 32)"
            ),
            "56:6: questions[4].id: the id is empty (use 1 to 32 characters: a-z, 0-9, _ and -)",
        ],
    );
}

#[test]
fn question_and_option_ids_must_fit_in_callback_data() {
    let q = "q".repeat(30);
    let o = "o".repeat(32);
    let source = valid_with(&[
        ("\"purpose\", \"uses\"", &format!("\"purpose\", \"{q}\"")),
        ("id = \"uses\"", &format!("id = \"{q}\"")),
        ("id = \"maps\"", &format!("id = \"{o}\"")),
        ("id = \"apps\"", &format!("id = \"{}\"", "p".repeat(31))),
    ]);
    assert_errors(
        &source,
        &[&format!(
            "42:6: questions[2].options[1].id: question id \"{q}\" and option id \"{o}\" are 62 \
             bytes together, at most 61 (Telegram limits button data to 64 bytes); shorten one \
             of them"
        )],
    );
}

// --- references -------------------------------------------------------------------------------

#[test]
fn stage_questions_must_exist_and_be_used_exactly_once() {
    let source = valid_with(&[
        (
            "questions = [\"purpose\", \"uses\", \"trust\", \"comments\"]",
            "questions = [\"purpose\", \"usos\", \"trust\", \"purpose\"]",
        ),
        (
            "text = { en = \"Sharing\", es = \"Compartir\" }\n",
            "text = { en = \"Sharing\", es = \"Compartir\" }\n\n[[stages]]\nid = \"more\"\n\
             kind = \"questions\"\nquestions = [\"trust\"]\n",
        ),
    ]);
    assert_errors(
        &source,
        &[
            "30:25: stages[3].questions: no question has id \"usos\"",
            "30:33: stages[3].questions: question \"trust\" is already used in stage \"more\" \
             (line 25); a question can be in only one stage",
            "30:42: stages[3].questions: question \"purpose\" is already used in stage \
             \"purposes\" (line 30); a question can be in only one stage",
            "42:6: question \"uses\" is not used by any stage (add it to a stage's questions, or \
             remove it)",
            "61:6: question \"comments\" is not used by any stage (add it to a stage's \
             questions, or remove it)",
        ],
    );
}

#[test]
fn a_questions_stage_needs_a_question() {
    let source = valid_with(&[(
        "questions = [\"purpose\", \"uses\", \"trust\", \"comments\"]",
        "questions = []",
    )]);
    let found = errors(&source);
    assert_eq!(
        found[0],
        "25:13: stages[2].questions: a questions stage needs at least one question"
    );
    // …and the four questions are then unused.
    assert_eq!(found.len(), 5);
}

#[test]
fn stages_and_questions_are_required() {
    let head = VALID.split("[[stages]]").next().unwrap_or_default();
    assert_errors(
        head,
        &[
            "1:1: missing required key \"questions\"",
            "1:1: missing required key \"stages\"",
        ],
    );
}

// --- languages --------------------------------------------------------------------------------

#[test]
fn languages_must_be_valid_codes_and_include_the_default() {
    assert_errors(
        &valid_with(&[("default_language = \"en\"", "default_language = \"fr\"")]),
        &["4:20: default_language: \"fr\" is not one of languages (en, es)"],
    );
    assert_errors(
        &valid_with(&[("default_language = \"en\"", "default_language = \"EN\"")]),
        &[
            "4:20: default_language: \"EN\" is not a valid language code (expected e.g. \"en\", \
           \"es\", \"pt-BR\")",
        ],
    );
    // An invalid list stops language checks in texts (they would all fail).
    assert_errors(
        &valid_with(&[(
            "languages = [\"en\", \"es\"]",
            "languages = [\"en\", \"es\", \"english\", \"en\"]",
        )]),
        &[
            "3:26: languages: \"english\" is not a valid language code (expected e.g. \"en\", \
             \"es\", \"pt-BR\")",
            "3:37: languages: \"en\" is listed twice",
        ],
    );
    assert_errors(
        &valid_with(&[("languages = [\"en\", \"es\"]", "languages = []")]),
        &["3:13: languages: declare at least one language"],
    );
}

#[test]
fn language_codes_follow_a_simple_bcp47_shape() {
    for good in ["en", "ast", "pt-BR", "es-419", "zh-Hant"] {
        assert!(is_language_code(good), "{good}");
    }
    for bad in [
        "", "e", "engl", "EN", "pt-br", "pt_BR", "zh-hant", "en-", "en-US-x",
    ] {
        assert!(!is_language_code(bad), "{bad}");
    }
}

#[test]
fn region_languages_are_accepted_as_text_keys() {
    let source = VALID
        .replace("[\"en\", \"es\"]", "[\"en\", \"pt-BR\"]")
        .replace(", es = ", ", pt-BR = ");
    let c = parsed(&source);
    assert_eq!(c.title.get(&Lang("pt-BR".into())), "Nuestros datos");
}

// --- time -------------------------------------------------------------------------------------

#[test]
fn a_local_time_skipped_by_daylight_saving_is_rejected() {
    assert_errors(
        &valid_with(&[(
            "opens_at = 2027-01-11T09:00:00",
            "opens_at = 2027-03-28T02:30:00",
        )]),
        &[
            "6:12: opens_at: 2027-03-28T02:30:00 does not exist in Europe/Madrid (the clocks skip \
           that hour for daylight saving time); choose another time",
        ],
    );
}

#[test]
fn an_ambiguous_local_time_is_rejected() {
    assert_errors(
        &valid_with(&[(
            "closes_at = 2027-03-12T18:00:00",
            "closes_at = 2027-10-31T02:30:00",
        )]),
        &[
            "7:13: closes_at: 2027-10-31T02:30:00 happens twice in Europe/Madrid (the clocks are \
           turned back that night); choose a time outside the repeated hour",
        ],
    );
}

#[test]
fn summer_times_convert_with_the_summer_offset() {
    let c = parsed(&valid_with(&[(
        "closes_at = 2027-03-12T18:00:00",
        "closes_at = 2027-07-01T12:00:00",
    )]));
    assert_eq!(
        c.closes_at,
        Utc.with_ymd_and_hms(2027, 7, 1, 10, 0, 0).unwrap()
    );
}

#[test]
fn times_must_be_local_date_times_in_a_known_zone() {
    assert_errors(
        &valid_with(&[
            (
                "opens_at = 2027-01-11T09:00:00",
                "opens_at = 2027-01-11T09:00:00+01:00",
            ),
            (
                "closes_at = 2027-03-12T18:00:00",
                "closes_at = \"2027-03-12T18:00:00\"",
            ),
        ]),
        &[
            "6:12: opens_at: remove the UTC offset: the time is local to time_zone (write it like \
             2027-01-10T09:00:00)",
            "7:13: closes_at: expected a local date-time such as 2027-01-10T09:00:00 (written \
             without quotes)",
        ],
    );
    assert_errors(
        &valid_with(&[
            (
                "time_zone = \"Europe/Madrid\"",
                "time_zone = \"Europe/Madird\"",
            ),
            ("opens_at = 2027-01-11T09:00:00", "opens_at = 2027-01-11"),
        ]),
        &[
            "5:13: time_zone: unknown time zone \"Europe/Madird\" (expected an IANA name such as \
             \"Europe/Madrid\")",
            "6:12: opens_at: give both a date and a time, such as 2027-01-10T09:00:00",
        ],
    );
}

#[test]
fn closing_must_come_after_opening() {
    assert_errors(
        &valid_with(&[(
            "closes_at = 2027-03-12T18:00:00",
            "closes_at = 2027-01-11T09:00:00",
        )]),
        &["7:13: closes_at: must be after opens_at (line 6)"],
    );
}

// --- top level and notice ---------------------------------------------------------------------

#[test]
fn format_must_be_1_and_notice_version_positive() {
    assert_errors(
        &valid_with(&[("format = 1", "format = 2"), ("version = 1", "version = 0")]),
        &[
            "1:10: format: unsupported format 2 (this version of assent reads format 1)",
            "11:11: notice.version: must be a positive whole number (found 0)",
        ],
    );
}

// --- stages -----------------------------------------------------------------------------------

#[test]
fn stage_kinds_are_questions_or_info() {
    assert_errors(
        &valid_with(&[("kind = \"info\"", "kind = \"quiz\"")]),
        &[
            "16:8: stages[1].kind: unknown stage kind \"quiz\" (expected one of: questions, info, \
           statements, review)",
        ],
    );
}

#[test]
fn an_info_stage_needs_a_card() {
    assert_errors(
        &valid_with(&[(
            "[[stages.cards]]\nid = \"sharing\"\ntext = { en = \"Sharing\", es = \"Compartir\" }\n",
            "cards = []\n",
        )]),
        &["18:9: stages[1].cards: an info stage needs at least one card"],
    );
    assert_errors(
        &valid_with(&[(
            "[[stages.cards]]\nid = \"sharing\"\ntext = { en = \"Sharing\", es = \"Compartir\" }\n",
            "",
        )]),
        &["14:1: missing required key \"cards\" in stage \"background\""],
    );
}

#[test]
fn card_links_must_be_https() {
    assert_errors(
        &valid_with(&[(
            "id = \"sharing\"\n",
            "id = \"sharing\"\nlink = \"http://example.org\"\n",
        )]),
        &[
            "20:8: stages[1].cards[1].link: \"http://example.org\" is not an https:// address \
           (links must start with https://)",
        ],
    );
}

// --- questions --------------------------------------------------------------------------------

#[test]
fn question_kinds_and_dimensions_are_known_names() {
    assert_errors(
        &valid_with(&[
            ("kind = \"single\"", "kind = \"choice\""),
            (
                "kind = \"text\"\n",
                "kind = \"text\"\ndimension = \"purposes\"\n",
            ),
        ]),
        &[
            "29:8: questions[1].kind: unknown question kind \"choice\" (expected one of: single, \
             multi, likert, text, scale, ranking, number)",
            "58:13: questions[4].dimension: unknown dimension \"purposes\" (expected one of: \
             data_scope, permitted_purposes, red_lines, recipients, commercial_use, \
             onward_sharing, ai_automated_decisions, de_identification, access_security, \
             geography, retention_deletion, benefit_sharing, transparency, oversight, \
             accountability_redress, reconsultation_triggers, individual_opt_out, attribution, \
             equity_harm_review, duration_review)",
        ],
    );
}

#[test]
fn choice_questions_have_2_to_12_options() {
    let thirteen: Vec<String> = (1..=13)
        .map(|i| format!("{{ id = \"o{i}\", text = {{ en = \"O\", es = \"O\" }} }}"))
        .collect();
    assert_errors(
        &valid_with(&[
            (
                "  { id = \"services\", text = { en = \"Services\", es = \"Servicios\" } },\n",
                "",
            ),
            (
                "kind = \"multi\"\n",
                &format!("kind = \"multi\"\noptions = [{}]\n", thirteen.join(", ")),
            ),
            (
                "[[questions.options]]\nid = \"maps\"\ntext = { en = \"Maps\", es = \"Mapas\" }\n\n[[questions.options]]\nid = \"apps\"\ntext = { en = \"Apps\", es = \"Aplicaciones\" }\n",
                "",
            ),
        ]),
        &[
            "31:11: questions[1].options: a single question needs 2 to 12 options, found 1",
            "38:11: questions[2].options: a multi question needs 2 to 12 options, found 13",
        ],
    );
}

#[test]
fn multi_min_and_max_stay_within_the_options() {
    let with =
        |extra: &str| valid_with(&[("kind = \"multi\"\n", &format!("kind = \"multi\"\n{extra}"))]);
    assert_errors(
        &with("min = 2\nmax = 1\n"),
        &["39:7: questions[2].min: 2 is more than max (1)"],
    );
    assert_errors(
        &with("max = 3\n"),
        &["39:7: questions[2].max: is 3 but the question has only 2 options"],
    );
    assert_errors(
        &with("min = 3\n"),
        &["39:7: questions[2].min: is 3 but the question has only 2 options"],
    );
    assert_errors(
        &with("min = -1\n"),
        &["39:7: questions[2].min: must be 0 or more (found -1)"],
    );
    assert_errors(
        &with("max = 0\n"),
        &[
            "39:7: questions[2].max: 0 is less than min, which is 1 by default for a required question",
        ],
    );
    let c = parsed(&with("required = false\nmax = 0\n"));
    assert!(matches!(
        question(&c, "uses").kind,
        QuestionKind::Multi { min: 0, max: 0, .. }
    ));
    let c = parsed(&with("min = 2\n"));
    assert!(matches!(
        question(&c, "uses").kind,
        QuestionKind::Multi { min: 2, max: 2, .. }
    ));
}

#[test]
fn likert_has_5_or_7_points_and_matching_labels() {
    assert_errors(
        &valid_with(&[("points = 5", "points = 4")]),
        &["52:10: questions[3].points: must be 5 or 7 (found 4)"],
    );
    let labels =
        "labels = { en = [\"1\", \"2\", \"3\", \"4\", \"5\"], es = [\"1\", \"2\", \"3\", \"\"] }\n";
    assert_errors(
        &valid_with(&[("points = 5\n", &format!("points = 5\n{labels}"))]),
        &[
            "53:49: questions[3].labels.es: expected 5 labels (points = 5), found 4",
            "53:65: questions[3].labels.es[4]: label is empty",
        ],
    );
    assert_errors(
        &valid_with(&[(
            "points = 5\n",
            "points = 7\nlabels = { en = [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\"] }\n",
        )]),
        &["53:10: questions[3].labels: missing \"es\" list of labels"],
    );
    let c = parsed(&valid_with(&[(
        "points = 5\n",
        "points = 7\nlabels.en = [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\"]\n\
         labels.es = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]\n",
    )]));
    let QuestionKind::Likert {
        points: 7,
        labels: Some(labels),
    } = &question(&c, "trust").kind
    else {
        panic!("trust is a 7-point likert with labels");
    };
    assert_eq!(labels[6].get(&Lang("es".into())), "g");
}

#[test]
fn text_max_length_is_1_to_3000() {
    let with = |n: &str| {
        valid_with(&[(
            "kind = \"text\"\n",
            &format!("kind = \"text\"\nmax_length = {n}\n"),
        )])
    };
    assert_errors(
        &with("0"),
        &["58:14: questions[4].max_length: must be between 1 and 3000 (found 0)"],
    );
    assert_errors(
        &with("3001"),
        &["58:14: questions[4].max_length: must be between 1 and 3000 (found 3001)"],
    );
    assert_eq!(
        question(&parsed(&with("3000")), "comments").kind,
        QuestionKind::Text { max_length: 3000 }
    );
}

// --- everything at once -----------------------------------------------------------------------

#[test]
fn every_problem_is_reported_in_one_pass_in_file_order() {
    let source = valid_with(&[
        ("format = 1", "format = 3"),
        (
            "kind = \"likert\"\n",
            "kind = \"likert\"\ncolour = \"red\"\n",
        ),
        ("id = \"sharing\"", "id = \"Sharing\""),
        (
            "time_zone = \"Europe/Madrid\"",
            "time_zone = \"Mars/Olympus\"",
        ),
    ]);
    let lines: Vec<String> = errors(&source)
        .iter()
        .map(|e| e.split(": ").next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(lines, ["1:10", "5:13", "19:6", "52:1"]);
}

// --- fixtures ---------------------------------------------------------------------------------

#[test]
fn the_valid_fixture_parses() {
    let c = parsed(include_str!("../../../tests/fixtures/valid.toml"));
    let langs: Vec<&str> = c.languages.iter().map(Lang::as_str).collect();
    assert_eq!(langs, ["en", "es", "fr", "ar"]);
    let kinds: Vec<&str> = c.questions.iter().map(|q| q.kind.name()).collect();
    assert_eq!(kinds, ["single", "multi", "likert", "text"]);
    assert!(matches!(&c.stages[0].kind, StageKind::Info { cards } if cards.len() == 1));
}

#[test]
fn the_broken_fixtures_fail_where_their_comment_says() {
    for (source, expected) in [
        (
            include_str!("../../../tests/fixtures/missing-arabic.toml"),
            FIXTURE_MISSING_ARABIC,
        ),
        (
            include_str!("../../../tests/fixtures/duplicate-id.toml"),
            FIXTURE_DUPLICATE_ID,
        ),
        (
            include_str!("../../../tests/fixtures/syntax-error.toml"),
            FIXTURE_SYNTAX_ERROR,
        ),
    ] {
        assert_eq!(errors(source), [expected]);
    }
}

const FIXTURE_MISSING_ARABIC: &str = "40:29: questions[1].options[2].text: missing \"ar\" text";
const FIXTURE_DUPLICATE_ID: &str =
    "59:6: duplicate question id \"sharing\" (first used on line 44)";
const FIXTURE_SYNTAX_ERROR: &str = "60:15: TOML syntax error: invalid basic string";
