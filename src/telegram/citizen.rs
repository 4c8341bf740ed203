//! The citizen's flow: one transaction per update (dedupe, lock, engine, records, outbox), then
//! the callback answer and the queued messages, strictly after commit.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::CallbackQueryId;

use super::event::Sender;
use super::{App, BotError, deliver};
use crate::engine::{self, Context, Effect, Input, Record, Reply, render::escape};
use crate::i18n::{self, t};
use crate::store::consultations::{self, Status, Stored};
use crate::store::{Tx, answers, outbox, participants, statements, updates};

pub enum Turn {
    /// `/start`, with the deep-link payload if any.
    Start(Option<String>),
    Help,
    Input(Input),
}

pub async fn handle(
    app: &Arc<App>,
    update_id: i64,
    sender: &Sender,
    turn: Turn,
    query: Option<&CallbackQueryId>,
) -> Result<(), BotError> {
    let staff_help = matches!(turn, Turn::Help) && app.roles.is_staff(sender.id);
    let result = decide(app, update_id, sender, turn).await;
    let (toast, ids) = match result {
        Ok(done) => done,
        Err(e) => {
            // The transaction rolled back: nothing was stored, so say so instead of going silent.
            tracing::error!(error = %e, "could not process an update; nothing stored");
            let ui = i18n::ui_language(sender.language.as_deref().unwrap_or("en"));
            if let Some(q) = query {
                answer_callback(app, q, "").await?;
            }
            app.bot
                .send_message(ChatId(sender.chat_id), t(ui, "error-try-later", &[]))
                .await?;
            return Ok(());
        }
    };
    if let Some(q) = query {
        answer_callback(app, q, &toast.unwrap_or_default()).await?;
    }
    deliver::send_now(app, &ids).await;
    if staff_help {
        super::admin::send_staff_help(app, sender).await?;
    }
    Ok(())
}

pub async fn answer_callback(
    app: &Arc<App>,
    query: &CallbackQueryId,
    text: &str,
) -> Result<(), BotError> {
    let mut request = app.bot.answer_callback_query(query.clone());
    if !text.is_empty() {
        request = request.text(text);
    }
    match request.await {
        Ok(_) => Ok(()),
        // An expired query is normal after a restart; the effects still go out.
        Err(e) => {
            tracing::debug!(error = %e, "callback query could not be answered");
            Ok(())
        }
    }
}

/// Runs the whole decision in one transaction and returns the toast and the queued outbox rows.
async fn decide(
    app: &Arc<App>,
    update_id: i64,
    sender: &Sender,
    turn: Turn,
) -> Result<(Option<String>, Vec<i64>), BotError> {
    let mut tx = app.pool.begin().await?;
    if !updates::claim(&mut tx, app.bot_id, update_id).await? {
        tracing::debug!(update_id, "update already processed");
        tx.rollback().await?;
        return Ok((None, vec![]));
    }
    let (stored, input) = match find_consultation(&mut tx, sender, turn).await? {
        Ok(found) => found,
        Err(hint) => {
            let ids = outbox::enqueue(&mut tx, sender.chat_id, &[hint]).await?;
            tx.commit().await?;
            return Ok((None, ids));
        }
    };
    let pseudonym = app.key.pseudonym(stored.id, sender.id);
    let participant = participants::lock_or_create(&mut tx, stored.id, &pseudonym).await?;
    participants::link_contact(&mut tx, participant.id, sender.chat_id).await?;
    let latest_prompt = participants::set_session(&mut tx, sender.chat_id, stored.id).await?;
    let consultation = &stored.definition;
    // Answers and statements matter only once someone takes part; before that, skip the reads.
    let (answers, deck) = if participant.state.has_consented() {
        (
            answers::of_participant(&mut *tx, participant.id).await?,
            statements::deck(&mut *tx, stored.id, participant.id).await?,
        )
    } else {
        (engine::Answers::new(), engine::Deck::default())
    };
    let ctx = Context {
        consultation,
        open: stored.status == Status::Open,
        telegram_language: sender.language.as_deref(),
        answers: &answers,
        deck: &deck,
        seed: seed_of(&pseudonym),
        latest_prompt,
    };
    let outcome = engine::step(&ctx, &participant.state, input);
    let language = outcome
        .state
        .language
        .clone()
        .unwrap_or_else(|| consultation.default_language.clone());
    if outcome.records.contains(&Record::Forgotten) {
        participants::forget(&mut tx, participant.id, sender.chat_id).await?;
        let ids =
            outbox::enqueue(&mut tx, sender.chat_id, &without_toasts(outcome.effects).1).await?;
        tx.commit().await?;
        return Ok((None, ids));
    }
    for record in &outcome.records {
        store_record(
            &mut tx,
            stored.id,
            participant.id,
            language.as_str(),
            record,
        )
        .await?;
    }
    participants::save_state(&mut tx, participant.id, &outcome.state).await?;
    let (toast, effects) = without_toasts(outcome.effects);
    let ids = outbox::enqueue(&mut tx, sender.chat_id, &effects).await?;
    tx.commit().await?;
    Ok((toast, ids))
}

