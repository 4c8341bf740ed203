//! `/moderate`, `/reject` and `/moderation`: organizers decide on participants' statements.
//!
//! A decision and the message telling the author are stored in one transaction (the message
//! goes through the outbox), so a crash cannot decide without telling or tell without deciding.
//! Deciding twice (a double tap, two organizers at once) changes nothing the second time.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, ParseMode};

use super::event::Sender;
use super::{App, BotError, deliver};
use crate::consultation::{Moderation, StageKind};
use crate::engine::render::escape;
use crate::engine::{Effect, Reply, Status};
use crate::i18n::{self, Arg, t};
use crate::store::{consultations, outbox, statements};

/// Callback data of the moderation buttons; the citizen codes never start with a capital.
const APPROVE: &str = "M:a:";
const REJECT: &str = "M:r:";

pub fn is_moderation_data(data: &str) -> bool {
    data.starts_with("M:")
}

fn ui(sender: &Sender) -> &'static str {
    i18n::ui_language(sender.language.as_deref().unwrap_or("en"))
}

async fn say(app: &Arc<App>, sender: &Sender, text: &str) -> Result<(), BotError> {
    app.bot
        .send_message(ChatId(sender.chat_id), escape(text))
        .parse_mode(ParseMode::Html)
        .await?;
    Ok(())
}

/// Shows the oldest statement waiting for a decision, or says there is none.
pub async fn next(app: &Arc<App>, sender: &Sender) -> Result<(), BotError> {
    let lang = ui(sender);
    let Some(p) = statements::next_pending(&app.pool).await? else {
        return say(app, sender, &t(lang, "moderate-empty", &[])).await;
    };
    let head = t(
        lang,
        "moderate-card",
        &[
            ("id", Arg::Num(p.id)),
            ("slug", Arg::Str(&p.slug)),
            ("stage", Arg::Str(&p.stage_id)),
            ("language", Arg::Str(&p.language)),
            ("remaining", Arg::Num(p.remaining)),
        ],
    );
    let hint = t(lang, "moderate-reject-hint", &[("id", Arg::Num(p.id))]);
    let text = format!(
        "<i>{}</i>\n\n<b>{}</b>\n\n{}",
        escape(&head),
        escape(&p.text),
        escape(&hint)
    );
    let buttons = InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback(
            t(lang, "moderate-approve", &[]),
            format!("{APPROVE}{}", p.id),
        ),
        InlineKeyboardButton::callback(
            t(lang, "moderate-reject", &[]),
            format!("{REJECT}{}", p.id),
        ),
    ]]);
    app.bot
        .send_message(ChatId(sender.chat_id), text)
        .parse_mode(ParseMode::Html)
        .reply_markup(buttons)
        .await?;
    Ok(())
}

/// An approve or reject button from a moderation card.
pub async fn button(
    app: &Arc<App>,
    sender: &Sender,
    q: &CallbackQuery,
    data: &str,
) -> Result<(), BotError> {
    let (approve, id) = match (data.strip_prefix(APPROVE), data.strip_prefix(REJECT)) {
        (Some(id), _) => (true, id.parse::<i64>().ok()),
        (_, Some(id)) => (false, id.parse::<i64>().ok()),
        _ => (false, None),
    };
    let _ = app.bot.answer_callback_query(q.id.clone()).await;
    let Some(id) = id else {
        return Ok(());
    };
    if let Some(message) = &q.message {
        // The card's buttons go; the outcome follows as a message of its own.
        let _ = app
            .bot
            .edit_message_reply_markup(message.chat().id, message.id())
            .await;
    }
    decide(app, sender, id, approve, None).await?;
    next(app, sender).await
}

/// `/reject ID REASON…`
pub async fn reject_command(
    app: &Arc<App>,
    sender: &Sender,
    args: &[String],
) -> Result<(), BotError> {
    let lang = ui(sender);
    let Some(id) = args
        .first()
        .and_then(|a| a.trim_start_matches('#').parse::<i64>().ok())
    else {
        return say(app, sender, &t(lang, "moderate-usage-reject", &[])).await;
    };
    let reason = args[1..].join(" ");
    let reason = reason.trim();
    let reason = (!reason.is_empty()).then_some(reason);
    decide(app, sender, id, false, reason).await
}

