//! Prompts as participants see them: Telegram-flavoured HTML with every outside text escaped.

use super::callback::Callback;
use super::deck::{Statement, Wording};
use super::flow::{self, Item};
use super::{AnswerValue, Answers, Button, Reply, Vote};
use crate::consultation::{
    Card, Consultation, Id, Lang, Question, QuestionKind, StageKind, StatementStage, Text,
};
use crate::i18n::{self, Arg, t};

/// Escapes the three characters Telegram's HTML parse mode reserves.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(ch),
        }
    }
    out
}

pub struct Renderer<'a> {
    pub consultation: &'a Consultation,
    pub lang: &'a Lang,
}

impl<'a> Renderer<'a> {
    pub fn ui(&self) -> &'a str {
        i18n::ui_language(self.lang.as_str())
    }

    pub fn t(&self, id: &str) -> String {
        t(self.ui(), id, &[])
    }

    pub fn ta(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        t(self.ui(), id, args)
    }

    fn text(&self, text: &Text) -> String {
        escape(text.get(self.lang))
    }

    pub fn notice(&self) -> Reply {
        let c = self.consultation;
        let version = c.notice.version;
        Reply {
            text: format!(
                "<b>{}</b>\n\n<b>{}</b>\n{}",
                self.text(&c.title),
                escape(&self.t("notice-heading")),
                self.text(&c.notice.text)
            ),
            buttons: vec![
                vec![Button::new(
                    self.t("notice-accept"),
                    Callback::Notice {
                        version,
                        accept: true,
                    },
                )],
                vec![Button::new(
                    self.t("notice-decline"),
                    Callback::Notice {
                        version,
                        accept: false,
                    },
                )],
            ],
        }
    }

    /// The prompt for an item; `stage_heading` when the item opens a stage. `current` is the
    /// answer already given, when the participant came back to a question.
    pub fn item(
        &self,
        stage: usize,
        item: &Item<'_>,
        selected: &[Id],
        current: Option<&AnswerValue>,
        opens_stage: bool,
        answers: &Answers,
    ) -> Reply {
        let mut head = String::new();
        if opens_stage && let Some(heading) = self.stage_heading(stage) {
            head = format!("<b>{heading}</b>\n\n");
        }
        let mut reply = match item {
            Item::Question {
                question, number, ..
            } => self.question(question, *number, selected, current),
            Item::Card { card, number, of } => self.card(card, *number, *of),
            Item::Review => self.review(stage, answers),
            Item::Deck { stage: deck, .. } => self.deck_intro(stage, deck, false),
        };
        reply.text = head + &reply.text;
        reply
    }

    /// "Part 3 of 5: title". A repeated stage without a title still says why the same
    /// questions come back, or it would read as a bug.
    fn stage_heading(&self, stage: usize) -> Option<String> {
        let c = self.consultation;
        let s = c.stages.get(stage)?;
        let (current, total) = ((stage + 1).into(), c.stages.len().into());
        let title = match (&s.title, &s.kind) {
            (Some(title), _) => title.get(self.lang).to_owned(),
            (
                None,
                StageKind::Questions {
                    repeat_of: Some(_), ..
                },
            ) => self.t("stage-repeat-title"),
            (None, _) => return None,
        };
        Some(escape(&self.ta(
            "stage-heading",
            &[
                ("current", current),
                ("total", total),
                ("title", title.as_str().into()),
            ],
        )))
    }

    fn question(
        &self,
        q: &Question,
        number: usize,
        selected: &[Id],
        current: Option<&AnswerValue>,
    ) -> Reply {
        let total = self.consultation.asked_question_count();
        let mut text = format!(
            "<i>{}</i>\n<b>{}</b>",
            escape(&self.ta(
                "progress",
                &[("current", number.into()), ("total", total.into())]
            )),
            self.text(&q.text)
        );
        let mut buttons = Vec::new();
        let qid = &q.id;
        match &q.kind {
            QuestionKind::Single { options } => {
                for o in options {
                    let cb = Callback::Choice {
                        question: qid.clone(),
                        option: o.id.clone(),
                    };
                    let chosen = current == Some(&AnswerValue::Choice(o.id.clone()));
                    buttons.push(vec![Button::new(marked(chosen, o.text.get(self.lang)), cb)]);
                }
            }
            QuestionKind::Multi { options, max, .. } => {
                text.push_str(&format!(
                    "\n\n{}",
                    escape(&self.ta("multi-hint", &[("max", (*max).into())]))
                ));
                for o in options {
                    let mark = if selected.contains(&o.id) {
                        "☑"
                    } else {
                        "☐"
                    };
                    let cb = Callback::Toggle {
                        question: qid.clone(),
                        option: o.id.clone(),
                    };
                    buttons.push(vec![Button::new(
                        format!("{mark} {}", o.text.get(self.lang)),
                        cb,
                    )]);
                }
                let done = self.ta("multi-done", &[("count", selected.len().into())]);
                buttons.push(vec![Button::new(
                    done,
                    Callback::Done {
                        question: qid.clone(),
                    },
                )]);
            }
            QuestionKind::Likert { points, labels } => {
                for point in 1..=*points {
                    let cb = Callback::Point {
                        question: qid.clone(),
                        point,
                    };
                    let chosen = current == Some(&AnswerValue::Point(point));
                    buttons.push(vec![Button::new(
                        marked(
                            chosen,
                            &self.likert_label(*points, labels.as_deref(), point),
                        ),
                        cb,
                    )]);
                }
            }
            QuestionKind::Text { max_length } => {
                text.push_str(&format!(
                    "\n\n{}",
                    escape(&self.ta("text-hint", &[("limit", (*max_length).into())]))
                ));
            }
            QuestionKind::Scale {
                min,
                max,
                min_label,
                max_label,
            } => {
                text.push_str(&format!(
                    "\n\n{}",
                    escape(&self.ta(
                        "scale-ends",
                        &[
                            ("min", (*min).into()),
                            ("minLabel", min_label.get(self.lang).into()),
                            ("max", (*max).into()),
                            ("maxLabel", max_label.get(self.lang).into()),
                        ],
                    ))
                ));
                let values: Vec<Button> = (*min..=*max)
                    .map(|value| {
                        let chosen = current == Some(&AnswerValue::Scale(value));
                        Button::new(
                            marked(chosen, &value.to_string()),
                            Callback::Scale {
                                question: qid.clone(),
                                value,
                            },
                        )
                    })
                    .collect();
                // Rows of at most six keep the numbers readable on a phone.
                let per_row = values.len().div_ceil(values.len().div_ceil(6));
                buttons.extend(values.chunks(per_row).map(<[Button]>::to_vec));
            }
            QuestionKind::Ranking { options } => {
                text.push_str(&format!("\n\n{}", escape(&self.t("ranking-hint"))));
                for o in options {
                    let label = match selected.iter().position(|s| s == &o.id) {
                        Some(i) => format!("{}. {}", i + 1, o.text.get(self.lang)),
                        None => o.text.get(self.lang).to_string(),
                    };
                    buttons.push(vec![Button::new(
                        label,
                        Callback::Rank {
                            question: qid.clone(),
                            option: o.id.clone(),
                        },
                    )]);
                }
                if !selected.is_empty() {
                    buttons.push(vec![Button::new(
                        self.t("ranking-reset"),
                        Callback::RankReset {
                            question: qid.clone(),
                        },
                    )]);
                }
            }
            QuestionKind::Number { min, max, unit, .. } => {
                let lang = self.lang.as_str();
                let mut hint = self.ta(
                    "number-hint",
                    &[
                        ("min", super::number::format(*min, lang).into()),
                        ("max", super::number::format(*max, lang).into()),
                    ],
                );
                if let Some(unit) = unit {
                    hint = format!("{hint} ({})", unit.get(self.lang));
                }
                text.push_str(&format!("\n\n{}", escape(&hint)));
            }
        }
        if let Some(value) = current {
            let label = super::step::answer_label(self, q, value);
            let line = match label {
                Some(label) => self.ta("answer-current", &[("answer", label.into())]),
                None => self.t("answer-skipped"),
            };
            text.push_str(&format!("\n\n<i>{}</i>", escape(&line)));
            if !matches!(q.kind, QuestionKind::Multi { .. }) {
                buttons.push(vec![Button::new(
                    self.t("keep-button"),
                    Callback::Keep {
                        question: qid.clone(),
                    },
                )]);
            }
        }
        if !q.required {
            buttons.push(vec![Button::new(
                self.t("skip-button"),
                Callback::Skip {
                    question: qid.clone(),
                },
            )]);
        }
        Reply { text, buttons }
    }

    pub fn likert_label(&self, points: u8, labels: Option<&[Text]>, point: u8) -> String {
        match labels.and_then(|l| l.get(usize::from(point) - 1)) {
            Some(label) => label.get(self.lang).to_string(),
            None => self.t(&format!("likert{points}-{point}")),
        }
    }

    fn card(&self, card: &Card, number: usize, of: usize) -> Reply {
        let mut text = format!(
            "<i>{}</i>\n{}",
            escape(&self.ta(
                "info-card-progress",
                &[("current", number.into()), ("total", of.into())]
            )),
            self.text(&card.text)
        );
        if let Some(f) = &card.for_text {
            text.push_str(&format!(
                "\n\n<b>{}</b>\n{}",
                escape(&self.t("info-for")),
                self.text(f)
            ));
        }
        if let Some(a) = &card.against_text {
            text.push_str(&format!(
                "\n\n<b>{}</b>\n{}",
                escape(&self.t("info-against")),
                self.text(a)
            ));
        }
        if let Some(link) = &card.link {
            text.push_str(&format!(
                "\n\n<a href=\"{}\">{}</a>",
                escape(link).replace('"', "&quot;"),
                escape(&self.t("info-link"))
            ));
        }
        Reply {
            text,
            buttons: vec![vec![Button::new(
                self.t("info-next"),
                Callback::Next {
                    card: card.id.clone(),
                },
            )]],
        }
    }

    /// The question with the participant's answer in place of the buttons.
    pub fn answered(&self, q: &Question, number: usize, answer_label: Option<&str>) -> Reply {
        let total = self.consultation.asked_question_count();
        let line = match answer_label {
            Some(label) => escape(&self.ta("answer-recorded", &[("answer", label.into())])),
            None => escape(&self.t("answer-skipped")),
        };
        Reply {
            text: format!(
                "<i>{}</i>\n<b>{}</b>\n\n✓ {line}",
                escape(&self.ta(
                    "progress",
                    &[("current", number.into()), ("total", total.into())]
                )),
                self.text(&q.text)
            ),
            buttons: vec![],
        }
    }

    /// A statements stage's opening message.
    pub fn deck_intro(&self, stage: usize, deck: &StatementStage, opens_stage: bool) -> Reply {
        let mut parts = Vec::new();
        if opens_stage && let Some(heading) = self.stage_heading(stage) {
            parts.push(format!("<b>{heading}</b>"));
        }
        if let Some(prompt) = &deck.prompt {
            parts.push(self.text(prompt));
        }
        parts.push(escape(&self.t("deck-intro")));
        if deck.submissions {
            parts.push(escape(
                &self.ta("deck-intro-write", &[("limit", deck.max_length.into())]),
            ));
        }
        Reply::text(parts.join("\n\n"))
    }

    /// No card left: because of the limit, or because none is left yet.
    pub fn deck_end(&self, stage: usize, limit_reached: bool) -> Reply {
        let continue_button = Button::new(self.t("deck-continue"), Callback::EndDeck { stage });
        let row = match self.consultation.stages.get(stage).map(|s| &s.kind) {
            Some(StageKind::Statements(deck)) => self.with_write(deck, stage, continue_button),
            _ => vec![continue_button],
        };
        Reply {
            text: escape(&self.t(if limit_reached {
                "deck-limit"
            } else {
                "deck-empty"
            })),
            buttons: vec![row],
        }
    }

    /// A statement's words in this participant's language where there are several.
    pub fn statement_text(&self, statement: &Statement, deck: &StatementStage) -> String {
        match &statement.wording {
            Wording::Written { text, .. } => text.clone(),
            Wording::Seed(id) => deck
                .seeds
                .iter()
                .find(|s| &s.id == id)
                .map(|s| s.text.get(self.lang).to_string())
                .unwrap_or_default(),
        }
    }

    /// A statement card; with the vote marked once voted (the buttons stay, to change it). The
    /// progress line is only on a card as dealt: an edit keeps whatever the card said.
    pub fn statement_card(
        &self,
        stage: usize,
        statement: &Statement,
        progress: Option<(usize, usize)>,
        vote: Option<Vote>,
    ) -> Reply {
        let Some(StageKind::Statements(deck)) =
            self.consultation.stages.get(stage).map(|s| &s.kind)
        else {
            return Reply::text(String::new());
        };
        let mut text = format!("<b>{}</b>", escape(&self.statement_text(statement, deck)));
        if let Some((number, total)) = progress {
            let progress = self.ta(
                "deck-card-progress",
                &[("current", number.into()), ("total", total.into())],
            );
            text = format!("<i>{}</i>\n{text}", escape(&progress));
        }
        if let Wording::Written { language, .. } = &statement.wording
            && language != self.lang
        {
            // The language's name in the reader's language ("escrita en inglés"); a language
            // assent has no interface for keeps its code.
            let key = format!("language-name-{}", language.as_str());
            let name = if i18n::UI_LANGUAGES.contains(&language.as_str()) {
                self.t(&key)
            } else {
                language.0.clone()
            };
            text.push_str(&format!(
                "\n<i>{}</i>",
                escape(&self.ta("statement-written-in", &[("language", name.into())]))
            ));
        }
        if let Some(v) = vote {
            text.push_str(&format!(
                "\n\n✓ {}",
                escape(&self.ta(
                    "vote-recorded",
                    &[("vote", self.t(&format!("vote-{}", v.as_str())).into())]
                ))
            ));
        }
        let votes = Vote::ALL
            .into_iter()
            .map(|v| {
                Button::new(
                    marked(vote == Some(v), &self.t(&format!("vote-{}", v.as_str()))),
                    Callback::Vote {
                        statement: statement.id,
                        vote: v,
                    },
                )
            })
            .collect();
        Reply {
            text,
            buttons: vec![
                votes,
                self.with_write(
                    deck,
                    stage,
                    Button::new(self.t("deck-finish"), Callback::EndDeck { stage }),
                ),
            ],
        }
    }

    /// `last`, after a "Write a statement" button where the stage takes statements.
    fn with_write(&self, deck: &StatementStage, stage: usize, last: Button) -> Vec<Button> {
        let mut row = Vec::new();
        if deck.submissions {
            row.push(Button::new(self.t("deck-write"), Callback::Write { stage }));
        }
        row.push(last);
        row
    }

    /// The review: every question asked so far with its answer, a button to change each.
    fn review(&self, stage: usize, answers: &Answers) -> Reply {
        let c = self.consultation;
        let mut lines = vec![format!("<b>{}</b>", escape(&self.t("review-heading")))];
        let mut changes = Vec::new();
        for s in 0..stage {
            let mut item = 0;
            while let Some(Item::Question {
                question, round, ..
            }) = flow::item_at(c, s, item)
            {
                item += 1;
                if !flow::shown(c, answers, question, round)
                    || flow::frozen(c, &question.id, round, stage)
                {
                    continue;
                }
                let n = changes.len() + 1;
                let answer = match answers.get(&question.id, round) {
                    Some(value) => super::step::answer_label(self, question, value)
                        .unwrap_or_else(|| self.t("review-skipped")),
                    None => self.t("review-not-answered"),
                };
                let after = if round == 2 {
                    format!(" {}", self.t("review-after"))
                } else {
                    String::new()
                };
                lines.push(format!(
                    "{n}. {}{}\n    → <i>{}</i>",
                    self.text(&question.text),
                    escape(&after),
                    escape(&answer)
                ));
                changes.push(Button::new(
                    self.ta("review-change", &[("number", n.into())]),
                    Callback::Change {
                        question: question.id.clone(),
                        round,
                    },
                ));
            }
        }
        let mut buttons: Vec<Vec<Button>> = changes.chunks(5).map(<[Button]>::to_vec).collect();
        buttons.push(vec![Button::new(
            self.t("review-submit"),
            Callback::Submit { stage },
        )]);
        Reply {
            text: lines.join("\n\n"),
            buttons,
        }
    }

    pub fn closing(&self) -> Reply {
        let c = self.consultation;
        let thanks = match &c.closing {
            Some(text) => self.text(text),
            None => escape(&self.t("closing-default")),
        };
        Reply::text(format!("{thanks}\n\n{}", escape(&self.t("closing-next"))))
    }

    pub fn intro(&self) -> Option<Reply> {
        self.consultation
            .intro
            .as_ref()
            .map(|i| Reply::text(self.text(i)))
    }

    pub fn plain(&self, id: &str) -> Reply {
        Reply::text(escape(&self.t(id)))
    }
}

