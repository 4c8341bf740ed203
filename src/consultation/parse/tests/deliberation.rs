//! The deliberation syntax: statements, review and repeated stages; scale, ranking and number
//! questions; `show_if`.

use super::*;
use crate::consultation::model::{
    Choice, Comparison, Condition, Id, Moderation, SeedStatement, StatementStage, Text,
};

/// A small valid deliberation; tests break it one way at a time. Line numbers in the expected
/// diagnostics refer to this text.
const DELIB: &str = r#"format = 1
slug = "bus-data"
languages = ["en"]
default_language = "en"
time_zone = "Europe/Madrid"
opens_at = 2027-01-11T09:00:00
closes_at = 2027-03-12T18:00:00
title = { en = "Bus data" }

[notice]
version = 1
text = { en = "We ask." }

[[stages]]
id = "basics"
kind = "questions"
questions = ["rides", "often", "age", "priorities", "uses", "trust"]

[[stages]]
id = "talk"
kind = "statements"
moderation = "strict"

[[stages.statements]]
id = "no_selling"
dimension = "red_lines"
text = { en = "Never sell it" }

[[stages]]
id = "later"
kind = "questions"
questions = ["comments"]

[[stages]]
id = "again"
kind = "questions"
repeat_of = "basics"

[[stages]]
id = "check"
kind = "review"

[[questions]]
id = "rides"
kind = "single"
text = { en = "Ride?" }
options = [
  { id = "yes", text = { en = "Yes" } },
  { id = "no", text = { en = "No" } },
]

[[questions]]
id = "often"
kind = "scale"
show_if = "rides == yes"
min = 1
max = 5
min_label = { en = "Rarely" }
max_label = { en = "Daily" }
text = { en = "How often?" }

[[questions]]
id = "age"
kind = "number"
min = 16
max = 120
integer = true
unit = { en = "years" }
text = { en = "Age?" }

[[questions]]
id = "priorities"
kind = "ranking"
text = { en = "Rank" }
options = [
  { id = "timetables", text = { en = "Timetables" } },
  { id = "safety", text = { en = "Safety" } },
]

[[questions]]
id = "uses"
kind = "multi"
text = { en = "Uses?" }
options = [
  { id = "maps", text = { en = "Maps" } },
  { id = "apps", text = { en = "Apps" } },
]

[[questions]]
id = "trust"
kind = "likert"
points = 5
text = { en = "Trust?" }

[[questions]]
id = "comments"
kind = "text"
text = { en = "Comments?" }
"#;

/// `DELIB` with each `(from, to)` applied; `from` must occur exactly once.
fn delib_with(replacements: &[(&str, &str)]) -> String {
    let mut source = DELIB.to_owned();
    for (from, to) in replacements {
        assert_eq!(source.matches(from).count(), 1, "{from:?} must occur once");
        source = source.replacen(from, to, 1);
    }
    source
}

/// `DELIB` with the `show_if` of "often" (line 55) replaced by `show_if = <value>`.
fn often_if(value: &str) -> String {
    delib_with(&[("show_if = \"rides == yes\"", &format!("show_if = {value}"))])
}

/// `DELIB` with a `show_if` added to "comments" (line 98, asked in a later stage).
fn comments_if(value: &str) -> String {
    delib_with(&[(
        "kind = \"text\"\n",
        &format!("kind = \"text\"\nshow_if = {value}\n"),
    )])
}

fn en(s: &str) -> Text {
    Text(std::collections::BTreeMap::from([(
        Lang("en".into()),
        s.to_owned(),
    )]))
}

fn id(s: &str) -> Id {
    Id(s.to_owned())
}

fn choices(ids: &[(&str, &str)]) -> Vec<Choice> {
    ids.iter()
        .map(|(i, t)| Choice {
            id: id(i),
            text: en(t),
        })
        .collect()
}

// --- the valid files --------------------------------------------------------------------------

