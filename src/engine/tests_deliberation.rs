//! Engine tests for deliberation: branching, back and review, statements, new question kinds,
//! and the repeated stage.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};

use super::deck::{Statement, Wording};
use super::tests::{choice, text};
use super::*;
use crate::consultation::*;

fn question(id: &str, kind: QuestionKind, show_if: Option<Condition>) -> Question {
    Question {
        id: Id(id.into()),
        text: text(&format!("Question {id}?"), &format!("¿Pregunta {id}?")),
        dimension: None,
        required: true,
        kind,
        show_if,
    }
}

fn id(s: &str) -> Id {
    Id(s.into())
}

/// Stage 0 asks `uses`, `often` (only if `uses == yes`), `age`, `rank`; stage 1 is a strict
/// statements stage with two seeds and two cards each; stage 2 asks stage 0 again; stage 3 is
/// the review.
fn consultation() -> Consultation {
    Consultation {
        slug: id("delib"),
        languages: vec![Lang("en".into()), Lang("es".into())],
        default_language: Lang("en".into()),
        time_zone: chrono_tz::Europe::Madrid,
        opens_at: Utc.with_ymd_and_hms(2027, 1, 1, 8, 0, 0).unwrap(),
        closes_at: Utc.with_ymd_and_hms(2027, 2, 1, 8, 0, 0).unwrap(),
        title: text("Our data", "Nuestros datos"),
        intro: None,
        notice: Notice {
            version: 1,
            text: text("Notice", "Aviso"),
        },
        closing: None,
        stages: vec![
            Stage {
                id: id("one"),
                title: None,
                kind: StageKind::Questions {
                    questions: vec![0, 1, 2, 3],
                    repeat_of: None,
                },
            },
            Stage {
                id: id("talk"),
                title: None,
                kind: StageKind::Statements(StatementStage {
                    prompt: Some(text("About sharing", "Sobre compartir")),
                    seeds: vec![
                        SeedStatement {
                            id: id("s1"),
                            text: text("Data must never be sold", "Nunca vender datos"),
                            dimension: None,
                        },
                        SeedStatement {
                            id: id("s2"),
                            text: text("Researchers may use it", "Investigar sí"),
                            dimension: None,
                        },
                    ],
                    moderation: Moderation::Strict,
                    max_cards: 2,
                    submissions: true,
                    max_length: 40,
                }),
            },
            Stage {
                id: id("again"),
                title: None,
                kind: StageKind::Questions {
                    questions: vec![0, 1, 2, 3],
                    repeat_of: Some(0),
                },
            },
            Stage {
                id: id("check"),
                title: None,
                kind: StageKind::Review,
            },
        ],
        questions: vec![
            question(
                "uses",
                QuestionKind::Single {
                    options: vec![choice("yes", "Yes"), choice("no", "No")],
                },
                None,
            ),
            question(
                "often",
                QuestionKind::Scale {
                    min: 1,
                    max: 5,
                    min_label: text("Never", "Nunca"),
                    max_label: text("Daily", "A diario"),
                },
                Some(Condition::Is {
                    question: id("uses"),
                    option: id("yes"),
                }),
            ),
            question(
                "age",
                QuestionKind::Number {
                    min: 16.0,
                    max: 120.0,
                    integer: true,
                    unit: None,
                },
                None,
            ),
            question(
                "rank",
                QuestionKind::Ranking {
                    options: vec![choice("a", "A"), choice("b", "B"), choice("c", "C")],
                },
                None,
            ),
        ],
    }
}

fn seed(n: i64, name: &str, agree: u32) -> Statement {
    Statement {
        id: n,
        stage: id("talk"),
        wording: Wording::Seed(id(name)),
        status: Status::Approved,
        own: false,
        agree,
        disagree: 0,
        pass: 0,
    }
}

fn deck() -> Deck {
    Deck {
        statements: vec![seed(1, "s1", 0), seed(2, "s2", 3)],
        votes: BTreeMap::new(),
    }
}

struct World {
    c: Consultation,
    answers: Answers,
    deck: Deck,
    latest_prompt: Option<i32>,
}