/// The language menu: the proposed language first, then the others in file order.
pub fn language_menu(c: &Consultation, proposed: Option<&Lang>) -> Reply {
    let prompt_lang = proposed.unwrap_or(&c.default_language);
    let ui = i18n::ui_language(prompt_lang.as_str());
    let id = if proposed.is_some() {
        "language-propose"
    } else {
        "language-choose"
    };
    let mut langs: Vec<&Lang> = Vec::new();
    if let Some(p) = proposed {
        langs.push(p);
    }
    langs.extend(c.languages.iter().filter(|l| Some(*l) != proposed));
    let buttons = langs
        .into_iter()
        .map(|l| {
            vec![Button::new(
                language_name(l),
                Callback::Language(l.0.clone()),
            )]
        })
        .collect();
    Reply {
        text: escape(&t(ui, id, &[])),
        buttons,
    }
}

/// A language's own name where assent has a locale for it, else its code.
pub fn language_name(lang: &Lang) -> String {
    let ui = i18n::ui_language(lang.as_str());
    if ui == lang.as_str() {
        t(ui, "language-button", &[])
    } else {
        lang.0.clone()
    }
}

/// A button label with a tick when it is the current choice.
fn marked(chosen: bool, label: &str) -> String {
    if chosen {
        format!("✓ {label}")
    } else {
        label.to_string()
    }
}