#[test]
fn every_new_stage_kind_parses_into_the_model() {
    let c = parsed(DELIB);
    let kinds: Vec<&StageKind> = c.stages.iter().map(|s| &s.kind).collect();
    assert_eq!(
        kinds[0],
        &StageKind::Questions {
            questions: vec![0, 1, 2, 3, 4, 5],
            repeat_of: None
        }
    );
    assert_eq!(
        kinds[1],
        &StageKind::Statements(StatementStage {
            prompt: None,
            seeds: vec![SeedStatement {
                id: id("no_selling"),
                text: en("Never sell it"),
                dimension: Some(Dimension::RedLines),
            }],
            moderation: Moderation::Strict,
            max_cards: 20,
            submissions: true,
            max_length: 280,
        })
    );
    // The repeated stage copies the questions of "basics" (index 0).
    assert_eq!(
        kinds[3],
        &StageKind::Questions {
            questions: vec![0, 1, 2, 3, 4, 5],
            repeat_of: Some(0)
        }
    );
    assert_eq!(kinds[4], &StageKind::Review);
    // "question N of M" counts the repeated questions too.
    assert_eq!(c.asked_question_count(), 13);
}

#[test]
fn statements_settings_are_read() {
    let c = parsed(&delib_with(&[(
        "moderation = \"strict\"\n",
        "moderation = \"off\"\nmax_cards = 3\nsubmissions = false\nmax_length = 60\n\
         prompt = { en = \"About data\" }\n",
    )]));
    let StageKind::Statements(stage) = &c.stages[1].kind else {
        panic!("a statements stage");
    };
    assert_eq!(stage.prompt, Some(en("About data")));
    assert_eq!(stage.moderation, Moderation::Off);
    assert_eq!(
        (stage.max_cards, stage.submissions, stage.max_length),
        (3, false, 60)
    );
    // Without seeds, participants' statements are all there is to vote on.
    let c = parsed(&delib_with(&[(
        "[[stages.statements]]\nid = \"no_selling\"\ndimension = \"red_lines\"\n\
         text = { en = \"Never sell it\" }\n",
        "",
    )]));
    assert!(matches!(&c.stages[1].kind, StageKind::Statements(s) if s.seeds.is_empty()));
    let c = parsed(&delib_with(&[(
        "moderation = \"strict\"",
        "moderation = \"lenient\"",
    )]));
    assert!(
        matches!(&c.stages[1].kind, StageKind::Statements(s) if s.moderation == Moderation::Lenient)
    );
}

#[test]
fn every_new_question_kind_parses_into_the_model() {
    let c = parsed(DELIB);
    assert_eq!(
        question(&c, "often").kind,
        QuestionKind::Scale {
            min: 1,
            max: 5,
            min_label: en("Rarely"),
            max_label: en("Daily"),
        }
    );
    assert_eq!(
        question(&c, "often").show_if,
        Some(Condition::Is {
            question: id("rides"),
            option: id("yes")
        })
    );
    assert_eq!(
        question(&c, "age").kind,
        QuestionKind::Number {
            min: 16.0,
            max: 120.0,
            integer: true,
            unit: Some(en("years")),
        }
    );
    assert_eq!(
        question(&c, "priorities").kind,
        QuestionKind::Ranking {
            options: choices(&[("timetables", "Timetables"), ("safety", "Safety")])
        }
    );
    assert_eq!(question(&c, "rides").show_if, None);

    // Decimal bounds; integer and unit are optional.
    let c = parsed(&delib_with(&[(
        "min = 16\nmax = 120\ninteger = true\nunit = { en = \"years\" }\n",
        "min = -2.5\nmax = 7\n",
    )]));
    assert_eq!(
        question(&c, "age").kind,
        QuestionKind::Number {
            min: -2.5,
            max: 7.0,
            integer: false,
            unit: None,
        }
    );
    // A scale may start below zero and have 11 values.
    let c = parsed(&delib_with(&[(
        "min = 1\nmax = 5\n",
        "min = -5\nmax = 5\n",
    )]));
    assert!(matches!(
        question(&c, "often").kind,
        QuestionKind::Scale {
            min: -5,
            max: 5,
            ..
        }
    ));
}

