//! A whole bot for tests: the real bot (the same code `assent serve` runs) against the sandbox,
//! on a fresh database, with helpers for an organizer and citizens.

use std::time::Duration;

use assent::sandbox::client::SandboxClient;
use assent::sandbox::{self, Event, EventKind, NewUser, SandboxConfig};
use assent::telegram::{self, App, Roles};
use teloxide::Bot;

pub const ORGANIZER: i64 = 1_000;

pub struct World {
    pub db: super::TestDb,
    pub client: SandboxClient,
    api_url: String,
    token: String,
    bot: tokio::sync::Mutex<tokio::task::JoinHandle<()>>,
}

impl World {
    pub async fn new() -> World {
        let db = super::fresh_db().await;
        let bot_id: u64 = rand::random_range(1_000_000..9_000_000_000);
        let config = SandboxConfig {
            token: format!("{bot_id}:test"),
            bot_id,
            ..SandboxConfig::default()
        };
        let token = config.token.clone();
        let (addr, _sandbox, _server) = sandbox::spawn(config).await.expect("sandbox starts");
        let api_url = sandbox::base_url(addr);
        let client = SandboxClient::new(api_url.clone());
        let bot = start_bot(&api_url, &token, &db).await;
        World {
            db,
            client,
            api_url,
            token,
            bot: tokio::sync::Mutex::new(bot),
        }
    }

    /// Kills the bot without a goodbye (its task is dropped mid-flight) and starts a new one.
    pub async fn crash_and_restart(&self) {
        let mut bot = self.bot.lock().await;
        bot.abort();
        let _ = (&mut *bot).await;
        *bot = start_bot(&self.api_url, &self.token, &self.db).await;
    }

    /// Uploads the file as the organizer, opens it, and returns the invite code.
    pub async fn open(&self, source: &str, slug: &str) -> String {
        let mut after = 0;
        let mut org = NewUser::new(ORGANIZER, "Organizer");
        org.language_code = Some("en".into());
        self.client.register_user(&org).await.unwrap();
        self.client
            .send_document(ORGANIZER, "c.toml", "application/toml", source.as_bytes())
            .await
            .unwrap();
        let saved = next(&self.client, ORGANIZER, &mut after, EventKind::Message).await;
        assert!(
            saved
                .plain_text
                .starts_with(&format!("Saved \"{slug}\" as a draft")),
            "{}",
            saved.plain_text
        );
        self.client
            .send_text(ORGANIZER, &format!("/open {slug}"))
            .await
            .unwrap();
        let opened = next(&self.client, ORGANIZER, &mut after, EventKind::Message).await;
        let code = opened
            .plain_text
            .split("?start=")
            .nth(1)
            .expect("invite link")
            .trim()
            .to_string();
        assert_eq!(code.len(), 12, "{}", opened.plain_text);
        code
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }
}

async fn start_bot(api_url: &str, token: &str, db: &super::TestDb) -> tokio::task::JoinHandle<()> {
    let bot = Bot::new(token).set_api_url(api_url.parse().unwrap());
    let app = App::new(bot, db.pool.clone(), Roles::admins(&[ORGANIZER as u64]))
        .await
        .expect("bot starts");
    tokio::spawn(telegram::run(app))
}

/// The next event of `kind` in `user`'s chat after `after`; fails the test after 15 s.
pub async fn next(client: &SandboxClient, user: i64, after: &mut u64, kind: EventKind) -> Event {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no {kind:?} for user {user} after seq {after}"
        );
        for ev in client
            .events(user, *after, Duration::from_secs(5))
            .await
            .unwrap()
        {
            *after = (*after).max(ev.seq);
            if ev.kind == kind {
                return ev;
            }
        }
    }
}

/// A citizen's side of the chat, with helpers that wait for the bot.
pub struct Citizen<'a> {
    pub w: &'a World,
    pub id: i64,
    pub after: u64,
}

impl<'a> Citizen<'a> {
    pub async fn join(w: &'a World, id: i64, language: &str) -> Citizen<'a> {
        let mut user = NewUser::new(id, "Citizen");
        user.language_code = Some(language.to_string());
        w.client.register_user(&user).await.unwrap();
        Citizen { w, id, after: 0 }
    }
    pub async fn say(&mut self, text: &str) -> Event {
        self.w.client.send_text(self.id, text).await.unwrap();
        self.message().await
    }
    pub async fn message(&mut self) -> Event {
        next(&self.w.client, self.id, &mut self.after, EventKind::Message).await
    }
    pub async fn press(&mut self, ev: &Event, data: &str) {
        self.w
            .client
            .press(self.id, ev.message_id, data)
            .await
            .unwrap();
    }
    /// The callback answers (toasts) shown since `since`.
    pub async fn toasts_since(&self, since: u64) -> Vec<String> {
        let events = self
            .w
            .client
            .events(self.id, since, Duration::ZERO)
            .await
            .unwrap();
        events
            .into_iter()
            .filter(|e| e.kind == EventKind::CallbackAnswer)
            .map(|e| e.text)
            .collect()
    }
    pub async fn press_for_message(&mut self, ev: &Event, data: &str) -> Event {
        self.press(ev, data).await;
        self.message().await
    }
}

/// Waits until `check` holds, looking every 20 ms; fails the test with `what` after 10 s.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
