//! The transition function.

use super::callback::Callback;
use super::flow::{self, Item};
use super::render::{Renderer, language_menu};
use super::{AnswerValue, Context, Effect, Input, Outcome, ParticipantState, Record, Reply, Step};
use crate::consultation::{Id, Lang, Question, QuestionKind};

/// Handles one input. Never fails: every input, however unexpected, gets a polite answer.
pub fn step(ctx: &Context<'_>, state: &ParticipantState, input: Input) -> Outcome {
    let mut turn = Turn {
        ctx,
        state: state.clone(),
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

struct Turn<'a> {
    ctx: &'a Context<'a>,
    state: ParticipantState,
    effects: Vec<Effect>,
    records: Vec<Record>,
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

    fn lang(&self) -> Lang {
        self.state
            .language
            .clone()
            .or_else(|| self.telegram_language())
            .unwrap_or_else(|| self.ctx.consultation.default_language.clone())
    }

    fn with_renderer<T>(&self, f: impl FnOnce(&Renderer<'_>) -> T) -> T {
        let lang = self.lang();
        f(&Renderer {
            consultation: self.ctx.consultation,
            lang: &lang,
        })
    }

    fn send(&mut self, reply: Reply) {
        self.effects.push(Effect::Send { reply });
    }

    fn say(&mut self, id: &str) {
        let reply = self.with_renderer(|r| r.plain(id));
        self.send(reply);
    }

    fn toast(&mut self, id: &str) {
        let text = self.with_renderer(|r| r.t(id));
        self.effects.push(Effect::Toast { text });
    }

    fn remove_buttons(&mut self, message_id: i32) {
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
        }
    }

    fn show_notice(&mut self) {
        self.state.step = Step::Notice;
        let reply = self.with_renderer(|r| r.notice());
        self.send(reply);
    }

    /// Sends the prompt for the item at (`stage`, `item`).
    fn prompt(&mut self, stage: usize, item: usize, opens_stage: bool) {
        let selected = match &self.state.step {
            Step::At { selected, .. } => selected.clone(),
            _ => vec![],
        };
        let Some(it) = flow::item_at(self.ctx.consultation, stage, item) else {
            return self.finish();
        };
        let reply = self.with_renderer(|r| r.item(stage, &it, &selected, opens_stage));
        self.send(reply);
    }

    /// Moves to the item after (`stage`, `item`), or finishes.
    fn advance_from(&mut self, stage: usize, item: usize) {
        match flow::next(self.ctx.consultation, stage, item) {
            Some((s, i)) => {
                self.state.step = Step::At {
                    stage: s,
                    item: i,
                    selected: vec![],
                };
                self.prompt(s, i, s != stage);
            }
            None => self.finish(),
        }
    }

    fn finish(&mut self) {
        self.state.step = Step::Finished;
        self.records.push(Record::Completed);
        let reply = self.with_renderer(|r| r.closing());
        self.send(reply);
    }

    fn current(&self) -> Option<(usize, usize, Item<'a>)> {
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
            Step::At { .. } if !self.ctx.open => return self.say("hint-not-open"),
            Step::At { .. } => {}
        }
        let Some((stage, item, Item::Question { question, .. })) = self.current() else {
            return self.say("hint-text-not-expected");
        };
        let QuestionKind::Text { max_length } = question.kind else {
            return self.say("hint-use-buttons");
        };
        let cleaned = clean_text(raw);
        let length = cleaned.chars().count();
        if length == 0 {
            return self.say("text-empty");
        }
        if length > max_length {
            let reply = self.with_renderer(|r| {
                Reply::text(super::render::escape(&r.ta(
                    "text-too-long",
                    &[("length", length.into()), ("limit", max_length.into())],
                )))
            });
            return self.send(reply);
        }
        self.records.push(Record::Answer {
            round: 1,
            question: question.id.clone(),
            value: AnswerValue::Text(cleaned),
        });
        self.advance_from(stage, item);
    }

    fn button(&mut self, cb: Callback, message_id: i32) {
        match cb {
            Callback::Language(code) => self.choose_language(&code, message_id),
            Callback::Notice { version, accept } => self.notice_answer(version, accept, message_id),
            Callback::Next { card } => self.next_card(&card, message_id),
            Callback::Forget { confirm } => self.forget(confirm, message_id),
            Callback::Choice { question, option } => {
                self.on_question(&question, message_id, |q, _| match &q.kind {
                    QuestionKind::Single { options } if options.iter().any(|o| o.id == option) => {
                        Answer::Store(AnswerValue::Choice(option.clone()))
                    }
                    _ => Answer::Stale,
                })
            }
            Callback::Point { question, point } => {
                self.on_question(&question, message_id, |q, _| match &q.kind {
                    QuestionKind::Likert { points, .. } if (1..=*points).contains(&point) => {
                        Answer::Store(AnswerValue::Point(point))
                    }
                    _ => Answer::Stale,
                })
            }
            Callback::Skip { question } => self.on_question(&question, message_id, |q, _| {
                if q.required {
                    Answer::Stale
                } else {
                    Answer::Store(AnswerValue::Skipped)
                }
            }),
            Callback::Toggle { question, option } => {
                self.on_question(&question, message_id, |q, selected| {
                    toggle(q, selected, &option)
                })
            }
            Callback::Done { question } => self.on_question(&question, message_id, done),
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
        match flow::first(self.ctx.consultation) {
            Some((stage, item)) => {
                self.state.step = Step::At {
                    stage,
                    item,
                    selected: vec![],
                };
                self.prompt(stage, item, true);
            }
            None => self.finish(),
        }
    }

    fn next_card(&mut self, card: &Id, message_id: i32) {
        let Some((stage, item, Item::Card { card: current, .. })) = self.current() else {
            return self.toast("hint-stale-button");
        };
        if &current.id != card {
            return self.toast("hint-stale-button");
        }
        self.remove_buttons(message_id);
        self.effects.push(Effect::Toast {
            text: String::new(),
        });
        self.advance_from(stage, item);
    }

    /// A press on a question's button: checks it belongs to the current question, then lets
    /// `decide` turn it into an answer, a new selection, or a refusal.
    fn on_question(
        &mut self,
        question: &Id,
        message_id: i32,
        decide: impl FnOnce(&Question, &[Id]) -> Answer,
    ) {
        let Some((
            stage,
            item,
            Item::Question {
                question: q,
                number,
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
        let selected = match &self.state.step {
            Step::At { selected, .. } => selected.clone(),
            _ => vec![],
        };
        match decide(q, &selected) {
            Answer::Stale => self.toast("hint-stale-button"),
            Answer::Refuse(id, args) => {
                let text = self.with_renderer(|r| r.ta(id, &[(args.0, args.1.into())]));
                self.effects.push(Effect::Toast { text });
            }
            Answer::Select(selected) => {
                self.state.step = Step::At {
                    stage,
                    item,
                    selected: selected.clone(),
                };
                let it = Item::Question {
                    question: q,
                    number,
                };
                let reply = self.with_renderer(|r| r.item(stage, &it, &selected, false));
                self.effects.push(Effect::EditButtons {
                    message_id,
                    buttons: reply.buttons,
                });
                self.effects.push(Effect::Toast {
                    text: String::new(),
                });
            }
            Answer::Store(value) => {
                let label = self.with_renderer(|r| answer_label(r, q, &value));
                let edited = self.with_renderer(|r| r.answered(q, number, label.as_deref()));
                self.effects.push(Effect::Edit {
                    message_id,
                    reply: edited,
                });
                self.toast("answer-saved");
                self.records.push(Record::Answer {
                    round: 1,
                    question: q.id.clone(),
                    value,
                });
                self.advance_from(stage, item);
            }
        }
    }
}

enum Answer {
    Store(AnswerValue),
    Select(Vec<Id>),
    Refuse(&'static str, (&'static str, usize)),
    Stale,
}

fn toggle(q: &Question, selected: &[Id], option: &Id) -> Answer {
    let QuestionKind::Multi { options, max, .. } = &q.kind else {
        return Answer::Stale;
    };
    if !options.iter().any(|o| &o.id == option) {
        return Answer::Stale;
    }
    let mut selected = selected.to_vec();
    if let Some(pos) = selected.iter().position(|s| s == option) {
        selected.remove(pos);
    } else if selected.len() >= *max {
        return Answer::Refuse("multi-too-many", ("max", *max));
    } else {
        selected.push(option.clone());
    }
    Answer::Select(selected)
}

fn done(q: &Question, selected: &[Id]) -> Answer {
    let QuestionKind::Multi { options, min, .. } = &q.kind else {
        return Answer::Stale;
    };
    if selected.len() < *min {
        return Answer::Refuse("multi-too-few", ("min", *min));
    }
    // Stored in the file's option order, so equal selections compare equal.
    let ordered = options
        .iter()
        .filter(|o| selected.contains(&o.id))
        .map(|o| o.id.clone())
        .collect();
    Answer::Store(AnswerValue::Choices(ordered))
}

/// The answer as the participant chose it, in their language (`None` for a skip).
pub fn answer_label(r: &Renderer<'_>, q: &Question, value: &AnswerValue) -> Option<String> {
    let option_text = |id: &Id| match &q.kind {
        QuestionKind::Single { options } | QuestionKind::Multi { options, .. } => options
            .iter()
            .find(|o| &o.id == id)
            .map(|o| o.text.get(r.lang).to_string())
            .unwrap_or_else(|| id.0.clone()),
        _ => id.0.clone(),
    };
    match value {
        AnswerValue::Choice(id) => Some(option_text(id)),
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
        AnswerValue::Number(n) => Some(n.0.to_string()),
        AnswerValue::Order(ids) => Some(
            ids.iter()
                .enumerate()
                .map(|(i, id)| format!("{}. {}", i + 1, option_text(id)))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

/// Removes what a person cannot see (zero-width and control characters other than line breaks)
/// and trims, so an "empty" message made of invisible characters is recognised as empty.
pub fn clean_text(raw: &str) -> String {
    let kept: String = raw
        .chars()
        .filter(|c| {
            !matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
                && (!c.is_control() || *c == '\n')
        })
        .collect();
    kept.trim().to_string()
}