#[test]
fn show_if_maps_onto_conditions() {
    let c = parsed(&comments_if(
        "\"(rides == yes or uses in [maps, apps]) and not trust <= 2 and age >= 18.5 \
         and priorities != safety and (often != 3 and often > -1)\"",
    ));
    let compare = |q: &str, op, value| Condition::Compare {
        question: id(q),
        op,
        value,
    };
    assert_eq!(
        question(&c, "comments").show_if,
        Some(Condition::All(vec![
            Condition::Any(vec![
                Condition::Is {
                    question: id("rides"),
                    option: id("yes")
                },
                Condition::In {
                    question: id("uses"),
                    options: vec![id("maps"), id("apps")]
                },
            ]),
            Condition::Not(Box::new(compare("trust", Comparison::Le, 2.0))),
            compare("age", Comparison::Ge, 18.5),
            Condition::Not(Box::new(Condition::Is {
                question: id("priorities"),
                option: id("safety")
            })),
            compare("often", Comparison::Ne, 3.0),
            compare("often", Comparison::Gt, -1.0),
        ]))
    );
    // `or` binds looser than `and`; `not` tighter.
    let c = parsed(&comments_if(
        "\"rides == no or not trust < 3 and trust == 5\"",
    ));
    assert_eq!(
        question(&c, "comments").show_if,
        Some(Condition::Any(vec![
            Condition::Is {
                question: id("rides"),
                option: id("no")
            },
            Condition::All(vec![
                Condition::Not(Box::new(compare("trust", Comparison::Lt, 3.0))),
                compare("trust", Comparison::Eq, 5.0),
            ]),
        ]))
    );
}

#[test]
fn the_deliberation_fixture_parses() {
    let c = parsed(include_str!("../../../../tests/fixtures/deliberation.toml"));
    let kinds: Vec<&str> = c.questions.iter().map(|q| q.kind.name()).collect();
    assert_eq!(kinds, ["single", "scale", "number", "ranking"]);
    assert!(matches!(
        &c.stages[2].kind,
        StageKind::Questions { questions, repeat_of: Some(0) } if questions == &[0, 1, 2, 3]
    ));
    let StageKind::Statements(talk) = &c.stages[1].kind else {
        panic!("talk is a statements stage");
    };
    assert_eq!(talk.seeds.len(), 3);
    assert_eq!(
        (talk.moderation, talk.max_cards, talk.max_length),
        (Moderation::Strict, 3, 60)
    );
    assert_eq!(c.stages[3].kind, StageKind::Review);
}

// --- show_if: syntax --------------------------------------------------------------------------

#[test]
fn show_if_syntax_errors_point_inside_the_string() {
    // The value starts at column 11 (its quote), so byte 0 of the condition is column 12.
    for (show_if, expected) in [
        (
            "\"\"",
            "55:12: questions[2].show_if: expected a question id, found the end of the condition",
        ),
        (
            "\"rides\"",
            "55:17: questions[2].show_if: expected `==`, `!=`, `in`, `<`, `<=`, `>` or `>=` after `rides`, found the end of the condition",
        ),
        (
            "\"rides = yes\"",
            "55:18: questions[2].show_if: unexpected `=` (compare with `==`)",
        ),
        (
            "\"rides ==\"",
            "55:20: questions[2].show_if: expected an option id after `==`, found the end of the condition",
        ),
        (
            "\"(rides == yes\"",
            "55:25: questions[2].show_if: expected `)`, found the end of the condition",
        ),
        (
            "\"rides == yes)\"",
            "55:24: questions[2].show_if: unexpected `)`",
        ),
        (
            "\"rides == yes rides\"",
            "55:25: questions[2].show_if: expected `and` or `or`, found `rides`",
        ),
        (
            "\"rides in yes\"",
            "55:21: questions[2].show_if: expected `[` after `in` (as in `q in [a, b]`), found `yes`",
        ),
        (
            "\"rides in []\"",
            "55:22: questions[2].show_if: the list after `in` is empty",
        ),
        (
            "\"rides in [yes no]\"",
            "55:26: questions[2].show_if: expected `,` or `]`, found `no`",
        ),
        (
            "\"rides == yes && trust > 2\"",
            "55:25: questions[2].show_if: unexpected `&` (write `and`)",
        ),
        (
            "\"and == yes\"",
            "55:12: questions[2].show_if: expected a question id, found `and`",
        ),
        (
            "\"rides == 'yes'\"",
            "55:21: questions[2].show_if: unexpected `'` (write ids without quotes)",
        ),
        (
            "3",
            "55:11: questions[2].show_if: expected a string, found a whole number",
        ),
    ] {
        assert_errors(&often_if(show_if), &[expected]);
    }
    for (show_if, expected) in [
        (
            "\"often >\"",
            "98:19: questions[7].show_if: expected a number after `>`, found the end of the condition",
        ),
        (
            "\"often == maybe\"",
            "98:21: questions[7].show_if: expected a number after `==`, found `maybe` (\"often\" is a scale question)",
        ),
        (
            "\"age > x1\"",
            "98:18: questions[7].show_if: expected a number after `>`, found `x1` (\"age\" is a number question)",
        ),
    ] {
        assert_errors(&comments_if(show_if), &[expected]);
    }
}