impl World {
    fn new() -> Self {
        World {
            c: consultation(),
            answers: Answers::new(),
            deck: deck(),
            latest_prompt: None,
        }
    }

    fn ctx(&self) -> Context<'_> {
        Context {
            consultation: &self.c,
            open: true,
            telegram_language: Some("en"),
            answers: &self.answers,
            deck: &self.deck,
            seed: 1,
            latest_prompt: self.latest_prompt,
        }
    }

    /// Runs an input and keeps the world in step with its records, as the store would.
    fn run(&mut self, state: &ParticipantState, input: Input) -> Outcome {
        let o = step(&self.ctx(), state, input);
        for r in &o.records {
            match r {
                Record::Answer {
                    question,
                    round,
                    value,
                } => self.answers.set(question.clone(), *round, value.clone()),
                Record::Cleared { question, round } => {
                    self.answers.clear(question, *round);
                }
                Record::Vote { statement, vote } => self.deck.vote(*statement, *vote),
                _ => {}
            }
        }
        o
    }

    fn press(&mut self, state: &ParticipantState, cb: Callback) -> Outcome {
        self.press_on(state, cb, 7)
    }

    fn press_on(&mut self, state: &ParticipantState, cb: Callback, message_id: i32) -> Outcome {
        self.run(
            state,
            Input::Button {
                data: cb.encode(),
                message_id,
            },
        )
    }
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

/// At the first card of the statements stage, in English.
fn in_deck() -> ParticipantState {
    ParticipantState {
        language: Some(Lang("en".into())),
        step: Step::Deck {
            stage: 1,
            card: Some(1),
        },
    }
}

fn last_sent(o: &Outcome) -> &Reply {
    o.effects
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::Send { reply } => Some(reply),
            _ => None,
        })
        .expect("a message was sent")
}

fn toast(o: &Outcome) -> Option<&str> {
    o.effects.iter().find_map(|e| match e {
        Effect::Toast { text } => Some(text.as_str()),
        _ => None,
    })
}

fn choose(q: &str, o: &str) -> Callback {
    Callback::Choice {
        question: id(q),
        option: id(o),
    }
}

#[test]
fn a_branch_is_taken_when_its_condition_holds_and_passed_when_not() {
    let mut w = World::new();
    let taken = w.press(&at(0, 0), choose("uses", "yes"));
    assert!(matches!(
        taken.state.step,
        Step::At {
            stage: 0,
            item: 1,
            ..
        }
    ));
    let prompt = last_sent(&taken);
    assert!(
        prompt.text.contains("1 = Never · 5 = Daily"),
        "{}",
        prompt.text
    );
    assert_eq!(prompt.buttons[0].len(), 5);

    let mut w = World::new();
    let passed = w.press(&at(0, 0), choose("uses", "no"));
    assert!(matches!(
        passed.state.step,
        Step::At {
            stage: 0,
            item: 2,
            ..
        }
    ));
    assert!(
        last_sent(&passed)
            .text
            .contains("Type a number from 16 to 120.")
    );
}

#[test]
fn numbers_are_read_in_the_participants_way_and_checked() {
    let mut w = World::new();
    let state = at(0, 2);
    let o = w.run(&state, Input::Text("17,5".into()));
    assert_eq!(last_sent(&o).text, "Please type a whole number.");
    assert!(o.records.is_empty());
    let o = w.run(&state, Input::Text("12".into()));
    assert_eq!(last_sent(&o).text, "Please type a number from 16 to 120.");
    let o = w.run(&state, Input::Text("dieciocho".into()));
    assert_eq!(
        last_sent(&o).text,
        "I could not read that as a number. Please type a number such as 16."
    );
    let o = w.run(&state, Input::Text(" 1 0 4 ".into()));
    assert_eq!(
        o.records,
        vec![Record::Answer {
            question: id("age"),
            round: 1,
            value: AnswerValue::Number(Num(104.0)),
        }]
    );
}

