//! The teloxide adapter: turns updates into engine inputs, stores the outcome in one
//! transaction, then performs the effects (outbox), and serves organizers and coordinators.

pub mod admin;
pub mod citizen;
pub mod deliver;
pub mod event;
pub mod moderation;
pub mod polling;
pub mod roles;
pub mod split;

use std::sync::Arc;

use sqlx::PgPool;
use teloxide::prelude::*;
use teloxide::types::Update;

use crate::store::pseudonym::PseudonymKey;
pub use roles::{Role, Roles};

#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    #[error("Telegram: {0}")]
    Telegram(#[from] teloxide::RequestError),
    #[error("downloading a file from Telegram: {0}")]
    Download(#[from] teloxide::DownloadError),
}

/// Everything a handler needs; shared by all updates.
pub struct App {
    pub bot: Bot,
    pub pool: PgPool,
    pub bot_id: i64,
    pub bot_username: String,
    pub key: PseudonymKey,
    pub roles: Roles,
}

impl App {
    pub async fn new(bot: Bot, pool: PgPool, roles: Roles) -> Result<Arc<App>, BotError> {
        let me = bot.get_me().await?;
        let key = PseudonymKey::load(&pool).await?;
        Ok(Arc::new(App {
            bot,
            pool,
            bot_id: i64::try_from(me.id.0).unwrap_or(i64::MAX),
            bot_username: me.username.clone().unwrap_or_default(),
            key,
            roles,
        }))
    }

    /// `t.me/<bot>?start=<code>`.
    pub fn invite_link(&self, code: &str) -> String {
        format!("https://t.me/{}?start={code}", self.bot_username)
    }
}

/// Handles one update. A panic or an error here is logged and contained: one broken update
/// never stops the bot or the participant's chat worker.
pub async fn handle_update(app: &Arc<App>, update: Update) {
    use futures_util::FutureExt;
    let id = update.id.0;
    let result = std::panic::AssertUnwindSafe(event::route(app, update))
        .catch_unwind()
        .await;
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::error!(update = id, error = %e, "update failed"),
        Err(_) => tracing::error!(update = id, "update handler panicked; continuing"),
    }
}

/// Aborts a task when dropped, so the background sender dies with the bot that owns it.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs the bot with long polling until Ctrl-C or SIGTERM (or until this future is dropped).
pub async fn run(app: Arc<App>) {
    let _sender = AbortOnDrop(tokio::spawn(deliver::run_background(app.clone())));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        stop_signal().await;
        tracing::info!("stopping: finishing the updates in hand (at most {GRACE_SECONDS} s)");
        let _ = stop_tx.send(true);
    });
    let stopping = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    // A graceful stop finishes the batch in hand; after the grace period the bot stops anyway
    // (its batch is not confirmed to Telegram, so it comes again at the next start).
    let forced = {
        let stopped = stopping(stop_rx.clone());
        async move {
            stopped.await;
            tokio::time::sleep(std::time::Duration::from_secs(GRACE_SECONDS)).await;
        }
    };
    tokio::select! {
        () = polling::poll(app, stopping(stop_rx)) => {}
        () = forced => tracing::warn!("stopped after {GRACE_SECONDS} s without finishing"),
    }
}

const GRACE_SECONDS: u64 = 10;

/// Ctrl-C or SIGTERM.
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        _ => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