#[test]
fn show_if_positions_fall_back_to_the_string_start_when_it_is_not_plain() {
    const UNKNOWN: &str =
        "questions[2].show_if: \"rides\" has no option \"maybe\" (its options: yes, no)";
    // A literal string has no escapes: the position is exact.
    assert_errors(
        &often_if("'rides == maybe'"),
        &[&format!("55:21: {UNKNOWN}")],
    );
    // An escape, or a multi-line string, shifts the text: point at the string.
    assert_errors(
        &often_if("\"rid\\u0065s == maybe\""),
        &[&format!("55:11: {UNKNOWN}")],
    );
    assert_errors(
        &often_if("\"\"\"\nrides == maybe\"\"\""),
        &[&format!("55:11: {UNKNOWN}")],
    );
}

// --- show_if: references ----------------------------------------------------------------------

#[test]
fn show_if_may_only_use_questions_asked_earlier() {
    assert_errors(
        &often_if("\"ride == yes\""),
        &["55:12: questions[2].show_if: no question has id \"ride\""],
    );
    assert_errors(
        &often_if("\"often == 3\""),
        &[
            "55:12: questions[2].show_if: show_if cannot use the question it belongs to \
           (\"often\"); use questions asked earlier",
        ],
    );
    // "age" comes after "often" in the same stage.
    assert_errors(
        &often_if("\"rides == yes and age > 3\""),
        &[
            "55:29: questions[2].show_if: show_if can only use questions asked earlier: \"age\" \
           is asked in stage \"basics\" after this one",
        ],
    );
    // "comments" is asked in a later stage; being a text, it cannot be tested either.
    assert_errors(
        &delib_with(&[("points = 5\n", "points = 5\nshow_if = \"comments == x\"\n")]),
        &[
            "93:12: questions[6].show_if: show_if can only use questions asked earlier: \
             \"comments\" is asked in stage \"later\" after this one",
            "93:12: questions[6].show_if: \"comments\" is a text question: show_if cannot test \
             text answers",
        ],
    );
    // A question no stage asks.
    assert_errors(
        &delib_with(&[
            ("\"uses\", \"trust\"]", "\"uses\"]"),
            (
                "kind = \"text\"\n",
                "kind = \"text\"\nshow_if = \"trust > 2\"\n",
            ),
        ]),
        &[
            "90:6: question \"trust\" is not used by any stage (add it to a stage's questions, or \
             remove it)",
            "98:12: questions[7].show_if: show_if can only use questions asked earlier: \"trust\" \
             is not asked in any stage",
        ],
    );
    // Asking "basics" again does not move its questions: "comments" may use them.
    assert!(errors(&comments_if("\"age > 30\"")).is_empty());
}