/// Stores the decision with the author's notice and the organizer's confirmation, then sends
/// both.
async fn decide(
    app: &Arc<App>,
    sender: &Sender,
    id: i64,
    approve: bool,
    reason: Option<&str>,
) -> Result<(), BotError> {
    let lang = ui(sender);
    let actor = i64::try_from(sender.id).unwrap_or(i64::MAX);
    let mut tx = app.pool.begin().await?;
    let Some(decided) = statements::decide(&mut tx, id, approve, reason, actor).await? else {
        tx.rollback().await?;
        let why = if statements::is_written(&app.pool, id).await? {
            "moderate-already"
        } else {
            "moderate-unknown"
        };
        return say(app, sender, &t(lang, why, &[("id", Arg::Num(id))])).await;
    };
    // The organizer's confirmation goes through the outbox too: after a crash it still comes,
    // so what the organizer sees always matches what is stored.
    let done = if approve {
        "moderate-approved"
    } else {
        "moderate-rejected"
    };
    let confirmation = Effect::Send {
        reply: Reply::text(escape(&t(lang, done, &[("id", Arg::Num(id))]))),
    };
    let mut queued = outbox::enqueue(&mut tx, sender.chat_id, &[confirmation]).await?;
    if let Some(chat) = decided.chat_id {
        let author = i18n::ui_language(&decided.language);
        let (rejected, rejected_reason) = if decided.was_approved {
            ("statement-removed", "statement-removed-reason")
        } else {
            ("statement-rejected", "statement-rejected-reason")
        };
        let text = match (&decided.status, &decided.reason) {
            (Status::Approved, _) => t(
                author,
                "statement-approved",
                &[("statement", Arg::Str(&decided.text))],
            ),
            (_, Some(reason)) => t(
                author,
                rejected_reason,
                &[
                    ("statement", Arg::Str(&decided.text)),
                    ("reason", Arg::Str(reason)),
                ],
            ),
            (_, None) => t(author, rejected, &[("statement", Arg::Str(&decided.text))]),
        };
        let notice = Effect::Send {
            reply: Reply::text(escape(&text)),
        };
        queued.extend(outbox::enqueue(&mut tx, chat, &[notice]).await?);
    }
    sqlx::query("INSERT INTO audit_log (actor, action, detail) VALUES ($1, $2, $3)")
        .bind(actor)
        .bind(if approve { "approve" } else { "reject" })
        .bind(serde_json::json!({ "statement": id, "reason": reason }))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    deliver::send_now(app, &queued).await;
    Ok(())
}

/// `/moderation SLUG STAGE strict|lenient|off`: the rule for switching mid-run is in
/// docs/consultation-file.md ("Changing moderation while open").
pub async fn set_mode(app: &Arc<App>, sender: &Sender, args: &[String]) -> Result<(), BotError> {
    let lang = ui(sender);
    let (Some(slug), Some(stage), Some(mode)) = (args.first(), args.get(1), args.get(2)) else {
        return say(app, sender, &t(lang, "moderation-usage", &[])).await;
    };
    let mode = match mode.as_str() {
        "strict" => Moderation::Strict,
        "lenient" => Moderation::Lenient,
        "off" => Moderation::Off,
        _ => return say(app, sender, &t(lang, "moderation-usage", &[])).await,
    };
    let Some(mut stored) = consultations::by_slug(&app.pool, slug).await? else {
        return say(
            app,
            sender,
            &t(lang, "consultation-unknown", &[("slug", Arg::Str(slug))]),
        )
        .await;
    };
    let target = stored
        .definition
        .stages
        .iter_mut()
        .find(|s| s.id.as_str() == stage.as_str())
        .and_then(|s| match &mut s.kind {
            StageKind::Statements(deck) => Some(deck),
            _ => None,
        });
    let Some(deck) = target else {
        return say(
            app,
            sender,
            &t(
                lang,
                "moderation-unknown-stage",
                &[("slug", Arg::Str(slug)), ("stage", Arg::Str(stage))],
            ),
        )
        .await;
    };
    deck.moderation = mode;
    consultations::replace_definition(&app.pool, stored.id, &stored.definition).await?;
    let name = args[2].as_str();
    say(
        app,
        sender,
        &t(
            lang,
            "moderation-changed",
            &[
                ("slug", Arg::Str(slug)),
                ("stage", Arg::Str(stage)),
                ("mode", Arg::Str(name)),
            ],
        ),
    )
    .await
}
