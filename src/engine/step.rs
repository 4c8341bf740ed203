//! The transition function.

use super::callback::Callback;
use super::flow::{self, Item, Mode};
use super::question::{self, Decision};
use super::render::{Renderer, escape, language_menu};
use super::{
    AnswerValue, Answers, Context, Deck, Effect, Input, Outcome, ParticipantState, Record, Reply,
    Step, number,
};
use crate::consultation::{Id, Lang, Question, QuestionKind};
use crate::i18n::Arg;

/// Handles one input. Never fails: every input, however unexpected, gets a polite answer.
pub fn step(ctx: &Context<'_>, state: &ParticipantState, input: Input) -> Outcome {
    let mut turn = Turn {
        ctx,
        state: state.clone(),
        answers: ctx.answers.clone(),
        deck: ctx.deck.clone(),
        effects: vec![],
        records: vec![],
    };
    match input {
        Input::Help => turn.say("help-citizen"),
        Input::Unsupported => turn.say("hint-unsupported"),
        Input::Edited => turn.say("hint-edited"),
        Input::Language => {
            let proposed = turn
                .state
                .language
                .clone()
                .or_else(|| turn.telegram_language());
            turn.send(language_menu(ctx.consultation, proposed.as_ref()));
        }
        Input::Start => turn.start(),
        Input::Forget => turn.ask_forget(),
        Input::Back => turn.back(),
        Input::Text(text) => turn.text(&text),
        Input::Button { data, message_id } => match Callback::decode(&data) {
            Some(cb) => turn.button(cb, message_id),
            None => turn.toast("hint-stale-button"),
        },
    }
    Outcome {
        state: turn.state,
        effects: turn.effects,
        records: turn.records,
    }
}

pub(super) struct Turn<'a> {
    pub(super) ctx: &'a Context<'a>,
    pub(super) state: ParticipantState,
    /// The participant's answers, kept up to date with this turn's records.
    pub(super) answers: Answers,
    pub(super) deck: Deck,
    pub(super) effects: Vec<Effect>,
    pub(super) records: Vec<Record>,
}

impl<'a> Turn<'a> {
    fn telegram_language(&self) -> Option<Lang> {
        let code = self.ctx.telegram_language?;
        let c = self.ctx.consultation;
        c.languages
            .iter()
            .find(|l| l.as_str() == code)
            .or_else(|| {
                c.languages
                    .iter()
                    .find(|l| code.starts_with(&format!("{}-", l.as_str())))
            })
            .cloned()
    }

    pub(super) fn lang(&self) -> Lang {
        self.state
            .language
            .clone()
            .or_else(|| self.telegram_language())
            .unwrap_or_else(|| self.ctx.consultation.default_language.clone())
    }