#[test]
fn show_if_options_and_comparisons_must_fit_the_question() {
    assert_errors(
        &comments_if("\"rides == maybe or uses in [maps, cars]\""),
        &[
            "98:21: questions[7].show_if: \"rides\" has no option \"maybe\" (its options: yes, no)",
            "98:45: questions[7].show_if: \"uses\" has no option \"cars\" (its options: maps, apps)",
        ],
    );
    assert_errors(
        &comments_if("\"priorities != trains\""),
        &[
            "98:26: questions[7].show_if: \"priorities\" has no option \"trains\" (its options: \
           timetables, safety)",
        ],
    );
    assert_errors(
        &comments_if("\"rides > 1\""),
        &[
            "98:18: questions[7].show_if: \"rides\" is a single question: test its options with \
           ==, != or in, not >",
        ],
    );
    assert_errors(
        &comments_if("\"trust in [a, b]\""),
        &[
            "98:18: questions[7].show_if: \"trust\" is a likert question: compare it with a number \
           (==, !=, <, <=, > or >=); `in` tests options",
        ],
    );
}

// --- show_if: satisfiability ------------------------------------------------------------------

#[test]
fn a_test_outside_the_declared_range_is_reported_where_it_is() {
    assert_errors(
        &comments_if("\"often > 10 or trust < 1 or age >= 200 or trust == 2.5\""),
        &[
            "98:12: questions[7].show_if: `often > 10` can never be true: \"often\" is a scale \
             from 1 to 5",
            "98:26: questions[7].show_if: `trust < 1` can never be true: \"trust\" is a likert \
             question from 1 to 5",
            "98:39: questions[7].show_if: `age >= 200` can never be true: \"age\" is a number \
             from 16 to 120, whole numbers only",
            "98:53: questions[7].show_if: `trust == 2.5` can never be true: \"trust\" is a likert \
             question from 1 to 5",
        ],
    );
    // At the ends of the range a test can hold.
    assert!(errors(&comments_if("\"often >= 5 or trust <= 1 or age > 119.5\"")).is_empty());
}

#[test]
fn contradictory_tests_of_one_question_are_reported_at_the_condition() {
    let prefix = "98:11: questions[7].show_if: show_if can never be true: no answer to";
    for (show_if, expected) in [
        (
            "\"rides == yes and rides == no\"",
            "\"rides\" (a single question with options yes, no) makes rides == yes and rides == \
             no true",
        ),
        (
            "\"age > 100 and age < 50\"",
            "\"age\" (a number from 16 to 120, whole numbers only) makes age > 100 and age < 50 \
             true",
        ),
        (
            "\"age > 119 and age != 120\"",
            "\"age\" (a number from 16 to 120, whole numbers only) makes age > 119 and age != \
             120 true",
        ),
        (
            "\"uses == maps and uses != maps\"",
            "\"uses\" (a multi question with options maps, apps) makes uses == maps and uses != \
             maps true",
        ),
        (
            "\"(rides == yes or rides == no) and not rides in [yes, no]\"",
            "\"rides\" (a single question with options yes, no) makes rides == yes and not rides \
             in [yes, no] true, and no other alternative can hold either",
        ),
    ] {
        assert_errors(&comments_if(show_if), &[&format!("{prefix} {expected}")]);
    }
    // Satisfiable: several options of a multi question, an unanswered question for negations,
    // another alternative, a decimal number between two whole ones.
    for show_if in [
        "\"uses == maps and uses == apps\"",
        "\"rides != yes and rides != no\"",
        "\"(rides == yes and rides == no) or trust > 3\"",
        "\"age > 100 and age < 101\"",
    ] {
        let source = if show_if.contains("age > 100") {
            delib_with(&[
                ("integer = true\n", ""),
                (
                    "kind = \"text\"\n",
                    &format!("kind = \"text\"\nshow_if = {show_if}\n"),
                ),
            ])
        } else {
            comments_if(show_if)
        };
        assert!(
            errors(&source).is_empty(),
            "{show_if}: {:?}",
            errors(&source)
        );
    }
    // With whole numbers only, nothing lies strictly between 100 and 101.
    assert_eq!(errors(&comments_if("\"age > 100 and age < 101\"")).len(), 1);
}

// --- stages -----------------------------------------------------------------------------------

