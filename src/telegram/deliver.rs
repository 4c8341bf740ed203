//! Performing queued effects against the Bot API, and the background sender that takes over
//! rows left behind by a crash or a temporary failure.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, MessageId, ParseMode,
};
use teloxide::{ApiError, RequestError};

use super::App;
use super::split::{LIMIT, split};
use crate::engine::callback::Callback;
use crate::engine::{Button, Effect};
use crate::store::outbox::{self, Pending};
use crate::store::{participants, updates};

/// Attempts before a message is given up (each waits longer).
const MAX_ATTEMPTS: i32 = 8;

pub async fn send_now(app: &Arc<App>, ids: &[i64]) {
    if ids.is_empty() {
        return;
    }
    match outbox::load(&app.pool, ids).await {
        Ok(rows) => deliver_all(app, rows).await,
        Err(e) => {
            tracing::warn!(error = %e, "outbox rows not loaded; the background sender will retry")
        }
    }
}

async fn deliver_all(app: &Arc<App>, rows: Vec<Pending>) {
    let mut sent = Vec::with_capacity(rows.len());
    for row in rows {
        match deliver(app, &row).await {
            Ok(true) => sent.push(row.id),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, outbox = row.id, "outbox bookkeeping failed"),
        }
    }
    if let Err(e) = outbox::mark_sent(&app.pool, &sent).await {
        tracing::warn!(error = %e, "could not mark messages as sent; they may be sent again");
    }
}

/// Sends one row; `Ok(true)` when it is done with, else records why not.
async fn deliver(app: &Arc<App>, row: &Pending) -> Result<bool, crate::store::StoreError> {
    let mut waits = 0;
    loop {
        match perform(app, row.chat_id, &row.effect).await {
            Ok(()) => return Ok(true),
            Err(RequestError::Api(ApiError::MessageNotModified)) => {
                tracing::debug!(outbox = row.id, "edit was a no-op");
                return Ok(true);
            }
            Err(RequestError::Api(
                e @ (ApiError::BotBlocked
                | ApiError::UserDeactivated
                | ApiError::CantInitiateConversation
                | ApiError::ChatNotFound),
            )) => {
                tracing::info!(outbox = row.id, error = %e, "participant unreachable");
                participants::mark_unreachable(&app.pool, row.chat_id).await?;
                outbox::mark_failed(&app.pool, row.id, &e.to_string()).await?;
                return Ok(false);
            }
            Err(RequestError::Api(
                e @ (ApiError::MessageToEditNotFound | ApiError::MessageCantBeEdited),
            )) => {
                tracing::debug!(outbox = row.id, error = %e, "edit target gone");
                outbox::mark_failed(&app.pool, row.id, &e.to_string()).await?;
                return Ok(false);
            }
            Err(RequestError::RetryAfter(secs)) if waits < 3 => {
                waits += 1;
                tokio::time::sleep(secs.duration()).await;
            }
            Err(e) => {
                let error = e.to_string();
                if row.attempts >= MAX_ATTEMPTS || matches!(e, RequestError::Api(_)) {
                    tracing::error!(outbox = row.id, error, "message given up");
                    outbox::mark_failed(&app.pool, row.id, &error).await?;
                    return Ok(false);
                }
                let backoff = f64::from(2u32.pow(row.attempts.clamp(0, 8) as u32)).min(300.0);
                tracing::warn!(outbox = row.id, error, backoff, "message will be retried");
                outbox::retry_later(&app.pool, row.id, backoff, &error).await?;
                return Ok(false);
            }
        }
    }
}

fn keyboard(rows: &[Vec<Button>]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.iter().map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.text.clone(), b.data.clone()))
            .collect::<Vec<_>>()
    }))
}

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

pub async fn perform(app: &Arc<App>, chat_id: i64, effect: &Effect) -> Result<(), RequestError> {
    let chat = ChatId(chat_id);
    match effect {
        Effect::Send { reply } => {
            let chunks = split(&reply.text, LIMIT);
            let last = chunks.len().saturating_sub(1);
            for (i, chunk) in chunks.into_iter().enumerate() {
                let mut request = app
                    .bot
                    .send_message(chat, chunk)
                    .parse_mode(ParseMode::Html)
                    .link_preview_options(no_preview());
                if i == last && !reply.buttons.is_empty() {
                    request = request.reply_markup(keyboard(&reply.buttons));
                }
                let sent = request.await?;
                if i == last && asks_a_question(&reply.buttons) {
                    note_prompt(app, chat_id, sent.id.0).await;
                }
            }
        }
        Effect::Edit { message_id, reply } => {
            // An edit cannot grow into two messages; answers shown in edits are short labels.
            let text = split(&reply.text, LIMIT)
                .into_iter()
                .next()
                .unwrap_or_default();
            let mut request = app
                .bot
                .edit_message_text(chat, MessageId(*message_id), text)
                .parse_mode(ParseMode::Html)
                .link_preview_options(no_preview());
            if !reply.buttons.is_empty() {
                request = request.reply_markup(keyboard(&reply.buttons));
            }
            request.await?;
        }
        Effect::EditButtons {
            message_id,
            buttons,
        } => {
            let mut request = app
                .bot
                .edit_message_reply_markup(chat, MessageId(*message_id));
            if !buttons.is_empty() {
                request = request.reply_markup(keyboard(buttons));
            }
            request.await?;
        }
        Effect::Toast { .. } => {}
    }
    Ok(())
}

/// Every second, takes over rows whose lease expired; every hour, prunes old update ids.
pub async fn run_background(app: Arc<App>) {
    let mut ticks: u64 = 0;
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        ticks += 1;
        match outbox::claim_expired(&app.pool, 200).await {
            Ok(rows) if !rows.is_empty() => {
                tracing::info!(count = rows.len(), "resending messages left unsent");
                deliver_all(&app, rows).await;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "outbox not readable"),
        }
        if ticks % 3600 == 1 {
            if let Err(e) = updates::prune(&app.pool).await {
                tracing::warn!(error = %e, "could not prune processed updates");
            }
            if let Err(e) = outbox::prune(&app.pool).await {
                tracing::warn!(error = %e, "could not prune the outbox");
            }
        }
    }
}

/// Whether these buttons answer a question (see `Callback::answers_a_question`).
fn asks_a_question(buttons: &[Vec<Button>]) -> bool {
    buttons
        .iter()
        .flatten()
        .filter_map(|b| Callback::decode(&b.data))
        .any(|cb| cb.answers_a_question())
}

/// Records the newest question prompt. Failing here only leaves older copies' buttons live a
/// little longer, so it is logged, not retried.
async fn note_prompt(app: &Arc<App>, chat_id: i64, message_id: i32) {
    if let Err(e) = participants::record_prompt(&app.pool, chat_id, message_id).await {
        tracing::warn!(error = %e, chat_id, "could not note the newest question prompt");
    }
}