    pub(super) fn with_renderer<T>(&self, f: impl FnOnce(&Renderer<'_>) -> T) -> T {
        let lang = self.lang();
        f(&Renderer {
            consultation: self.ctx.consultation,
            lang: &lang,
        })
    }

    pub(super) fn send(&mut self, reply: Reply) {
        self.effects.push(Effect::Send { reply });
    }

    pub(super) fn say(&mut self, id: &str) {
        let reply = self.with_renderer(|r| r.plain(id));
        self.send(reply);
    }

    /// Sends a message with arguments, escaped.
    pub(super) fn say_with(&mut self, id: &str, args: &[(&str, Arg<'_>)]) {
        let reply = self.with_renderer(|r| Reply::text(escape(&r.ta(id, args))));
        self.send(reply);
    }

    pub(super) fn toast(&mut self, id: &str) {
        let text = self.with_renderer(|r| r.t(id));
        self.effects.push(Effect::Toast { text });
    }

    /// Answers the button press without a visible notice.
    pub(super) fn ack(&mut self) {
        self.effects.push(Effect::Toast {
            text: String::new(),
        });
    }

    pub(super) fn remove_buttons(&mut self, message_id: i32) {
        self.effects.push(Effect::EditButtons {
            message_id,
            buttons: vec![],
        });
    }

    fn start(&mut self) {
        match self.state.step.clone() {
            Step::Finished => self.say("already-finished"),
            _ if !self.ctx.open => self.say("hint-not-open"),
            Step::ChoosingLanguage => {
                let proposed = self.telegram_language();
                self.send(language_menu(self.ctx.consultation, proposed.as_ref()));
            }
            Step::Notice | Step::Declined => self.show_notice(),
            Step::At { stage, item, .. } => self.prompt(stage, item, true),
            Step::Deck { stage, card } => self.reshow_deck(stage, card),
        }
    }

    fn show_notice(&mut self) {
        self.state.step = Step::Notice;
        let reply = self.with_renderer(|r| r.notice());
        self.send(reply);
    }

    /// Sends the prompt for the item at (`stage`, `item`), where the state already is.
    pub(super) fn prompt(&mut self, stage: usize, item: usize, opens_stage: bool) {
        let selected = match &self.state.step {
            Step::At { selected, .. } => selected.clone(),
            _ => vec![],
        };
        let Some(it) = flow::item_at(self.ctx.consultation, stage, item) else {
            return self.finish();
        };
        let current = match &it {
            Item::Question {
                question, round, ..
            } => self.answers.get(&question.id, *round).cloned(),
            _ => None,
        };
        let answers = &self.answers;
        let reply = self.with_renderer(|r| {
            r.item(
                stage,
                &it,
                &selected,
                current.as_ref(),
                opens_stage,
                answers,
            )
        });
        self.send(reply);
    }

    /// Moves to what follows (`stage`, `item`): the next item to show, or the end. Withdraws the
    /// answers of questions the participant's answers now hide.
    pub(super) fn move_on(&mut self, stage: usize, item: usize) {
        let mode = match self.state.step {
            Step::At { review: true, .. } => Mode::ToReview,
            _ => Mode::Forward,
        };
        self.walk_from(stage, item + 1, mode, Some(stage));
    }

    /// Walks from (`stage`, `item`) inclusive and enters where the walk stops.
    pub(super) fn walk_from(
        &mut self,
        stage: usize,
        item: usize,
        mode: Mode,
        from_stage: Option<usize>,
    ) {
        let walk = flow::seek(self.ctx.consultation, &mut self.answers, stage, item, mode);
        for (question, round) in walk.cleared {
            self.records.push(Record::Cleared { question, round });
        }
        match walk.to {
            Some((s, i)) => self.enter(s, i, from_stage != Some(s), mode == Mode::ToReview),
            None => self.finish(),
        }
    }

    /// Puts the participant at (`stage`, `item`) and shows it.
    pub(super) fn enter(&mut self, stage: usize, item: usize, opens_stage: bool, review: bool) {
        match flow::item_at(self.ctx.consultation, stage, item) {
            Some(Item::Deck { .. }) => self.open_deck(stage, opens_stage),
            Some(it) => {
                let selected = match it {
                    Item::Question {
                        question, round, ..
                    } => initial_selection(question, self.answers.get(&question.id, round)),
                    _ => vec![],
                };
                self.state.step = Step::At {
                    stage,
                    item,
                    selected,
                    review,
                };
                self.prompt(stage, item, opens_stage);
            }
            None => self.finish(),
        }
    }

    pub(super) fn finish(&mut self) {
        self.state.step = Step::Finished;
        self.records.push(Record::Completed);
        let reply = self.with_renderer(|r| r.closing());
        self.send(reply);
    }

    pub(super) fn current(&self) -> Option<(usize, usize, Item<'a>)> {
        match &self.state.step {
            Step::At { stage, item, .. } => {
                flow::item_at(self.ctx.consultation, *stage, *item).map(|it| (*stage, *item, it))
            }
            _ => None,
        }
    }

    fn text(&mut self, raw: &str) {
        match self.state.step {
            Step::Finished => return self.say("already-finished"),
            Step::Declined => return self.say("notice-declined"),
            Step::ChoosingLanguage | Step::Notice => return self.say("hint-use-buttons"),
            Step::At { .. } | Step::Deck { .. } if !self.ctx.open => {
                return self.say("hint-not-open");
            }
            Step::Deck { stage, .. } => return self.submit_statement(stage, raw),
            Step::At { .. } => {}
        }
        let Some((
            stage,
            item,
            Item::Question {
                question, round, ..
            },
        )) = self.current()
        else {
            return self.say("hint-text-not-expected");
        };
        let value = match &question.kind {
            QuestionKind::Text { max_length } => {
                let cleaned = clean_text(raw);
                let length = cleaned.chars().count();
                if length == 0 {
                    return self.say("text-empty");
                }
                if length > *max_length {
                    return self.say_with(
                        "text-too-long",
                        &[("length", length.into()), ("limit", (*max_length).into())],
                    );
                }
                AnswerValue::Text(cleaned)
            }
            QuestionKind::Number {
                min, max, integer, ..
            } => match number::parse(raw, self.lang().as_str()) {
                None => {
                    // The example must be one the question accepts: a whole number where only
                    // those are allowed.
                    let example = if *integer || !(*min..=*max).contains(&1.5) {
                        min.ceil()
                    } else {
                        1.5
                    };
                    return self.say_with(
                        "number-invalid",
                        &[(
                            "example",
                            number::format(example, self.lang().as_str()).into(),
                        )],
                    );
                }
                Some(n) if *integer && n.fract() != 0.0 => return self.say("number-not-whole"),
                Some(n) if n < *min || n > *max => {
                    let lang = self.lang();
                    return self.say_with(
                        "number-out-of-range",
                        &[
                            ("min", number::format(*min, lang.as_str()).into()),
                            ("max", number::format(*max, lang.as_str()).into()),
                        ],
                    );
                }
                Some(n) => AnswerValue::Number(super::Num(n)),
            },
            _ => return self.say("hint-use-buttons"),
        };
        self.records.push(Record::Answer {
            question: question.id.clone(),
            round,
            value: value.clone(),
        });
        self.answers.set(question.id.clone(), round, value);
        // A typed answer leaves the prompt's "skip" button behind; it goes, so the prompt no
        // longer offers what is already done.
        if !question.required
            && let Some(prompt) = self.ctx.latest_prompt
        {
            self.remove_buttons(prompt);
        }
        self.move_on(stage, item);
    }

    fn button(&mut self, cb: Callback, message_id: i32) {
        // The question was asked again below (after /back, /start or /language): only the
        // newest copy answers it, so the chat never shows one answer while another is stored.
        if cb.answers_a_question() && self.ctx.latest_prompt.is_some_and(|p| message_id < p) {
            return self.toast("hint-stale-button");
        }
        match cb {
            Callback::Language(code) => self.choose_language(&code, message_id),
            Callback::Notice { version, accept } => self.notice_answer(version, accept, message_id),
            Callback::Next { card } => self.next_card(&card, message_id),
            Callback::Forget { confirm } => self.forget(confirm, message_id),
            Callback::Vote { statement, vote } => self.vote(statement, vote, message_id),
            Callback::EndDeck { stage } => self.end_deck(stage, message_id),
            Callback::Write { stage } => self.write_prompt(stage),
            Callback::Change { question, round } => self.change(&question, round, message_id),
            Callback::Submit { stage } => self.submit_review(stage, message_id),
            Callback::Keep { question } => self.keep(&question, message_id),
            Callback::Choice { question, option } => {
                self.on_question(&question, message_id, |q, _| question::choice(q, &option))
            }
            Callback::Point { question, point } => {
                self.on_question(&question, message_id, |q, _| question::point(q, point))
            }
            Callback::Scale { question, value } => {
                self.on_question(&question, message_id, |q, _| question::scale(q, value))
            }
            Callback::Skip { question } => {
                self.on_question(&question, message_id, |q, _| question::skip(q))
            }
            Callback::Toggle { question, option } => {
                self.on_question(&question, message_id, |q, selected| {
                    question::toggle(q, selected, &option)
                })
            }
            Callback::Done { question } => self.on_question(&question, message_id, question::done),
            Callback::Rank { question, option } => {
                self.on_question(&question, message_id, |q, selected| {
                    question::rank(q, selected, &option)
                })
            }
            Callback::RankReset { question } => {
                self.on_question(&question, message_id, |q, _| question::rank_reset(q))
            }
        }
    }

    fn choose_language(&mut self, code: &str, message_id: i32) {
        let Some(lang) = self
            .ctx
            .consultation
            .languages
            .iter()
            .find(|l| l.as_str() == code)
            .cloned()
        else {
            return self.toast("hint-stale-button");
        };
        self.state.language = Some(lang.clone());
        self.records.push(Record::LanguageChosen(lang));
        self.remove_buttons(message_id);
        self.effects.push(Effect::Toast {
            text: String::new(),
        });
        match self.state.step.clone() {
            Step::ChoosingLanguage | Step::Notice | Step::Declined => {
                if !self.ctx.open {
                    return self.say("hint-not-open");
                }
                self.show_notice()
            }
            Step::At { stage, item, .. } => {
                self.say("language-changed");
                self.prompt(stage, item, true);
            }
            Step::Deck { stage, card } => {
                self.say("language-changed");
                self.reshow_deck(stage, card);
            }
            Step::Finished => self.say("language-changed"),
        }
    }

    fn ask_forget(&mut self) {
        if !self.state.has_consented() {
            return self.say("forget-nothing");
        }
        let reply = self.with_renderer(|r| Reply {
            text: super::render::escape(&r.t("forget-confirm")),
            buttons: vec![
                vec![super::Button::new(
                    r.t("forget-yes"),
                    Callback::Forget { confirm: true },
                )],
                vec![super::Button::new(
                    r.t("forget-no"),
                    Callback::Forget { confirm: false },
                )],
            ],
        });
        self.send(reply);
    }

    fn forget(&mut self, confirm: bool, message_id: i32) {
        if !self.state.has_consented() {
            return self.toast("hint-stale-button");
        }
        self.remove_buttons(message_id);
        self.effects.push(Effect::Toast {
            text: String::new(),
        });
        if !confirm {
            return self.say("forget-kept");
        }
        self.say("forget-done");
        self.records.push(Record::Forgotten);
        self.state = ParticipantState::new();
    }

    fn notice_answer(&mut self, version: u32, accept: bool, message_id: i32) {
        if self.state.step != Step::Notice {
            return self.toast("hint-stale-button");
        }
        let current = self.ctx.consultation.notice.version;
        if version != current {
            self.toast("hint-stale-button");
            return self.show_notice();
        }
        if !self.ctx.open {
            return self.toast("hint-not-open");
        }
        self.remove_buttons(message_id);
        self.effects.push(Effect::Toast {
            text: String::new(),
        });
        if !accept {
            self.state.step = Step::Declined;
            self.records.push(Record::NoticeDeclined { version });
            return self.say("notice-declined");
        }
        self.records.push(Record::NoticeAccepted { version });
        let intro = self.with_renderer(|r| {
            let accepted = super::render::escape(&r.t("notice-accepted"));
            match r.intro() {
                Some(intro) => format!("{accepted}\n\n{}", intro.text),
                None => accepted,
            }
        });
        self.send(Reply::text(intro));
        self.walk_from(0, 0, Mode::Forward, None);
    }

    fn next_card(&mut self, card: &Id, message_id: i32) {
        let Some((stage, item, Item::Card { card: current, .. })) = self.current() else {
            return self.toast("hint-stale-button");
        };
        if &current.id != card {
            return self.toast("hint-stale-button");
        }
        self.remove_buttons(message_id);
        self.ack();
        self.move_on(stage, item);
    }

    /// A press on a question's button: checks it belongs to the current question, then lets
    /// `decide` turn it into an answer, a new selection, or a refusal.
    fn on_question(
        &mut self,
        question: &Id,
        message_id: i32,
        decide: impl FnOnce(&Question, &[Id]) -> Decision,
    ) {
        let Some((
            stage,
            item,
            Item::Question {
                question: q,
                number,
                round,
            },
        )) = self.current()
        else {
            return self.toast(if self.state.step == Step::Finished {
                "hint-finished-button"
            } else {
                "hint-stale-button"
            });
        };
        if &q.id != question {
            return self.toast("hint-stale-button");
        }
        if !self.ctx.open {
            return self.toast("hint-not-open");
        }
        let (selected, review) = match &self.state.step {
            Step::At {
                selected, review, ..
            } => (selected.clone(), *review),
            _ => (vec![], false),
        };
        match decide(q, &selected) {
            Decision::Stale => self.toast("hint-stale-button"),
            Decision::Refuse(id, args) => {
                let text = self.with_renderer(|r| r.ta(id, &[(args.0, args.1.into())]));
                self.effects.push(Effect::Toast { text });
            }
            Decision::Select(same) if same == selected => self.ack(),
            Decision::Select(selected) => {
                self.state.step = Step::At {
                    stage,
                    item,
                    selected: selected.clone(),
                    review,
                };
                let it = Item::Question {
                    question: q,
                    number,
                    round,
                };
                let current = self.answers.get(&q.id, round).cloned();
                let answers = &self.answers;
                let reply = self.with_renderer(|r| {
                    r.item(stage, &it, &selected, current.as_ref(), false, answers)
                });
                self.effects.push(Effect::EditButtons {
                    message_id,
                    buttons: reply.buttons,
                });
                self.ack();
            }
            Decision::Store(value) => {
                self.show_answered(q, number, &value, message_id);
                self.toast("answer-saved");
                self.records.push(Record::Answer {
                    question: q.id.clone(),
                    round,
                    value: value.clone(),
                });
                self.answers.set(q.id.clone(), round, value);
                self.move_on(stage, item);
            }
        }
    }

    /// Turns the question's message into the question with its answer, without buttons.
    pub(super) fn show_answered(
        &mut self,
        q: &Question,
        number: usize,
        value: &AnswerValue,
        message_id: i32,
    ) {
        let label = self.with_renderer(|r| answer_label(r, q, value));
        let edited = self.with_renderer(|r| r.answered(q, number, label.as_deref()));
        self.effects.push(Effect::Edit {
            message_id,
            reply: edited,
        });
    }

    /// "Keep my answer" on a question one came back to.
    fn keep(&mut self, question: &Id, message_id: i32) {
        let Some((
            stage,
            item,
            Item::Question {
                question: q,
                number,
                round,
            },
        )) = self.current()
        else {
            return self.toast("hint-stale-button");
        };
        let Some(value) = self.answers.get(&q.id, round).cloned() else {
            return self.toast("hint-stale-button");
        };
        if &q.id != question {
            return self.toast("hint-stale-button");
        }
        self.show_answered(q, number, &value, message_id);
        self.ack();
        self.move_on(stage, item);
    }
}

/// What the current selection of a multi or ranking question starts as: the current answer.
fn initial_selection(q: &Question, current: Option<&AnswerValue>) -> Vec<Id> {
    match (&q.kind, current) {
        (QuestionKind::Multi { .. }, Some(AnswerValue::Choices(ids))) => ids.clone(),
        _ => vec![],
    }
}

/// The answer as the participant chose it, in their language (`None` for a skip).
pub fn answer_label(r: &Renderer<'_>, q: &Question, value: &AnswerValue) -> Option<String> {
    let option_text = |id: &Id| match &q.kind {
        QuestionKind::Single { options }
        | QuestionKind::Multi { options, .. }
        | QuestionKind::Ranking { options } => options
            .iter()
            .find(|o| &o.id == id)
            .map(|o| o.text.get(r.lang).to_string())
            .unwrap_or_else(|| id.0.clone()),
        _ => id.0.clone(),
    };
    match value {
        AnswerValue::Choice(id) => Some(option_text(id)),
        // An empty choice is an answer too, and must not read as a blank.
        AnswerValue::Choices(ids) if ids.is_empty() => Some(r.t("answer-none-chosen")),
        AnswerValue::Choices(ids) => {
            Some(ids.iter().map(option_text).collect::<Vec<_>>().join(", "))
        }
        AnswerValue::Point(p) => match &q.kind {
            QuestionKind::Likert { points, labels } => {
                Some(r.likert_label(*points, labels.as_deref(), *p))
            }
            _ => Some(p.to_string()),
        },
        AnswerValue::Text(t) => Some(t.clone()),
        AnswerValue::Skipped => None,
        AnswerValue::Scale(v) => Some(v.to_string()),
        AnswerValue::Number(n) => Some(match &q.kind {
            QuestionKind::Number {
                unit: Some(unit), ..
            } => format!(
                "{} {}",
                number::format(n.0, r.lang.as_str()),
                unit.get(r.lang)
            ),
            _ => number::format(n.0, r.lang.as_str()),
        }),
        AnswerValue::Order(ids) => Some(
            ids.iter()
                .enumerate()
                .map(|(i, id)| format!("{}. {}", i + 1, option_text(id)))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

/// Removes what a person cannot see (zero-width spaces, direction marks, soft hyphens, control
/// characters other than line breaks) and trims, so an "empty" message made of invisible
/// characters is recognised as empty. The zero-width joiner and non-joiner stay: they hold
/// emoji sequences (👨‍👩‍👧) together and shape Persian and Arabic words; alone, they count as
/// nothing.
pub fn clean_text(raw: &str) -> String {
    let kept: String = raw
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{2060}'
                    ..='\u{2064}' | '\u{FEFF}' | '\u{00AD}'
            ) && (!c.is_control() || *c == '\n')
        })
        .collect();
    let kept = kept.trim();
    if kept
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '\u{200C}' | '\u{200D}'))
    {
        return String::new();
    }
    kept.to_string()
}

#[cfg(test)]
mod clean_text_tests {
    use super::clean_text;

    #[test]
    fn invisible_characters_go_and_joiners_stay() {
        assert_eq!(clean_text("\u{200B}mostly fine\u{200B}"), "mostly fine");
        assert_eq!(clean_text(" \u{200B}\u{2060} \n "), "");
        assert_eq!(clean_text("\u{200D}\u{200C} "), "");
        // A family emoji is four people joined by U+200D: removing the joiners splits it.
        assert_eq!(
            clean_text("👨\u{200D}👩\u{200D}👧 families"),
            "👨\u{200D}👩\u{200D}👧 families"
        );
        assert_eq!(clean_text("a\u{00AD}b\u{200F}c\u{7}"), "abc");
        assert_eq!(clean_text("Line one\nLine two"), "Line one\nLine two");
    }
}
