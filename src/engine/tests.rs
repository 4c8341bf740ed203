//! Engine unit tests on a consultation built in code (the parser has its own tests).

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};

use super::*;
use crate::consultation::*;

pub(super) fn text(en: &str, es: &str) -> Text {
    let mut m = BTreeMap::new();
    m.insert(Lang("en".into()), en.to_string());
    m.insert(Lang("es".into()), es.to_string());
    Text(m)
}

pub(super) fn choice(id: &str, en: &str) -> Choice {
    Choice {
        id: Id(id.into()),
        text: text(en, &format!("{en} (es)")),
    }
}

fn consultation() -> Consultation {
    let q = |id: &str, kind: QuestionKind, required: bool| Question {
        id: Id(id.into()),
        text: text(&format!("Question {id}?"), &format!("¿Pregunta {id}?")),
        dimension: Some(Dimension::PermittedPurposes),
        required,
        kind,
        show_if: None,
    };
    Consultation {
        slug: Id("test".into()),
        languages: vec![Lang("en".into()), Lang("es".into())],
        default_language: Lang("en".into()),
        time_zone: chrono_tz::Europe::Madrid,
        opens_at: Utc.with_ymd_and_hms(2027, 1, 1, 8, 0, 0).unwrap(),
        closes_at: Utc.with_ymd_and_hms(2027, 2, 1, 8, 0, 0).unwrap(),
        title: text("Our data", "Nuestros datos"),
        intro: None,
        notice: Notice {
            version: 2,
            text: text("We keep <little>.", "Guardamos poco."),
        },
        closing: None,
        stages: vec![
            Stage {
                id: Id("one".into()),
                title: Some(text("Basics", "Básico")),
                kind: StageKind::Questions {
                    questions: vec![0, 1],
                    repeat_of: None,
                },
            },
            Stage {
                id: Id("info".into()),
                title: None,
                kind: StageKind::Info {
                    cards: vec![Card {
                        id: Id("card1".into()),
                        text: text("Some facts & figures", "Datos"),
                        for_text: Some(text("Pro", "A favor")),
                        against_text: Some(text("Con", "En contra")),
                        link: None,
                    }],
                },
            },
            Stage {
                id: Id("two".into()),
                title: None,
                kind: StageKind::Questions {
                    questions: vec![2, 3],
                    repeat_of: None,
                },
            },
        ],
        questions: vec![
            q(
                "purpose",
                QuestionKind::Single {
                    options: vec![choice("research", "Research"), choice("ads", "Ads")],
                },
                true,
            ),
            q(
                "who",
                QuestionKind::Multi {
                    options: vec![
                        choice("city", "City"),
                        choice("uni", "University"),
                        choice("firm", "Firms"),
                    ],
                    min: 1,
                    max: 2,
                },
                true,
            ),
            q(
                "trust",
                QuestionKind::Likert {
                    points: 5,
                    labels: None,
                },
                true,
            ),
            q("why", QuestionKind::Text { max_length: 20 }, false),
        ],
    }
}

fn ctx(c: &Consultation) -> Context<'_> {
    Context {
        consultation: c,
        open: true,
        telegram_language: Some("es"),
        answers: &NO_ANSWERS,
        deck: &NO_DECK,
        seed: 0,
        latest_prompt: None,
    }
}

static NO_ANSWERS: std::sync::LazyLock<crate::engine::Answers> =
    std::sync::LazyLock::new(crate::engine::Answers::new);
static NO_DECK: std::sync::LazyLock<crate::engine::Deck> =
    std::sync::LazyLock::new(crate::engine::Deck::default);

fn press(c: &Consultation, state: &ParticipantState, cb: Callback) -> Outcome {
    step(
        &ctx(c),
        state,
        Input::Button {
            data: cb.encode(),
            message_id: 7,
        },
    )
}

fn sent_texts(o: &Outcome) -> Vec<&str> {
    o.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { reply } => Some(reply.text.as_str()),
            _ => None,
        })
        .collect()
}

fn at(stage: usize, item: usize) -> ParticipantState {
    ParticipantState {
        language: Some(Lang("en".into())),
        step: Step::At {
            stage,
            item,
            selected: vec![],
            review: false,
        },
    }
}

#[test]
fn start_proposes_the_telegram_language_first() {
    let c = consultation();
    let o = step(&ctx(&c), &ParticipantState::new(), Input::Start);
    let Effect::Send { reply } = &o.effects[0] else {
        panic!("{:?}", o.effects)
    };
    assert_eq!(reply.text, "¿Seguimos en español?");
    assert_eq!(reply.buttons[0][0].data, "l:es");
    assert_eq!(reply.buttons[1][0].data, "l:en");
    assert!(o.records.is_empty());
}

#[test]
fn choosing_a_language_shows_the_escaped_notice_and_stores_no_answer() {
    let c = consultation();
    let o = press(
        &c,
        &ParticipantState::new(),
        Callback::Language("en".into()),
    );
    assert_eq!(o.state.step, Step::Notice);
    assert_eq!(o.records, vec![Record::LanguageChosen(Lang("en".into()))]);
    assert_eq!(
        sent_texts(&o),
        vec!["<b>Our data</b>\n\n<b>Before we start</b>\nWe keep &lt;little&gt;."]
    );
}

