//! A strict Telegram Bot API stand-in on loopback, for the demo and tests.
//!
//! The real bot runs against it unchanged (teloxide with
//! `Bot::new(token).set_api_url(url)`), while simulated users drive the other
//! side through a small sandbox-only HTTP API under `/sandbox/` (see
//! [`client`]). The sandbox is deliberately strict: whatever it accepts,
//! Telegram accepts, and it rejects with Telegram's own error shape and
//! descriptions so teloxide maps them to the same `ApiError` variants.
//!
//! Layout: [`html`] parses Telegram's HTML subset, `validate` holds the
//! limits, `types` builds Bot API JSON, `state` is the chat store and update
//! queue, `server` the routes, [`wire`] the user API's JSON shapes, [`client`]
//! a typed client for them.

pub mod client;
mod error;
pub mod html;
mod params;
mod server;
mod state;
mod types;
mod validate;
pub mod wire;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

pub use error::ApiError;
pub use wire::{
    ChatEntry, Event, EventButton, EventKind, MessageKind, NewUser, Pressed, SandboxStats, Sent,
    Side,
};

use state::State;

/// How the sandbox presents its bot.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxConfig {
    /// The token the bot must use; others get 401 Unauthorized.
    pub token: String,
    pub bot_username: String,
    pub bot_id: u64,
    /// Telegram throttles bots at roughly one message per second per chat;
    /// `Some(rate)` enforces `rate` messages per second per chat with 429
    /// and `retry_after`. `None` (the default) does not throttle.
    pub max_messages_per_second_per_chat: Option<f64>,
}

impl Default for SandboxConfig {
    fn default() -> SandboxConfig {
        SandboxConfig {
            token: "123456:sandbox-token".to_owned(),
            bot_username: "assent_sandbox_bot".to_owned(),
            bot_id: 123456,
            max_messages_per_second_per_chat: None,
        }
    }
}

struct Shared {
    token: String,
    state: Mutex<State>,
}

/// The sandbox server's state; cheap to clone, every clone is the same sandbox.
#[derive(Clone)]
pub struct Sandbox {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").finish_non_exhaustive()
    }
}

impl Sandbox {
    pub fn new(config: SandboxConfig) -> Sandbox {
        Sandbox {
            shared: Arc::new(Shared {
                token: config.token.clone(),
                state: Mutex::new(State::new(config)),
            }),
        }
    }

    /// Serves both APIs on `listener` until this future is dropped.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        axum::serve(listener, server::router(self)).await
    }

    pub fn stats(&self) -> SandboxStats {
        self.lock().stats.clone()
    }

    pub fn config(&self) -> SandboxConfig {
        self.lock().config.clone()
    }

    /// Updates created by users but not yet confirmed by the bot.
    pub fn pending_updates(&self) -> usize {
        self.lock().pending_updates()
    }

    /// The state lock. A panic while holding it cannot leave the state
    /// half-updated in a way that matters more than losing the sandbox, so a
    /// poisoned lock is simply taken over.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Binds 127.0.0.1 on a free port and serves the sandbox in a task.
pub async fn spawn(
    config: SandboxConfig,
) -> std::io::Result<(SocketAddr, Sandbox, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    let sandbox = Sandbox::new(config);
    let server = sandbox.clone();
    let handle = tokio::spawn(async move {
        if let Err(e) = server.serve(listener).await {
            tracing::error!(error = %e, "sandbox server stopped");
        }
    });
    Ok((addr, sandbox, handle))
}

/// The base URL to give teloxide's `set_api_url` and [`client::SandboxClient`].
pub fn base_url(addr: SocketAddr) -> String {
    format!("http://{addr}")
}