#[test]
fn a_ranking_is_built_by_presses_and_stored_when_complete() {
    let mut w = World::new();
    let rank = |o: &str| Callback::Rank {
        question: id("rank"),
        option: id(o),
    };
    let first = w.press(&at(0, 3), rank("b"));
    let Effect::EditButtons { buttons, .. } = &first.effects[0] else {
        panic!("{:?}", first.effects)
    };
    let labels: Vec<&str> = buttons.iter().map(|r| r[0].text.as_str()).collect();
    assert_eq!(labels, ["A", "1. B", "C", "Start over"]);
    assert!(first.records.is_empty());
    let again = w.press(&first.state, rank("b"));
    assert!(again.records.is_empty(), "a double tap places nothing");
    let done = w.press(&again.state, rank("c"));
    assert_eq!(
        done.records[0],
        Record::Answer {
            question: id("rank"),
            round: 1,
            value: AnswerValue::Order(vec![id("b"), id("c"), id("a")]),
        }
    );
    assert_eq!(
        done.state.step,
        Step::Deck {
            stage: 1,
            card: Some(1)
        }
    );
}

#[test]
fn cards_are_dealt_votes_move_on_and_the_limit_ends_the_deck() {
    let mut w = World::new();
    let state = in_deck();
    let vote = |statement, vote| Callback::Vote { statement, vote };
    let o = w.press_on(&state, vote(1, Vote::Agree), 10);
    assert_eq!(
        o.records,
        vec![Record::Vote {
            statement: 1,
            vote: Vote::Agree
        }]
    );
    assert_eq!(toast(&o), Some("Vote saved"));
    let Effect::Edit { message_id, reply } = &o.effects[0] else {
        panic!("{:?}", o.effects)
    };
    assert_eq!(*message_id, 10);
    assert!(reply.text.ends_with("✓ Your vote: Agree"), "{}", reply.text);
    assert_eq!(reply.buttons[0][0].text, "✓ Agree");
    assert_eq!(
        o.state.step,
        Step::Deck {
            stage: 1,
            card: Some(2)
        }
    );
    let card = last_sent(&o);
    assert_eq!(
        card.text,
        "<i>Statement 2 of up to 2</i>\n<b>Researchers may use it</b>"
    );

    // A double tap on the first card: one vote stays, nothing is dealt.
    let twice = w.press_on(&o.state, vote(1, Vote::Agree), 10);
    assert!(twice.records.is_empty());
    assert_eq!(toast(&twice), Some("This vote is already saved"));
    assert_eq!(twice.state, o.state);

    // The first card's button pressed later changes that vote and does not deal.
    let changed = w.press_on(&o.state, vote(1, Vote::Disagree), 10);
    assert_eq!(
        changed.records,
        vec![Record::Vote {
            statement: 1,
            vote: Vote::Disagree
        }]
    );
    assert_eq!(toast(&changed), Some("Vote changed"));
    assert_eq!(changed.state, o.state);

    let last = w.press_on(&changed.state, vote(2, Vote::Pass), 11);
    assert_eq!(
        last.state.step,
        Step::Deck {
            stage: 1,
            card: None
        }
    );
    let end = last_sent(&last);
    assert_eq!(end.text, "That's all the statements for you. Thank you!");
    let go = w.press_on(&last.state, Callback::EndDeck { stage: 1 }, 12);
    assert!(matches!(
        go.state.step,
        Step::At {
            stage: 2,
            item: 0,
            ..
        }
    ));
}