#[test]
fn repeat_of_must_name_an_earlier_questions_stage() {
    for (target, expected) in [
        (
            "\"basic\"",
            "37:13: stage \"again\": no stage has id \"basic\"",
        ),
        (
            "\"again\"",
            "37:13: stage \"again\": repeat_of must point to an earlier stage, not to this one",
        ),
        (
            "\"check\"",
            "37:13: stage \"again\": repeat_of must point to an earlier stage: \"check\" comes \
             after this one",
        ),
        (
            "\"talk\"",
            "37:13: stage \"again\": repeat_of must point to a questions stage: \"talk\" is a \
             statements stage",
        ),
        (
            "3",
            "37:13: stages[4].repeat_of: expected a string, found a whole number",
        ),
    ] {
        let source = delib_with(&[("repeat_of = \"basics\"", &format!("repeat_of = {target}"))]);
        assert_errors(&source, &[expected]);
    }
    assert_errors(
        &delib_with(&[(
            "id = \"check\"\nkind = \"review\"\n",
            "id = \"check\"\nkind = \"review\"\n\n[[stages]]\nid = \"again2\"\n\
             kind = \"questions\"\nrepeat_of = \"again\"\n",
        )]),
        &[
            "46:13: stage \"again2\": repeat_of must point to a stage with questions of its own: \
           \"again\" itself repeats \"basics\" (point to \"basics\" instead)",
        ],
    );
    assert_errors(
        &delib_with(&[(
            "repeat_of = \"basics\"",
            "repeat_of = \"basics\"\nquestions = [\"comments\"]",
        )]),
        &[
            "38:1: stage \"again\": give either questions or repeat_of, not both (a stage with \
           repeat_of asks the questions of that earlier stage again)",
        ],
    );
}

#[test]
fn a_review_needs_questions_before_it() {
    assert_errors(
        &delib_with(&[(
            "[[stages]]\nid = \"basics\"",
            "[[stages]]\nid = \"first\"\nkind = \"review\"\n\n[[stages]]\nid = \"basics\"",
        )]),
        &[
            "16:8: stage \"first\": a review stage must come after a questions stage (before it \
           there is nothing to review)",
        ],
    );
    assert_errors(
        &delib_with(&[(
            "id = \"check\"\nkind = \"review\"\n",
            "id = \"check\"\nkind = \"review\"\nquestions = [\"rides\"]\n",
        )]),
        &[
            "42:1: key \"questions\" is for questions stages, not review ones like stage \"check\" \
           (expected one of: id, kind, title)",
        ],
    );
}

#[test]
fn a_statements_stage_is_checked_key_by_key() {
    assert_errors(
        &delib_with(&[(
            "moderation = \"strict\"\n",
            "moderation = \"loose\"\nmax_cards = 0\nmax_length = 5\nsubmissions = \"yes\"\n\
             cards = []\n",
        )]),
        &[
            "22:14: stages[2].moderation: unknown moderation \"loose\" (expected one of: strict, \
             lenient, off)",
            "23:13: stages[2].max_cards: must be a positive whole number (found 0)",
            "24:14: stages[2].max_length: must be between 10 and 500 (found 5)",
            "25:15: stages[2].submissions: expected true or false, found a string",
            "26:1: key \"cards\" is for info stages, not statements ones like stage \"talk\" \
             (expected one of: id, kind, title, prompt, moderation, max_cards, submissions, \
             max_length, statements)",
        ],
    );
    assert_errors(
        &delib_with(&[("moderation = \"strict\"\n", "max_length = 501\n")]),
        &[
            "19:1: missing required key \"moderation\" in stage \"talk\"",
            "22:14: stages[2].max_length: must be between 10 and 500 (found 501)",
        ],
    );
    assert_errors(
        &delib_with(&[
            (
                "moderation = \"strict\"\n",
                "moderation = \"strict\"\nsubmissions = false\n",
            ),
            (
                "[[stages.statements]]\nid = \"no_selling\"\ndimension = \"red_lines\"\n\
                 text = { en = \"Never sell it\" }\n",
                "",
            ),
        ]),
        &[
            "23:15: stage \"talk\": nothing to vote on: the stage has no [[stages.statements]] and \
           participants may not write their own (submissions = false)",
        ],
    );
}

