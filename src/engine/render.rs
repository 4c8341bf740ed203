//! Prompts as participants see them: Telegram-flavoured HTML with every outside text escaped.

use super::callback::Callback;
use super::flow::Item;
use super::{Button, Reply};
use crate::consultation::{Card, Consultation, Id, Lang, Question, QuestionKind, Text};
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

    /// The prompt for an item; `stage_heading` when the item opens a stage.
    pub fn item(&self, stage: usize, item: &Item<'_>, selected: &[Id], opens_stage: bool) -> Reply {
        let mut head = String::new();
        if opens_stage && let Some(heading) = self.stage_heading(stage) {
            head = format!("<b>{heading}</b>\n\n");
        }
        let mut reply = match item {
            Item::Question { question, number } => self.question(question, *number, selected),
            Item::Card { card, number, of } => self.card(card, *number, *of),
        };
        reply.text = head + &reply.text;
        reply
    }

    fn stage_heading(&self, stage: usize) -> Option<String> {
        let c = self.consultation;
        let title = c.stages.get(stage)?.title.as_ref()?;
        Some(escape(&self.ta(
            "stage-heading",
            &[
                ("current", (stage + 1).into()),
                ("total", c.stages.len().into()),
                ("title", title.get(self.lang).into()),
            ],
        )))
    }

    fn question(&self, q: &Question, number: usize, selected: &[Id]) -> Reply {
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
                    buttons.push(vec![Button::new(o.text.get(self.lang).to_string(), cb)]);
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
                    buttons.push(vec![Button::new(
                        self.likert_label(*points, labels.as_deref(), point),
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
            _ => {}
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