#[test]
fn the_write_button_says_how_to_write_and_only_in_its_stage() {
    let mut w = World::new();
    let state = in_deck();
    let card = w.press_on(
        &state,
        Callback::Vote {
            statement: 1,
            vote: Vote::Agree,
        },
        10,
    );
    let labels: Vec<Vec<&str>> = last_sent(&card)
        .buttons
        .iter()
        .map(|row| row.iter().map(|b| b.text.as_str()).collect())
        .collect();
    assert_eq!(
        labels,
        vec![
            vec!["Agree", "Disagree", "Pass / unsure"],
            vec!["✍️ Write a statement", "Done with statements →"]
        ]
    );
    assert_eq!(last_sent(&card).buttons[1][0].data, "w:1");
    let o = w.press(&state, Callback::Write { stage: 1 });
    assert!(o.records.is_empty());
    assert_eq!(o.state, state);
    assert_eq!(toast(&o), Some(""));
    assert_eq!(
        last_sent(&o).text,
        "Send your statement as a message now: one short sentence, up to 40 characters."
    );
    // After the stage, the old button changes nothing.
    let later = w.press(&at(2, 0), Callback::Write { stage: 1 });
    assert_eq!(
        toast(&later),
        Some(
            "That button belongs to an earlier message. Please use the buttons of the latest question."
        )
    );
    assert!(
        later
            .effects
            .iter()
            .all(|e| !matches!(e, Effect::Send { .. }))
    );
}

#[test]
fn a_near_copy_of_ones_own_statement_is_not_offered_for_a_vote() {
    let mut w = World::new();
    w.deck.statements.push(Statement {
        id: 3,
        stage: id("talk"),
        wording: Wording::Written {
            text: "Night buses every fifteen minutes".into(),
            language: Lang("en".into()),
        },
        status: Status::Pending,
        own: true,
        agree: 0,
        disagree: 0,
        pass: 0,
    });
    let state = in_deck();
    let o = w.run(
        &state,
        Input::Text("night buses every fifteen minutes!".into()),
    );
    assert!(o.records.is_empty());
    assert_eq!(
        last_sent(&o).text,
        "You have already sent a very similar statement: \"Night buses every fifteen minutes\"."
    );
}

#[test]
fn question_buttons_on_an_older_copy_of_the_prompt_are_stale() {
    let mut w = World::new();
    w.latest_prompt = Some(20);
    let state = at(0, 0);
    let old = w.press_on(&state, choose("uses", "yes"), 12);
    assert!(old.records.is_empty());
    assert_eq!(old.state, state);
    assert_eq!(
        toast(&old),
        Some(
            "That button belongs to an earlier message. Please use the buttons of the latest question."
        )
    );
    let newest = w.press_on(&state, choose("uses", "yes"), 20);
    assert_eq!(newest.records.len(), 1, "{:?}", newest.records);
    // Votes on older cards stay valid: they are not answers to the current question.
    let deck_state = in_deck();
    let vote = w.press_on(
        &deck_state,
        Callback::Vote {
            statement: 1,
            vote: Vote::Agree,
        },
        5,
    );
    assert_eq!(vote.records.len(), 1);
}

#[test]
fn a_statement_like_a_declined_one_is_refused() {
    let mut w = World::new();
    w.deck.statements.push(Statement {
        id: 4,
        stage: id("talk"),
        wording: Wording::Written {
            text: "Sell the data to anyone".into(),
            language: Lang("en".into()),
        },
        status: Status::Rejected,
        own: false,
        agree: 0,
        disagree: 0,
        pass: 0,
    });
    let state = in_deck();
    let o = w.run(&state, Input::Text("sell the data to ANYONE!".into()));
    assert!(o.records.is_empty());
    assert_eq!(
        last_sent(&o).text,
        "A moderator has already declined a very similar statement, so it cannot be sent again."
    );
}

#[test]
fn written_statements_are_checked_and_wait_for_moderation() {
    let mut w = World::new();
    let state = in_deck();
    let o = w.run(&state, Input::Text("\u{200B} \n".into()));
    assert_eq!(
        last_sent(&o).text,
        "Your statement is empty. Please write a short sentence."
    );
    for short in ["!!!", "a", "👍👍👍"] {
        let o = w.run(&state, Input::Text(short.into()));
        assert!(o.records.is_empty(), "{short}");
        assert_eq!(
            last_sent(&o).text,
            "That is too short for others to vote on. Please write a short sentence.",
            "{short}"
        );
    }
    let o = w.run(&state, Input::Text("DATA must never be sold!!".into()));
    assert!(o.records.is_empty());
    assert_eq!(
        last_sent(&o).text,
        "A very similar statement is already here: \"Data must never be sold\". You can vote on it instead."
    );
    let o = w.run(&state, Input::Text("x".repeat(41)));
    assert_eq!(
        last_sent(&o).text,
        "Your statement has 41 characters; the limit is 40. Please shorten it and send it again."
    );
    let o = w.run(&state, Input::Text("  Publish who asked for data  ".into()));
    assert_eq!(
        o.records,
        vec![Record::Statement {
            stage: id("talk"),
            text: "Publish who asked for data".into(),
            language: Lang("en".into()),
            status: Status::Pending,
        }]
    );
    assert_eq!(o.state, state, "writing does not move the deck");
}