async fn store_record(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    participant_id: i64,
    language: &str,
    record: &Record,
) -> Result<(), BotError> {
    match record {
        Record::Answer {
            question,
            round,
            value,
        } => {
            answers::record(
                tx,
                consultation_id,
                participant_id,
                question.as_str(),
                *round,
                value,
                language,
            )
            .await?
        }
        Record::Cleared { question, round } => {
            answers::clear(tx, participant_id, question.as_str(), *round).await?
        }
        Record::Vote { statement, vote } => {
            statements::vote(tx, consultation_id, participant_id, *statement, *vote).await?;
        }
        Record::Statement {
            stage,
            text,
            language,
            status,
        } => {
            statements::submit(
                tx,
                consultation_id,
                participant_id,
                stage.as_str(),
                text,
                language.as_str(),
                *status,
            )
            .await?;
        }
        other => participants::apply(tx, participant_id, other).await?,
    }
    Ok(())
}

/// A stable number per participant, so first cards differ between people.
fn seed_of(pseudonym: &str) -> u64 {
    pseudonym.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Splits off the callback answer, which is not queued: it is only valid for a few seconds.
fn without_toasts(effects: Vec<Effect>) -> (Option<String>, Vec<Effect>) {
    let mut toast = None;
    let mut rest = Vec::with_capacity(effects.len());
    for effect in effects {
        match effect {
            Effect::Toast { text } => toast = Some(text),
            other => rest.push(other),
        }
    }
    (toast, rest)
}

/// The consultation this turn is about, or the hint to send when there is none.
async fn find_consultation(
    tx: &mut Tx<'_>,
    sender: &Sender,
    turn: Turn,
) -> Result<Result<(Stored, Input), Effect>, BotError> {
    let ui = i18n::ui_language(sender.language.as_deref().unwrap_or("en"));
    let hint = |id: &str| Effect::Send {
        reply: Reply::text(escape(&t(ui, id, &[]))),
    };
    let (invite, input) = match turn {
        Turn::Start(code) => (code, Input::Start),
        Turn::Help => (None, Input::Help),
        Turn::Input(input) => (None, input),
    };
    if let Some(code) = invite {
        return Ok(match consultations::by_invite(&mut **tx, &code).await? {
            Some(stored) => Ok((stored, input)),
            None => Err(hint("hint-invalid-invite")),
        });
    }
    let session = participants::session(&mut **tx, sender.chat_id).await?;
    let stored = match session {
        Some(id) => consultations::by_id(&mut **tx, id).await?,
        None => None,
    };
    Ok(match (stored, &input) {
        (Some(stored), _) => Ok((stored, input)),
        (None, Input::Help) => Err(hint("help-citizen")),
        (None, _) => Err(hint("hint-need-invite")),
    })
}