#[test]
fn accepting_the_notice_starts_the_first_stage_with_progress() {
    let c = consultation();
    let s = ParticipantState {
        language: Some(Lang("en".into())),
        step: Step::Notice,
    };
    let o = press(
        &c,
        &s,
        Callback::Notice {
            version: 2,
            accept: true,
        },
    );
    assert_eq!(o.records, vec![Record::NoticeAccepted { version: 2 }]);
    assert_eq!(
        o.state.step,
        Step::At {
            stage: 0,
            item: 0,
            selected: vec![],
            review: false,
        }
    );
    let texts = sent_texts(&o);
    assert_eq!(
        texts[1],
        "<b>Part 1 of 3: Basics</b>\n\n<i>Question 1 of 4</i>\n<b>Question purpose?</b>"
    );
}

#[test]
fn an_old_notice_version_is_shown_again_and_not_accepted() {
    let c = consultation();
    let s = ParticipantState {
        language: Some(Lang("en".into())),
        step: Step::Notice,
    };
    let o = press(
        &c,
        &s,
        Callback::Notice {
            version: 1,
            accept: true,
        },
    );
    assert!(o.records.is_empty());
    assert_eq!(o.state.step, Step::Notice);
}

#[test]
fn declining_keeps_nothing_but_the_refusal() {
    let c = consultation();
    let s = ParticipantState {
        language: Some(Lang("en".into())),
        step: Step::Notice,
    };
    let o = press(
        &c,
        &s,
        Callback::Notice {
            version: 2,
            accept: false,
        },
    );
    assert_eq!(o.state.step, Step::Declined);
    assert_eq!(o.records, vec![Record::NoticeDeclined { version: 2 }]);
    let o = step(&ctx(&c), &o.state, Input::Text("hello".into()));
    assert!(o.records.is_empty());
}

#[test]
fn a_single_choice_is_stored_acknowledged_and_moves_on() {
    let c = consultation();
    let o = press(
        &c,
        &at(0, 0),
        Callback::Choice {
            question: Id("purpose".into()),
            option: Id("research".into()),
        },
    );
    assert_eq!(
        o.records,
        vec![Record::Answer {
            round: 1,
            question: Id("purpose".into()),
            value: AnswerValue::Choice(Id("research".into()))
        }]
    );
    assert!(o.effects.contains(&Effect::Toast {
        text: "Saved.".into()
    }));
    assert!(
        matches!(&o.effects[0], Effect::Edit { message_id: 7, reply } if reply.text.ends_with("✓ Your answer: Research") && reply.buttons.is_empty())
    );
    assert_eq!(
        o.state.step,
        Step::At {
            stage: 0,
            item: 1,
            selected: vec![],
            review: false,
        }
    );
}

#[test]
fn a_double_tap_and_a_stale_button_store_nothing() {
    let c = consultation();
    let tap = Callback::Choice {
        question: Id("purpose".into()),
        option: Id("research".into()),
    };
    let first = press(&c, &at(0, 0), tap.clone());
    let second = press(&c, &first.state, tap);
    assert!(second.records.is_empty());
    assert_eq!(second.state, first.state);
    assert_eq!(
        second.effects,
        vec![Effect::Toast { text: "That button belongs to an earlier message. Please use the buttons of the latest question.".into() }]
    );
}

#[test]
fn multi_respects_max_and_min_and_stores_in_option_order() {
    let c = consultation();
    let q = Id("who".into());
    let tog = |o: &str| Callback::Toggle {
        question: q.clone(),
        option: Id(o.into()),
    };
    let o = press(
        &c,
        &at(0, 1),
        Callback::Done {
            question: q.clone(),
        },
    );
    assert_eq!(
        o.effects,
        vec![Effect::Toast {
            text: "Please choose at least one option.".into()
        }]
    );
    let o = press(&c, &at(0, 1), tog("firm"));
    let o = press(&c, &o.state, tog("city"));
    let Effect::EditButtons { buttons, .. } = &o.effects[0] else {
        panic!()
    };
    assert_eq!(buttons[0][0].text, "☑ City");
    assert_eq!(buttons[1][0].text, "☐ University");
    assert_eq!(buttons[3][0].text, "Done (2 chosen)");
    let full = press(&c, &o.state, tog("uni"));
    assert_eq!(
        full.effects,
        vec![Effect::Toast {
            text: "You can choose at most 2 options. Remove one first.".into()
        }]
    );
    let done = press(
        &c,
        &o.state,
        Callback::Done {
            question: q.clone(),
        },
    );
    assert_eq!(
        done.records,
        vec![Record::Answer {
            round: 1,
            question: q,
            value: AnswerValue::Choices(vec![Id("city".into()), Id("firm".into())])
        }]
    );
    // Next comes the info stage's card.
    assert_eq!(
        done.state.step,
        Step::At {
            stage: 1,
            item: 0,
            selected: vec![],
            review: false,
        }
    );
}