#[test]
fn a_rejected_or_strictly_pending_statement_cannot_be_voted_on() {
    let mut w = World::new();
    w.deck.statements[1].status = Status::Rejected;
    w.deck.statements.push(Statement {
        id: 3,
        stage: id("talk"),
        wording: Wording::Written {
            text: "Mine".into(),
            language: Lang("en".into()),
        },
        status: Status::Pending,
        own: false,
        agree: 0,
        disagree: 0,
        pass: 0,
    });
    let state = in_deck();
    for statement in [2, 3] {
        let o = w.press(
            &state,
            Callback::Vote {
                statement,
                vote: Vote::Agree,
            },
        );
        assert!(o.records.is_empty());
        assert_eq!(toast(&o), Some("This statement was withdrawn."));
    }
}

#[test]
fn back_returns_to_the_previous_shown_question_with_its_answer_marked() {
    let mut w = World::new();
    let o = w.press(&at(0, 0), choose("uses", "no"));
    let o = w.run(&o.state, Input::Back);
    assert!(matches!(
        o.state.step,
        Step::At {
            stage: 0,
            item: 0,
            ..
        }
    ));
    let prompt = last_sent(&o);
    assert!(
        prompt.text.ends_with("<i>Your current answer: No</i>"),
        "{}",
        prompt.text
    );
    assert_eq!(prompt.buttons[1][0].text, "✓ No");
    assert_eq!(prompt.buttons[2][0].text, "Keep my answer");
    let o = w.run(&o.state, Input::Back);
    assert_eq!(
        last_sent(&o).text,
        "There is no earlier question in this part to go back to."
    );
    // Changing it opens the branch; the answered question after it is not asked again.
    w.answers.set(id("age"), 1, AnswerValue::Number(Num(30.0)));
    let o = w.press(&o.state, choose("uses", "yes"));
    assert!(matches!(
        o.state.step,
        Step::At {
            stage: 0,
            item: 1,
            ..
        }
    ));
    let o = w.press(
        &o.state,
        Callback::Scale {
            question: id("often"),
            value: 3,
        },
    );
    assert!(matches!(
        o.state.step,
        Step::At {
            stage: 0,
            item: 3,
            ..
        }
    ));
}

