//! Everything the sandbox knows: users and their chats with the bot, the
//! update queue, callback queries and files.
//!
//! All of it lives behind one `std::sync::Mutex` in [`super::Shared`]; every
//! operation here is synchronous and short, so the lock is never held across
//! an await. Waiters (getUpdates, user event polls) are woken through
//! `tokio::sync::Notify` after the state changed, and always re-check the
//! state under the lock, so no wake-up can be lost.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use serde_json::{Value, json};
use tokio::sync::Notify;

use super::SandboxConfig;
use super::error::ApiError;
use super::html::{Entity, EntityKind, Parsed};
use super::params::{Params, Upload};
use super::types::{
    SimUser, StoredMessage, file_json, file_meta, guess_mime, me_json, message_json, user_json,
};
use super::validate::{
    self, ButtonAction, Keyboard, MAX_CALLBACK_ANSWER_UTF16, MAX_TEXT_UTF16, Markup, TextUse,
    utf16_len,
};
use super::wire::{
    ChatEntry, Event, EventButton, EventKind, MessageKind, NewUser, Pressed, SandboxStats, Sent,
    Side,
};

/// Largest file a bot may download with getFile (Telegram: 20 MB).
const MAX_DOWNLOAD_BYTES: usize = 20 * 1024 * 1024;

/// Update ids follow a clock of 100 ms ticks since 2025-01-01, and never go
/// below it: a sandbox started later therefore starts above the ids an
/// earlier run handed out (unless that run averaged more than ten updates a
/// second over its whole life), so a database that remembers update ids does
/// not see old ids again. The clock wraps before 2^31 (around October 2031),
/// leaving 2^24 ids of headroom, so ids fit teloxide's `u32` and a signed
/// 32-bit column.
const UPDATE_CLOCK_EPOCH_MS: u128 = 1_735_689_600_000;
const UPDATE_CLOCK_TICK_MS: u128 = 100;
const UPDATE_CLOCK_WRAP: u128 = (i32::MAX as u128) - (1 << 24);