#[test]
fn seed_statements_have_unique_ids_a_text_and_a_known_dimension() {
    assert_errors(
        &delib_with(&[(
            "dimension = \"red_lines\"\n",
            "dimension = \"red\"\nfor = \"x\"\n",
        )]),
        &[
            "26:13: stages[2].statements[1].dimension: unknown dimension \"red\" (expected one \
             of: data_scope, permitted_purposes, red_lines, recipients, commercial_use, \
             onward_sharing, ai_automated_decisions, de_identification, access_security, \
             geography, retention_deletion, benefit_sharing, transparency, oversight, \
             accountability_redress, reconsultation_triggers, individual_opt_out, attribution, \
             equity_harm_review, duration_review)",
            "27:1: unknown key \"for\" in statement \"no_selling\" of stage \"talk\" (expected \
             one of: id, text, dimension)",
        ],
    );
    assert_errors(
        &delib_with(&[(
            "text = { en = \"Never sell it\" }\n",
            "text = { en = \"Never sell it\" }\n\n[[stages.statements]]\nid = \"no_selling\"\n",
        )]),
        &[
            "29:1: missing required key \"text\" in statement \"no_selling\" of stage \"talk\"",
            "30:6: duplicate statement id \"no_selling\" (first used on line 25)",
        ],
    );
}

// --- new question kinds -----------------------------------------------------------------------

#[test]
fn a_scale_has_labelled_ends_and_at_most_11_values() {
    assert_errors(
        &delib_with(&[("min = 1\nmax = 5\n", "min = 5\nmax = 5\npoints = 5\n")]),
        &[
            "57:7: questions[2].max: must be more than min (5), found 5",
            "58:1: key \"points\" is for likert questions, not scale ones like question \"often\" \
             (expected one of: id, kind, text, dimension, required, show_if, min, max, \
             min_label, max_label)",
        ],
    );
    assert_errors(
        &delib_with(&[
            ("min = 1\nmax = 5\n", "min = 0\nmax = 11\n"),
            ("max_label = { en = \"Daily\" }\n", ""),
        ]),
        &[
            "52:1: missing required key \"max_label\" in question \"often\"",
            "57:7: questions[2].max: a scale from 0 to 11 has 12 values, at most 11 (one button \
             each)",
        ],
    );
    assert_errors(
        &delib_with(&[("min = 1\n", "min = 1.5\n")]),
        &["56:7: questions[2].min: expected a whole number, found a decimal number"],
    );
}

#[test]
fn a_number_has_a_range_and_whole_bounds_when_integer() {
    assert_errors(
        &delib_with(&[("min = 16\nmax = 120\n", "min = 16.5\nmax = \"120\"\n")]),
        &[
            "65:7: questions[3].min: 16.5 is not a whole number, but the question has integer \
             = true",
            "66:7: questions[3].max: expected a number, found a string",
        ],
    );
    assert_errors(
        &delib_with(&[("min = 16\nmax = 120\n", "min = 120\nmax = 16\n")]),
        &["66:7: questions[3].max: must be more than min (120), found 16"],
    );
    assert_errors(
        &delib_with(&[("min = 16\n", "min = nan\n")]),
        &["65:7: questions[3].min: must be a finite number, found NaN"],
    );
    assert_errors(
        &delib_with(&[("integer = true\n", "integer = 1\nlabels = []\n")]),
        &[
            "67:11: questions[3].integer: expected true or false, found a whole number",
            "68:1: key \"labels\" is for likert questions, not number ones like question \"age\" \
             (expected one of: id, kind, text, dimension, required, show_if, min, max, integer, \
             unit)",
        ],
    );
}

#[test]
fn a_ranking_has_2_to_8_options() {
    assert_errors(
        &delib_with(&[("  { id = \"safety\", text = { en = \"Safety\" } },\n", "")]),
        &["75:11: questions[4].options: a ranking question needs 2 to 8 options, found 1"],
    );
    let nine: String = (1..=9)
        .map(|i| format!("  {{ id = \"o{i}\", text = {{ en = \"O{i}\" }} }},\n"))
        .collect();
    assert_errors(
        &delib_with(&[(
            "  { id = \"timetables\", text = { en = \"Timetables\" } },\n  { id = \"safety\", \
             text = { en = \"Safety\" } },\n",
            &nine,
        )]),
        &["75:11: questions[4].options: a ranking question needs 2 to 8 options, found 9"],
    );
}