#[test]
fn changing_an_answer_in_the_review_withdraws_what_its_branch_no_longer_asks() {
    let mut w = World::new();
    for (q, round, value) in [
        ("uses", 1, AnswerValue::Choice(id("yes"))),
        ("often", 1, AnswerValue::Scale(4)),
        ("age", 1, AnswerValue::Number(Num(40.0))),
        (
            "rank",
            1,
            AnswerValue::Order(vec![id("a"), id("b"), id("c")]),
        ),
        ("uses", 2, AnswerValue::Choice(id("yes"))),
        ("often", 2, AnswerValue::Scale(5)),
        ("age", 2, AnswerValue::Number(Num(40.0))),
        (
            "rank",
            2,
            AnswerValue::Order(vec![id("c"), id("b"), id("a")]),
        ),
    ] {
        w.answers.set(id(q), round, value);
    }
    let review = at(3, 0);
    let shown = w.run(&review, Input::Start);
    let list = last_sent(&shown);
    // After the repeated stage the first answers are the "before" of the comparison: the
    // review lists only the answers given after the discussion.
    assert!(!list.text.contains("Question often?\n"), "{}", list.text);
    assert!(
        list.text
            .contains("2. Question often? (after the discussion)\n    → <i>5</i>"),
        "{}",
        list.text
    );
    assert_eq!(list.buttons.last().unwrap()[0].text, "Submit my answers ✓");
    let forged = w.press(
        &review,
        Callback::Change {
            question: id("uses"),
            round: 1,
        },
    );
    assert_eq!(
        toast(&forged),
        Some(
            "That button belongs to an earlier message. Please use the buttons of the latest question."
        )
    );
    assert_eq!(forged.state, review);

    let o = w.press(
        &review,
        Callback::Change {
            question: id("uses"),
            round: 2,
        },
    );
    assert!(matches!(
        o.state.step,
        Step::At {
            stage: 2,
            item: 0,
            review: true,
            ..
        }
    ));
    let o = w.press(&o.state, choose("uses", "no"));
    assert!(o.records.contains(&Record::Cleared {
        question: id("often"),
        round: 2
    }));
    assert!(matches!(
        o.state.step,
        Step::At {
            stage: 3,
            item: 0,
            ..
        }
    ));
    let list = last_sent(&o);
    assert!(
        !list.text.contains("Question often? (after"),
        "{}",
        list.text
    );

    // Back to yes: the question the branch opens again is asked before the review.
    let o = w.press(
        &o.state,
        Callback::Change {
            question: id("uses"),
            round: 2,
        },
    );
    let o = w.press(&o.state, choose("uses", "yes"));
    assert!(matches!(
        o.state.step,
        Step::At {
            stage: 2,
            item: 1,
            review: true,
            ..
        }
    ));
    let o = w.press(
        &o.state,
        Callback::Scale {
            question: id("often"),
            value: 2,
        },
    );
    assert!(matches!(
        o.state.step,
        Step::At {
            stage: 3,
            item: 0,
            ..
        }
    ));
    let done = w.press(&o.state, Callback::Submit { stage: 3 });
    assert_eq!(done.state.step, Step::Finished);
    assert!(done.records.contains(&Record::Completed));
}

#[test]
fn the_repeated_stage_stores_round_two() {
    let mut w = World::new();
    let o = w.press(&at(2, 0), choose("uses", "no"));
    assert_eq!(
        o.records[0],
        Record::Answer {
            question: id("uses"),
            round: 2,
            value: AnswerValue::Choice(id("no")),
        }
    );
}

#[test]
fn a_statement_in_another_language_names_it_in_the_readers_language() {
    let c = consultation();
    let written = Statement {
        id: 9,
        stage: id("talk"),
        wording: Wording::Written {
            text: "Publicar cada solicitud".into(),
            language: Lang("es".into()),
        },
        status: Status::Approved,
        own: false,
        agree: 0,
        disagree: 0,
        pass: 0,
    };
    let en = Lang("en".into());
    let card = super::render::Renderer {
        consultation: &c,
        lang: &en,
    }
    .statement_card(1, &written, None, None);
    assert_eq!(
        card.text,
        "<b>Publicar cada solicitud</b>\n<i>(written in Spanish)</i>"
    );
}

#[test]
fn back_after_finishing_says_everything_is_answered() {
    let mut w = World::new();
    let done = ParticipantState {
        language: Some(Lang("en".into())),
        step: Step::Finished,
    };
    let o = w.run(&done, Input::Back);
    assert!(o.records.is_empty());
    assert_eq!(o.state, done);
    assert_eq!(
        last_sent(&o).text,
        "You have already answered everything. Thank you!"
    );
}

#[test]
fn the_card_counter_says_how_many_cards_there_are_when_fewer_than_the_limit() {
    let mut w = World::new();
    if let StageKind::Statements(deck) = &mut w.c.stages[1].kind {
        deck.max_cards = 20;
    }
    let state = in_deck();
    let o = w.press_on(
        &state,
        Callback::Vote {
            statement: 1,
            vote: Vote::Agree,
        },
        10,
    );
    assert_eq!(
        last_sent(&o).text,
        "<i>Statement 2 of up to 2</i>\n<b>Researchers may use it</b>"
    );
}