fn update_clock() -> u64 {
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let ticks = now_ms.saturating_sub(UPDATE_CLOCK_EPOCH_MS) / UPDATE_CLOCK_TICK_MS;
    (ticks % UPDATE_CLOCK_WRAP) as u64 + 1
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A token bucket per chat for the optional rate limit.
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// The private chat between the bot and one simulated user.
pub struct Chat {
    pub user: SimUser,
    pub blocked: bool,
    /// Telegram only lets a bot write to users who wrote to it first.
    pub has_written: bool,
    /// Message ids are 1, 2, 3… per chat, so `messages[id - 1]` is message `id`.
    pub messages: Vec<StoredMessage>,
    pub events: Vec<Event>,
    pub notify: Arc<Notify>,
    bucket: Option<Bucket>,
}

impl Chat {
    fn message(&self, message_id: i64) -> Option<&StoredMessage> {
        let index = usize::try_from(message_id.checked_sub(1)?).ok()?;
        self.messages.get(index)
    }

    fn message_mut(&mut self, message_id: i64) -> Option<&mut StoredMessage> {
        let index = usize::try_from(message_id.checked_sub(1)?).ok()?;
        self.messages.get_mut(index)
    }

    fn next_message_id(&self) -> i64 {
        self.messages.len() as i64 + 1
    }
}

struct PendingUpdate {
    id: u64,
    kind: &'static str,
    json: Value,
    delivered: bool,
}

struct CallbackRecord {
    answered: bool,
    chat_id: i64,
    message_id: i64,
}

/// A file known to the sandbox: uploaded by a user or sent by the bot.
#[derive(Clone)]
pub struct FileRecord {
    pub file_id: String,
    pub file_unique_id: String,
    pub file_path: String,
    pub file_name: Option<String>,
    pub mime_type: Option<String>,
    pub bytes: Bytes,
}

/// What a simulated user sends.
pub enum UserContent {
    Text(String),
    Sticker,
    Photo,
    Voice,
    Location {
        latitude: f64,
        longitude: f64,
    },
    Document {
        file_name: String,
        mime_type: String,
        bytes: Bytes,
        caption: Option<String>,
    },
}

pub struct State {
    pub config: SandboxConfig,
    pub updates_notify: Arc<Notify>,
    chats: HashMap<i64, Chat>,
    updates: VecDeque<PendingUpdate>,
    last_update_id: u64,
    allowed_updates: Option<Vec<String>>,
    /// Bumped by every getUpdates; an older long poll that sees a newer
    /// generation answers 409 like Telegram does for two bot instances.
    pub poll_generation: u64,
    callbacks: HashMap<String, CallbackRecord>,
    files: HashMap<String, FileRecord>,
    file_paths: HashMap<String, String>,
    counter: u64,
    event_seq: u64,
    commands: Vec<(String, String)>,
    /// Distinguishes ids (files, callback queries) of different sandboxes.
    nonce: u32,
    pub stats: SandboxStats,
}

fn user_error(description: impl Into<String>) -> ApiError {
    ApiError::new(400, description)
}

fn buttons_of(keyboard: &Option<Keyboard>) -> Vec<Vec<EventButton>> {
    keyboard
        .iter()
        .flatten()
        .map(|row| {
            row.iter()
                .map(|b| match &b.action {
                    ButtonAction::CallbackData(d) => EventButton {
                        text: b.text.clone(),
                        data: Some(d.clone()),
                        url: None,
                    },
                    ButtonAction::Url(u) => EventButton {
                        text: b.text.clone(),
                        data: None,
                        url: Some(u.clone()),
                    },
                })
                .collect()
        })
        .collect()
}

/// Telegram marks a leading `/command` (optionally `@botname`) as bot_command.
fn command_entities(text: &str) -> Vec<Entity> {
    let Some(rest) = text.strip_prefix('/') else {
        return Vec::new();
    };
    let token = rest.split(char::is_whitespace).next().unwrap_or("");
    let (name, mention) = match token.split_once('@') {
        Some((name, mention)) => (name, Some(mention)),
        None => (token, None),
    };
    let name_ok = (1..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let mention_ok = mention
        .is_none_or(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    if !name_ok || !mention_ok {
        return Vec::new();
    }
    vec![Entity {
        kind: EntityKind::BotCommand,
        offset: 0,
        length: utf16_len(token) + 1,
    }]
}

/// Method names are case-insensitive in the Bot API (teloxide sends both
/// "sendMessage" and "SendMessage"); stats use the documented spelling.
pub fn canonical_method(name: &str) -> String {
    const KNOWN: &[&str] = &[
        "getMe",
        "getUpdates",
        "deleteWebhook",
        "getWebhookInfo",
        "setMyCommands",
        "getMyCommands",
        "deleteMyCommands",
        "sendChatAction",
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "answerCallbackQuery",
        "sendDocument",
        "getFile",
    ];
    KNOWN
        .iter()
        .find(|known| known.eq_ignore_ascii_case(name))
        .map(|known| (*known).to_owned())
        .unwrap_or_else(|| name.to_owned())
}

impl State {
    pub fn new(config: SandboxConfig) -> State {
        State {
            config,
            updates_notify: Arc::new(Notify::new()),
            chats: HashMap::new(),
            updates: VecDeque::new(),
            last_update_id: 0,
            allowed_updates: None,
            poll_generation: 0,
            callbacks: HashMap::new(),
            files: HashMap::new(),
            file_paths: HashMap::new(),
            counter: 0,
            event_seq: 0,
            commands: Vec::new(),
            nonce: rand::random::<u32>() & 0x00ff_ffff,
            stats: SandboxStats::default(),
        }
    }

    fn next_counter(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    // ---------------------------------------------------------------- updates

    fn push_update(&mut self, kind: &'static str, payload: Value) -> u64 {
        let id = (self.last_update_id + 1).max(update_clock());
        self.last_update_id = id;
        let mut json = json!({ "update_id": id });
        json[kind] = payload;
        self.updates.push_back(PendingUpdate {
            id,
            kind,
            json,
            delivered: false,
        });
        self.stats.updates_created += 1;
        self.updates_notify.notify_waiters();
        id
    }

    /// getUpdates' `offset`: confirms (forgets) every earlier update.
    pub fn confirm(&mut self, offset: i64) {
        if offset < 0 {
            let keep = offset.unsigned_abs() as usize;
            while self.updates.len() > keep {
                self.updates.pop_front();
            }
        } else {
            let offset = offset as u64;
            while self.updates.front().is_some_and(|u| u.id < offset) {
                self.updates.pop_front();
            }
        }
    }

    pub fn set_allowed_updates(&mut self, allowed: Vec<String>) {
        self.allowed_updates = if allowed.is_empty() {
            None
        } else {
            Some(allowed)
        };
    }

    /// Up to `limit` pending updates, oldest first. Kinds the bot did not
    /// ask for are dropped, as Telegram never stores them.
    pub fn take_batch(&mut self, limit: usize) -> Vec<Value> {
        if let Some(allowed) = &self.allowed_updates {
            self.updates.retain(|u| allowed.iter().any(|a| a == u.kind));
        }
        let mut batch = Vec::new();
        for update in self.updates.iter_mut().take(limit) {
            if !update.delivered {
                update.delivered = true;
                self.stats.updates_delivered += 1;
            }
            batch.push(update.json.clone());
        }
        batch
    }

    // ------------------------------------------------------------------ chats

    fn push_event(&mut self, chat_id: i64, mut event: Event) {
        self.event_seq += 1;
        event.seq = self.event_seq;
        if let Some(chat) = self.chats.get_mut(&chat_id) {
            chat.events.push(event);
            chat.notify.notify_waiters();
        }
    }

    /// Finds the chat a bot method addresses, rejecting like Telegram.
    fn bot_chat(&self, params: &Params) -> Result<i64, ApiError> {
        let Some(raw) = params.string("chat_id") else {
            return Err(ApiError::bad_request("chat_id is empty"));
        };
        // "@username" only resolves for public chats, never for users.
        let chat_id = raw
            .trim()
            .parse::<i64>()
            .map_err(|_| ApiError::chat_not_found())?;
        let chat = self
            .chats
            .get(&chat_id)
            .ok_or_else(ApiError::chat_not_found)?;
        // The bot cannot know a user who never wrote to it.
        if !chat.has_written {
            return Err(ApiError::chat_not_found());
        }
        if chat.blocked {
            return Err(ApiError::blocked());
        }
        Ok(chat_id)
    }

    fn check_rate(&mut self, chat_id: i64) -> Result<(), ApiError> {
        let Some(rate) = self.config.max_messages_per_second_per_chat else {
            return Ok(());
        };
        if rate <= 0.0 || !rate.is_finite() {
            return Ok(());
        }
        let Some(chat) = self.chats.get_mut(&chat_id) else {
            return Ok(());
        };
        // Capacity of at least one message, so a rate below 1/s still allows
        // the first message at once.
        let capacity = rate.max(1.0);
        let now = Instant::now();
        let bucket = chat.bucket.get_or_insert(Bucket {
            tokens: capacity,
            last: now,
        });
        let elapsed = now.duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / rate).ceil().max(1.0) as u64;
            Err(ApiError::too_many_requests(wait))
        }
    }

    fn message_to_edit(&self, params: &Params) -> Result<(i64, i64), ApiError> {
        if params.has("inline_message_id") {
            return Err(ApiError::bad_request("MESSAGE_ID_INVALID"));
        }
        let chat_id = self.bot_chat(params)?;
        let message_id = params
            .int("message_id")?
            .ok_or_else(|| ApiError::bad_request("message identifier is not specified"))?;
        let chat = self
            .chats
            .get(&chat_id)
            .ok_or_else(ApiError::chat_not_found)?;
        let message = chat
            .message(message_id)
            .ok_or_else(|| ApiError::bad_request("message to edit not found"))?;
        if !message.from_bot {
            return Err(ApiError::bad_request("message can't be edited"));
        }
        Ok((chat_id, message_id))
    }

    fn markup_param(params: &Params) -> Result<Markup, ApiError> {
        let value = params
            .json("reply_markup")
            .map_err(|_| ApiError::bad_request("can't parse reply keyboard markup JSON object"))?;
        validate::reply_markup(value.as_ref())
    }

    fn message_json_of(&self, chat_id: i64, message_id: i64) -> Value {
        match self.chats.get(&chat_id) {
            Some(chat) => match chat.message(message_id) {
                Some(msg) => message_json(&self.config, &chat.user, msg),
                None => Value::Null,
            },
            None => Value::Null,
        }
    }

    // ------------------------------------------------------------ bot methods

    /// Runs a Bot API method other than getUpdates. `None`: no such method.
    pub fn call(&mut self, method: &str, params: &Params) -> Option<Result<Value, ApiError>> {
        let result = match method.to_ascii_lowercase().as_str() {
            "getme" => Ok(me_json(&self.config)),
            "deletewebhook" => {
                if params.bool("drop_pending_updates") {
                    self.updates.clear();
                }
                Ok(json!(true))
            }
            "getwebhookinfo" => Ok(json!({
                "url": "",
                "has_custom_certificate": false,
                "pending_update_count": self.updates.len(),
            })),
            "setmycommands" => self.set_my_commands(params),
            "getmycommands" => Ok(Value::Array(
                self.commands
                    .iter()
                    .map(|(c, d)| json!({ "command": c, "description": d }))
                    .collect(),
            )),
            "deletemycommands" => {
                self.commands.clear();
                Ok(json!(true))
            }
            "sendchataction" => self.bot_chat(params).map(|_| json!(true)),
            "sendmessage" => self.send_message(params),
            "editmessagetext" => self.edit_message_text(params),
            "editmessagereplymarkup" => self.edit_message_reply_markup(params),
            "answercallbackquery" => self.answer_callback_query(params),
            "senddocument" => self.send_document(params),
            "getfile" => self.get_file(params),
            _ => return None,
        };
        Some(result)
    }

    fn set_my_commands(&mut self, params: &Params) -> Result<Value, ApiError> {
        let value = params
            .json("commands")
            .map_err(|_| ApiError::bad_request("can't parse commands JSON object"))?;
        self.commands = validate::bot_commands(value.as_ref())?;
        Ok(json!(true))
    }

    fn send_message(&mut self, params: &Params) -> Result<Value, ApiError> {
        let chat_id = self.bot_chat(params)?;
        let markup = Self::markup_param(params)?;
        let mode = validate::parse_mode(params.string("parse_mode").as_deref())?;
        let raw = params.string("text");
        let parsed = validate::message_text(raw.as_deref(), mode, TextUse::Send)?;
        self.check_rate(chat_id)?;

        let keyboard = markup.keyboard();
        let Some(chat) = self.chats.get_mut(&chat_id) else {
            return Err(ApiError::chat_not_found());
        };
        let message_id = chat.next_message_id();
        chat.messages.push(StoredMessage {
            message_id,
            from_bot: true,
            date: unix_now(),
            edit_date: None,
            kind: MessageKind::Text,
            raw_text: raw.unwrap_or_default(),
            parsed,
            keyboard,
            media: None,
            file_name: None,
            file_id: None,
        });
        self.stats.messages_from_bot += 1;
        self.record_bot_event(chat_id, message_id, EventKind::Message);
        Ok(self.message_json_of(chat_id, message_id))
    }

    /// An event describing a bot message in its current state.
    fn record_bot_event(&mut self, chat_id: i64, message_id: i64, kind: EventKind) {
        let Some(msg) = self.chats.get(&chat_id).and_then(|c| c.message(message_id)) else {
            return;
        };
        let event = Event {
            seq: 0,
            kind,
            message_id,
            text: msg.raw_text.clone(),
            plain_text: msg.parsed.text.clone(),
            buttons: buttons_of(&msg.keyboard),
            file_name: msg.file_name.clone(),
            file_id: msg.file_id.clone(),
            callback_query_id: None,
            show_alert: None,
        };
        self.push_event(chat_id, event);
    }

    fn edit_message_text(&mut self, params: &Params) -> Result<Value, ApiError> {
        let (chat_id, message_id) = self.message_to_edit(params)?;
        let markup = Self::markup_param(params)?;
        if markup == Markup::NonInline {
            return Err(ApiError::bad_request("inline keyboard expected"));
        }
        let mode = validate::parse_mode(params.string("parse_mode").as_deref())?;
        let raw = params.string("text");
        let parsed = validate::message_text(raw.as_deref(), mode, TextUse::Edit)?;
        // Without reply_markup, Telegram removes the inline keyboard.
        let keyboard = markup.keyboard();

        let Some(msg) = self
            .chats
            .get_mut(&chat_id)
            .and_then(|c| c.message_mut(message_id))
        else {
            return Err(ApiError::bad_request("message to edit not found"));
        };
        if msg.kind != MessageKind::Text {
            return Err(ApiError::bad_request(
                "there is no text in the message to edit",
            ));
        }
        if msg.parsed == parsed && msg.keyboard == keyboard {
            return Err(ApiError::bad_request(
                "message is not modified: specified new message content and reply markup are \
                 exactly the same as a current content and reply markup of the message",
            ));
        }
        msg.raw_text = raw.unwrap_or_default();
        msg.parsed = parsed;
        msg.keyboard = keyboard;
        msg.edit_date = Some(unix_now());
        self.record_bot_event(chat_id, message_id, EventKind::EditText);
        Ok(self.message_json_of(chat_id, message_id))
    }

    fn edit_message_reply_markup(&mut self, params: &Params) -> Result<Value, ApiError> {
        let (chat_id, message_id) = self.message_to_edit(params)?;
        let markup = Self::markup_param(params)?;
        if markup == Markup::NonInline {
            return Err(ApiError::bad_request("inline keyboard expected"));
        }
        let keyboard = markup.keyboard();
        let Some(msg) = self
            .chats
            .get_mut(&chat_id)
            .and_then(|c| c.message_mut(message_id))
        else {
            return Err(ApiError::bad_request("message to edit not found"));
        };
        if msg.keyboard == keyboard {
            return Err(ApiError::bad_request(
                "message is not modified: specified new message content and reply markup are \
                 exactly the same as a current content and reply markup of the message",
            ));
        }
        msg.keyboard = keyboard;
        msg.edit_date = Some(unix_now());
        self.record_bot_event(chat_id, message_id, EventKind::EditMarkup);
        Ok(self.message_json_of(chat_id, message_id))
    }

    fn answer_callback_query(&mut self, params: &Params) -> Result<Value, ApiError> {
        let invalid = || {
            ApiError::bad_request(
                "query is too old and response timeout expired or query ID is invalid",
            )
        };
        let id = params.string("callback_query_id").unwrap_or_default();
        let text = params.string("text").unwrap_or_default();
        if utf16_len(&text) > MAX_CALLBACK_ANSWER_UTF16 {
            return Err(ApiError::bad_request("MESSAGE_TOO_LONG"));
        }
        let show_alert = params.bool("show_alert");
        let record = self.callbacks.get_mut(&id).ok_or_else(invalid)?;
        if record.answered {
            return Err(invalid());
        }
        record.answered = true;
        let (chat_id, message_id) = (record.chat_id, record.message_id);
        let buttons = self
            .chats
            .get(&chat_id)
            .and_then(|c| c.message(message_id))
            .map(|m| buttons_of(&m.keyboard))
            .unwrap_or_default();
        let event = Event {
            seq: 0,
            kind: EventKind::CallbackAnswer,
            message_id,
            text: text.clone(),
            plain_text: text,
            buttons,
            file_name: None,
            file_id: None,
            callback_query_id: Some(id),
            show_alert: Some(show_alert),
        };
        self.push_event(chat_id, event);
        Ok(json!(true))
    }

    fn send_document(&mut self, params: &Params) -> Result<Value, ApiError> {
        let chat_id = self.bot_chat(params)?;
        let markup = Self::markup_param(params)?;
        let mode = validate::parse_mode(params.string("parse_mode").as_deref())?;
        let raw_caption = params.string("caption");
        let caption = validate::caption(raw_caption.as_deref(), mode)?;

        // The file: a part named "document", "attach://<part>", or the
        // file_id of a file the sandbox already has.
        let record = if let Some(upload) = params.upload("document") {
            self.store_upload(upload)?
        } else if let Some(value) = params.string("document") {
            if let Some(part) = value.strip_prefix("attach://") {
                let upload = params
                    .upload(part)
                    .ok_or_else(|| ApiError::bad_request("there is no document in the request"))?;
                self.store_upload(upload)?
            } else if let Some(existing) = self.files.get(&value) {
                existing.clone()
            } else {
                // URLs too: the sandbox cannot fetch them.
                return Err(ApiError::bad_request(
                    "wrong file identifier/HTTP URL specified",
                ));
            }
        } else {
            return Err(ApiError::bad_request("there is no document in the request"));
        };
        self.check_rate(chat_id)?;

        let mut document = file_meta(&record.file_id, &record.file_unique_id, record.bytes.len());
        if let Some(name) = &record.file_name {
            document.insert("file_name".into(), json!(name));
        }
        if let Some(mime) = &record.mime_type {
            document.insert("mime_type".into(), json!(mime));
        }
        let Some(chat) = self.chats.get_mut(&chat_id) else {
            return Err(ApiError::chat_not_found());
        };
        let message_id = chat.next_message_id();
        chat.messages.push(StoredMessage {
            message_id,
            from_bot: true,
            date: unix_now(),
            edit_date: None,
            kind: MessageKind::Document,
            raw_text: raw_caption.unwrap_or_default(),
            parsed: caption,
            keyboard: markup.keyboard(),
            media: Some(("document", Value::Object(document))),
            file_name: record.file_name.clone(),
            file_id: Some(record.file_id.clone()),
        });
        self.stats.messages_from_bot += 1;
        self.record_bot_event(chat_id, message_id, EventKind::Document);
        Ok(self.message_json_of(chat_id, message_id))
    }

    fn store_upload(&mut self, upload: &Upload) -> Result<FileRecord, ApiError> {
        if upload.bytes.is_empty() {
            return Err(ApiError::bad_request("file must be non-empty"));
        }
        let file_name = upload
            .file_name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "document".to_owned());
        let mime = guess_mime(&file_name)
            .map(str::to_owned)
            .or_else(|| upload.content_type.clone())
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        Ok(self.store_file(
            "documents",
            Some(file_name),
            Some(mime),
            upload.bytes.clone(),
        ))
    }

    fn store_file(
        &mut self,
        folder: &str,
        file_name: Option<String>,
        mime_type: Option<String>,
        bytes: Bytes,
    ) -> FileRecord {
        let n = self.next_counter();
        let ext = file_name
            .as_deref()
            .and_then(|name| name.rsplit_once('.'))
            .map(|(_, ext)| ext)
            .filter(|ext| !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
            .unwrap_or(match folder {
                "photos" => "jpg",
                "voice" => "oga",
                "stickers" => "webp",
                _ => "bin",
            })
            .to_owned();
        let record = FileRecord {
            file_id: format!("BQACAgIAAx{:06x}{n:08}", self.nonce),
            file_unique_id: format!("AgAD{:06x}{n:06}", self.nonce),
            file_path: format!("{folder}/file_{n}.{ext}"),
            file_name,
            mime_type,
            bytes,
        };
        self.file_paths
            .insert(record.file_path.clone(), record.file_id.clone());
        self.files.insert(record.file_id.clone(), record.clone());
        record
    }

    fn get_file(&mut self, params: &Params) -> Result<Value, ApiError> {
        let id = params.string("file_id").unwrap_or_default();
        let record = self
            .files
            .get(&id)
            .ok_or_else(|| ApiError::bad_request("invalid file_id"))?;
        if record.bytes.len() > MAX_DOWNLOAD_BYTES {
            return Err(ApiError::bad_request("file is too big"));
        }
        Ok(file_json(
            &record.file_id,
            &record.file_unique_id,
            record.bytes.len(),
            &record.file_path,
        ))
    }

    /// `GET /file/bot<token>/<file_path>`.
    pub fn file_by_path(&self, path: &str) -> Option<&FileRecord> {
        self.files.get(self.file_paths.get(path)?)
    }

    pub fn file_by_id(&self, file_id: &str) -> Option<&FileRecord> {
        self.files.get(file_id)
    }

    pub fn pending_updates(&self) -> usize {
        self.updates.len()
    }

    // --------------------------------------------------------------- user API

    pub fn register_user(&mut self, user: NewUser) -> Result<(), ApiError> {
        if user.user_id <= 0 {
            return Err(user_error("user_id must be a positive integer"));
        }
        if user.first_name.trim().is_empty() {
            return Err(user_error("first_name must be non-empty"));
        }
        let sim = SimUser {
            id: user.user_id,
            first_name: user.first_name,
            last_name: user.last_name,
            username: user.username,
            language_code: user.language_code,
        };
        match self.chats.get_mut(&sim.id) {
            Some(chat) => chat.user = sim,
            None => {
                self.stats.users += 1;
                self.chats.insert(
                    sim.id,
                    Chat {
                        user: sim,
                        blocked: false,
                        has_written: false,
                        messages: Vec::new(),
                        events: Vec::new(),
                        notify: Arc::new(Notify::new()),
                        bucket: None,
                    },
                );
            }
        }
        Ok(())
    }

    fn user_chat(&self, user_id: i64) -> Result<&Chat, ApiError> {
        self.chats
            .get(&user_id)
            .ok_or_else(|| user_error(format!("user {user_id} is not registered")))
    }

    /// A user who blocked the bot has no input field, only "Restart".
    fn active_user_chat(&self, user_id: i64) -> Result<&Chat, ApiError> {
        let chat = self.user_chat(user_id)?;
        if chat.blocked {
            return Err(user_error(format!(
                "user {user_id} has blocked the bot; unblock first"
            )));
        }
        Ok(chat)
    }

    pub fn chat_notify(&self, user_id: i64) -> Result<Arc<Notify>, ApiError> {
        Ok(self.user_chat(user_id)?.notify.clone())
    }

    pub fn user_send(&mut self, user_id: i64, content: UserContent) -> Result<Sent, ApiError> {
        self.active_user_chat(user_id)?;
        let (kind, raw_text, parsed, media, file_name, file_id) = match content {
            UserContent::Text(text) => {
                if text.trim().is_empty() {
                    return Err(user_error("text must be non-empty"));
                }
                if utf16_len(&text) > MAX_TEXT_UTF16 {
                    return Err(user_error("text is longer than 4096 UTF-16 code units"));
                }
                let entities = command_entities(&text);
                let parsed = Parsed {
                    text: text.clone(),
                    entities,
                };
                (MessageKind::Text, text, parsed, None, None, None)
            }
            UserContent::Sticker => {
                let file = self.store_file(
                    "stickers",
                    None,
                    None,
                    Bytes::from_static(b"RIFF\0\0\0\0WEBP"),
                );
                let mut sticker = file_meta(&file.file_id, &file.file_unique_id, file.bytes.len());
                sticker.insert("width".into(), json!(512));
                sticker.insert("height".into(), json!(512));
                sticker.insert("type".into(), json!("regular"));
                sticker.insert("is_animated".into(), json!(false));
                sticker.insert("is_video".into(), json!(false));
                sticker.insert("emoji".into(), json!("👍"));
                sticker.insert("set_name".into(), json!("SandboxStickers"));
                let media = Some(("sticker", Value::Object(sticker)));
                (
                    MessageKind::Sticker,
                    String::new(),
                    Parsed::default(),
                    media,
                    None,
                    Some(file.file_id),
                )
            }
            UserContent::Photo => {
                // Telegram sends several sizes of the same photo.
                let small = self.store_file(
                    "photos",
                    None,
                    None,
                    Bytes::from_static(b"\xff\xd8\xff\xe0small"),
                );
                let large = self.store_file(
                    "photos",
                    None,
                    None,
                    Bytes::from_static(b"\xff\xd8\xff\xe0large photo"),
                );
                let mut s = file_meta(&small.file_id, &small.file_unique_id, small.bytes.len());
                s.insert("width".into(), json!(90));
                s.insert("height".into(), json!(67));
                let mut l = file_meta(&large.file_id, &large.file_unique_id, large.bytes.len());
                l.insert("width".into(), json!(1280));
                l.insert("height".into(), json!(960));
                let media = Some(("photo", json!([Value::Object(s), Value::Object(l)])));
                (
                    MessageKind::Photo,
                    String::new(),
                    Parsed::default(),
                    media,
                    None,
                    Some(large.file_id),
                )
            }
            UserContent::Voice => {
                let file = self.store_file(
                    "voice",
                    None,
                    Some("audio/ogg".into()),
                    Bytes::from_static(b"OggS\0voice"),
                );
                let mut voice = file_meta(&file.file_id, &file.file_unique_id, file.bytes.len());
                voice.insert("duration".into(), json!(3));
                voice.insert("mime_type".into(), json!("audio/ogg"));
                let media = Some(("voice", Value::Object(voice)));
                (
                    MessageKind::Voice,
                    String::new(),
                    Parsed::default(),
                    media,
                    None,
                    Some(file.file_id),
                )
            }
            UserContent::Location {
                latitude,
                longitude,
            } => {
                if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
                    return Err(user_error(
                        "latitude must be in -90..90 and longitude in -180..180",
                    ));
                }
                let media = Some((
                    "location",
                    json!({ "latitude": latitude, "longitude": longitude }),
                ));
                (
                    MessageKind::Location,
                    String::new(),
                    Parsed::default(),
                    media,
                    None,
                    None,
                )
            }
            UserContent::Document {
                file_name,
                mime_type,
                bytes,
                caption,
            } => {
                if bytes.is_empty() {
                    return Err(user_error("a document must be non-empty"));
                }
                if file_name.trim().is_empty() {
                    return Err(user_error("file_name must be non-empty"));
                }
                let caption = caption.unwrap_or_default();
                if utf16_len(&caption) > validate::MAX_CAPTION_UTF16 {
                    return Err(user_error("caption is longer than 1024 UTF-16 code units"));
                }
                let file = self.store_file(
                    "documents",
                    Some(file_name.clone()),
                    Some(mime_type.clone()),
                    bytes,
                );
                let mut document = file_meta(&file.file_id, &file.file_unique_id, file.bytes.len());
                document.insert("file_name".into(), json!(file_name));
                document.insert("mime_type".into(), json!(mime_type));
                let media = Some(("document", Value::Object(document)));
                let parsed = Parsed::plain(&caption);
                (
                    MessageKind::Document,
                    caption,
                    parsed,
                    media,
                    Some(file_name),
                    Some(file.file_id),
                )
            }
        };

        let Some(chat) = self.chats.get_mut(&user_id) else {
            return Err(user_error(format!("user {user_id} is not registered")));
        };
        let message_id = chat.next_message_id();
        let message = StoredMessage {
            message_id,
            from_bot: false,
            date: unix_now(),
            edit_date: None,
            kind,
            raw_text,
            parsed,
            keyboard: None,
            media,
            file_name,
            file_id,
        };
        let payload = message_json(&self.config, &chat.user, &message);
        chat.messages.push(message);
        chat.has_written = true;
        self.stats.messages_from_users += 1;
        let update_id = self.push_update("message", payload);
        Ok(Sent {
            message_id,
            update_id,
        })
    }

    pub fn user_edit_text(
        &mut self,
        user_id: i64,
        message_id: i64,
        text: String,
    ) -> Result<Sent, ApiError> {
        self.active_user_chat(user_id)?;
        if text.trim().is_empty() {
            return Err(user_error("text must be non-empty"));
        }
        if utf16_len(&text) > MAX_TEXT_UTF16 {
            return Err(user_error("text is longer than 4096 UTF-16 code units"));
        }
        let Some(chat) = self.chats.get_mut(&user_id) else {
            return Err(user_error(format!("user {user_id} is not registered")));
        };
        // Index the field directly so `chat.user` stays borrowable below.
        let index = message_id
            .checked_sub(1)
            .and_then(|i| usize::try_from(i).ok())
            .unwrap_or(usize::MAX);
        let Some(msg) = chat.messages.get_mut(index) else {
            return Err(user_error(format!(
                "message {message_id} not found in chat {user_id}"
            )));
        };
        if msg.from_bot || msg.kind != MessageKind::Text {
            return Err(user_error(format!(
                "message {message_id} is not a text message of user {user_id}"
            )));
        }
        if msg.parsed.text == text {
            return Err(user_error("message is not modified"));
        }
        msg.parsed = Parsed {
            entities: command_entities(&text),
            text: text.clone(),
        };
        msg.raw_text = text;
        msg.edit_date = Some(unix_now());
        let payload = message_json(&self.config, &chat.user, msg);
        let update_id = self.push_update("edited_message", payload);
        Ok(Sent {
            message_id,
            update_id,
        })
    }

    pub fn user_press(
        &mut self,
        user_id: i64,
        message_id: i64,
        data: &str,
    ) -> Result<Pressed, ApiError> {
        let chat = self.active_user_chat(user_id)?;
        let Some(msg) = chat.message(message_id) else {
            return Err(user_error(format!(
                "message {message_id} not found in chat {user_id}"
            )));
        };
        if !msg.from_bot {
            return Err(user_error(format!(
                "message {message_id} was not sent by the bot"
            )));
        }
        let Some(keyboard) = &msg.keyboard else {
            return Err(user_error(format!(
                "message {message_id} has no inline keyboard"
            )));
        };
        let present = keyboard
            .iter()
            .flatten()
            .any(|b| b.action == ButtonAction::CallbackData(data.to_owned()));
        if !present {
            return Err(user_error(format!(
                "message {message_id} has no button with callback_data {data:?}"
            )));
        }
        let message = message_json(&self.config, &chat.user, msg);
        let from = user_json(&chat.user);
        // Telegram's chat_instance is an opaque per-chat number.
        let chat_instance = ((user_id as u64) ^ (u64::from(self.nonce) << 32)).to_string();

        let n = self.next_counter();
        let id = format!("{}{n:09}", u64::from(self.nonce) + 1000);
        self.callbacks.insert(
            id.clone(),
            CallbackRecord {
                answered: false,
                chat_id: user_id,
                message_id,
            },
        );
        let payload = json!({
            "id": id,
            "from": from,
            "message": message,
            "chat_instance": chat_instance,
            "data": data,
        });
        let update_id = self.push_update("callback_query", payload);
        Ok(Pressed {
            callback_query_id: id,
            update_id,
        })
    }

    pub fn set_blocked(&mut self, user_id: i64, blocked: bool) -> Result<(), ApiError> {
        let Some(chat) = self.chats.get_mut(&user_id) else {
            return Err(user_error(format!("user {user_id} is not registered")));
        };
        chat.blocked = blocked;
        Ok(())
    }

    pub fn events_after(&self, user_id: i64, after: u64) -> Result<Vec<Event>, ApiError> {
        let chat = self.user_chat(user_id)?;
        let start = chat.events.partition_point(|e| e.seq <= after);
        Ok(chat.events[start..].to_vec())
    }

    pub fn transcript(&self, user_id: i64) -> Result<Vec<ChatEntry>, ApiError> {
        let chat = self.user_chat(user_id)?;
        Ok(chat
            .messages
            .iter()
            .map(|m| ChatEntry {
                from: if m.from_bot { Side::Bot } else { Side::User },
                message_id: m.message_id,
                kind: m.kind,
                text: m.raw_text.clone(),
                plain_text: m.parsed.text.clone(),
                buttons: buttons_of(&m.keyboard),
                file_name: m.file_name.clone(),
                edited: m.edit_date.is_some(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_with_user() -> State {
        let mut st = State::new(SandboxConfig::default());
        assert!(st.register_user(NewUser::new(7, "Ada")).is_ok());
        st
    }

    #[test]
    fn commands_get_an_entity() {
        let e = command_entities("/start abc");
        assert_eq!(
            e,
            vec![Entity {
                kind: EntityKind::BotCommand,
                offset: 0,
                length: 6
            }]
        );
        assert_eq!(command_entities("/start@assent_sandbox_bot")[0].length, 25);
        assert!(command_entities("/ x").is_empty());
        assert!(command_entities("hello").is_empty());
    }

    #[test]
    fn update_ids_grow_and_start_from_the_clock() {
        let mut st = state_with_user();
        let a = st
            .user_send(7, UserContent::Text("a".into()))
            .map(|s| s.update_id);
        let b = st
            .user_send(7, UserContent::Text("b".into()))
            .map(|s| s.update_id);
        let (Ok(a), Ok(b)) = (a, b) else {
            panic!("send failed")
        };
        assert!(b > a);
        assert!(a >= update_clock() - 1);
        assert!(b < i32::MAX as u64);
    }

    #[test]
    fn offset_confirms_updates() {
        let mut st = state_with_user();
        let mut ids = Vec::new();
        for t in ["a", "b", "c"] {
            if let Ok(sent) = st.user_send(7, UserContent::Text(t.into())) {
                ids.push(sent.update_id);
            }
        }
        assert_eq!(st.take_batch(100).len(), 3);
        st.confirm(ids[1] as i64);
        assert_eq!(st.take_batch(100).len(), 2);
        st.confirm(ids[2] as i64 + 1);
        assert!(st.take_batch(100).is_empty());
        assert_eq!(st.stats.updates_delivered, 3);
    }

    #[test]
    fn rate_limit_answers_429() {
        let config = SandboxConfig {
            max_messages_per_second_per_chat: Some(1.0),
            ..SandboxConfig::default()
        };
        let mut st = State::new(config);
        assert!(st.register_user(NewUser::new(7, "Ada")).is_ok());
        assert!(st.user_send(7, UserContent::Text("hi".into())).is_ok());
        let params = Params::from_json(json!({ "chat_id": 7, "text": "one" }));
        assert!(st.send_message(&params).is_ok());
        let err = st.send_message(&params).err();
        assert_eq!(err.as_ref().map(|e| e.code), Some(429));
        assert_eq!(err.and_then(|e| e.retry_after), Some(1));
    }
}
