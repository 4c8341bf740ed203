//! Long polling that confirms an update to Telegram only once it has been handled.
//!
//! Telegram forgets every update below the `offset` of a getUpdates call. teloxide's own
//! polling asks for the next batch as soon as it has one, so a crash loses the updates it had
//! fetched but not yet handled: taps the participant saw no answer to. Here a batch is
//! handled completely (its transactions committed) before the next getUpdates confirms it, so
//! after a crash Telegram delivers the unfinished batch again; `processed_updates` skips what
//! was already stored.
//!
//! Within a batch, one chat's updates run in order and different chats run side by side.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use teloxide::RequestError;
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, Update};
use tokio::task::JoinSet;

use super::{App, handle_update};

/// Telegram's largest batch.
const BATCH: u8 = 100;
/// How long a getUpdates call waits for something to arrive: below teloxide's 17 s HTTP
/// timeout, or every quiet poll would fail.
const LONG_POLL_SECONDS: u32 = 10;
/// What the bot handles; Telegram does not send the rest.
const ALLOWED: [AllowedUpdate; 3] = [
    AllowedUpdate::Message,
    AllowedUpdate::EditedMessage,
    AllowedUpdate::CallbackQuery,
];
/// One stuck update (a lock never released, a Bot API call hanging) would hold up every chat
/// behind its batch; past this it is given up (its transaction rolls back) and logged.
const UPDATE_LIMIT: Duration = Duration::from_secs(60);
/// Longest pause between failed getUpdates calls.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Polls and handles updates until `stop` resolves. Returns once the batch in hand is
/// handled, so stopping never leaves an update half done.
pub async fn poll(app: Arc<App>, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    let mut offset: i32 = 0;
    let mut failures: u32 = 0;
    loop {
        let request = app
            .bot
            .get_updates()
            .offset(offset)
            .limit(BATCH)
            .timeout(LONG_POLL_SECONDS)
            .allowed_updates(ALLOWED.to_vec())
            .send();
        let updates = tokio::select! {
            () = &mut stop => return,
            result = request => result,
        };
        match updates {
            Ok(updates) => {
                failures = 0;
                let Some(last) = updates.last() else { continue };
                let next = last.id.as_offset();
                handle_batch(&app, updates).await;
                offset = next;
            }
            Err(e) => {
                let pause = pause_after(&e, failures);
                failures = failures.saturating_add(1);
                tracing::warn!(error = %e, retry_in_s = pause.as_secs_f32(), "getUpdates failed");
                tokio::select! {
                    () = &mut stop => return,
                    () = tokio::time::sleep(pause) => {}
                }
            }
        }
    }
}

/// Handles a batch: each chat's updates in order, chats side by side; returns when all are done.
async fn handle_batch(app: &Arc<App>, updates: Vec<Update>) {
    let mut queues: Vec<(Key, Vec<Update>)> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for update in updates {
        let key = Key::of(&update);
        let i = *index.entry(key).or_insert_with(|| {
            queues.push((key, Vec::new()));
            queues.len() - 1
        });
        queues[i].1.push(update);
    }
    let mut tasks = JoinSet::new();
    for (_, queue) in queues {
        let app = app.clone();
        tasks.spawn(async move {
            for update in queue {
                let id = update.id.0;
                if tokio::time::timeout(UPDATE_LIMIT, handle_update(&app, update))
                    .await
                    .is_err()
                {
                    tracing::error!(
                        update = id,
                        "update not handled within {UPDATE_LIMIT:?}; dropped"
                    );
                }
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        if let Err(e) = done {
            tracing::error!(error = %e, "a chat's updates stopped");
        }
    }
}

/// What orders updates: their chat, or their sender where there is no chat; an update with
/// neither depends on nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Chat(i64),
    User(u64),
    Alone(u32),
}

impl Key {
    fn of(update: &Update) -> Key {
        if let Some(chat) = update.chat() {
            Key::Chat(chat.id.0)
        } else if let Some(user) = update.from() {
            Key::User(user.id.0)
        } else {
            Key::Alone(update.id.0)
        }
    }
}

/// Telegram's own wait on 429; otherwise 1 s doubling up to 30 s.
fn pause_after(error: &RequestError, failures: u32) -> Duration {
    if let RequestError::RetryAfter(seconds) = error {
        return seconds.duration();
    }
    Duration::from_secs(1u64 << failures.min(5)).min(MAX_BACKOFF)
}