#[test]
fn text_answers_are_cleaned_and_limited() {
    let c = consultation();
    let s = at(2, 1);
    let o = step(&ctx(&c), &s, Input::Text("\u{200B} \u{FEFF}".into()));
    assert_eq!(
        sent_texts(&o),
        vec!["Your message looks empty. Please write your answer in words."]
    );
    let o = step(&ctx(&c), &s, Input::Text("a".repeat(21)));
    assert_eq!(
        sent_texts(&o),
        vec![
            "Your answer has 21 characters, but the limit is 20. Please shorten it and send it again."
        ]
    );
    assert!(o.records.is_empty());
    let o = step(&ctx(&c), &s, Input::Text("  <b>&  ".into()));
    assert_eq!(
        o.records[0],
        Record::Answer {
            round: 1,
            question: Id("why".into()),
            value: AnswerValue::Text("<b>&".into())
        }
    );
    assert_eq!(o.records[1], Record::Completed);
    assert_eq!(o.state.step, Step::Finished);
}

#[test]
fn optional_questions_can_be_skipped_required_ones_cannot() {
    let c = consultation();
    let o = press(
        &c,
        &at(2, 1),
        Callback::Skip {
            question: Id("why".into()),
        },
    );
    assert_eq!(
        o.records[0],
        Record::Answer {
            round: 1,
            question: Id("why".into()),
            value: AnswerValue::Skipped
        }
    );
    let o = press(
        &c,
        &at(0, 0),
        Callback::Skip {
            question: Id("purpose".into()),
        },
    );
    assert!(o.records.is_empty());
}

#[test]
fn text_where_a_button_is_expected_gets_a_hint() {
    let c = consultation();
    let o = step(&ctx(&c), &at(0, 0), Input::Text("research".into()));
    assert!(o.records.is_empty());
    assert_eq!(
        sent_texts(&o),
        vec!["Please answer with the buttons under the question."]
    );
    assert_eq!(o.state, at(0, 0));
}

#[test]
fn language_switch_mid_question_keeps_the_position() {
    let c = consultation();
    let o = press(&c, &at(0, 0), Callback::Language("es".into()));
    assert_eq!(
        o.state.step,
        Step::At {
            stage: 0,
            item: 0,
            selected: vec![],
            review: false,
        }
    );
    let texts = sent_texts(&o);
    assert_eq!(
        texts[0],
        "A partir de ahora te escribiré en español. Tus respuestas se mantienen."
    );
    assert!(texts[1].contains("¿Pregunta purpose?"), "{}", texts[1]);
}

#[test]
fn a_closed_consultation_changes_nothing() {
    let c = consultation();
    let closed = Context {
        consultation: &c,
        open: false,
        telegram_language: None,
        ..ctx(&c)
    };
    let o = step(
        &closed,
        &at(0, 0),
        Input::Button {
            data: Callback::Choice {
                question: Id("purpose".into()),
                option: Id("ads".into()),
            }
            .encode(),
            message_id: 1,
        },
    );
    assert!(o.records.is_empty());
    assert_eq!(o.state, at(0, 0));
}

#[test]
fn info_card_shows_both_sides_and_next_moves_on() {
    let c = consultation();
    let s = at(1, 0);
    let o = step(&ctx(&c), &s, Input::Start);
    assert_eq!(
        sent_texts(&o),
        vec![
            "<i>Card 1 of 1</i>\nSome facts &amp; figures\n\n<b>Arguments for</b>\nPro\n\n<b>Arguments against</b>\nCon"
        ]
    );
    let o = press(
        &c,
        &s,
        Callback::Next {
            card: Id("card1".into()),
        },
    );
    assert_eq!(
        o.state.step,
        Step::At {
            stage: 2,
            item: 0,
            selected: vec![],
            review: false,
        }
    );
    assert!(sent_texts(&o)[0].starts_with("<i>Question 3 of 4</i>"));
}

#[test]
fn forget_asks_first_and_only_then_deletes() {
    let c = consultation();
    let o = step(&ctx(&c), &at(0, 1), Input::Forget);
    let Effect::Send { reply } = &o.effects[0] else {
        panic!()
    };
    assert_eq!(reply.buttons[0][0].data, "f:y");
    assert_eq!(reply.buttons[1][0].data, "f:n");
    assert!(o.records.is_empty());
    let kept = press(&c, &at(0, 1), Callback::Forget { confirm: false });
    assert!(kept.records.is_empty());
    assert_eq!(kept.state, at(0, 1));
    let gone = press(&c, &at(0, 1), Callback::Forget { confirm: true });
    assert_eq!(gone.records, vec![Record::Forgotten]);
    assert_eq!(gone.state, ParticipantState::new());
    let nothing = step(&ctx(&c), &ParticipantState::new(), Input::Forget);
    assert_eq!(
        sent_texts(&nothing),
        vec!["No hay nada que borrar: no se guarda ninguna respuesta tuya."]
    );
}
