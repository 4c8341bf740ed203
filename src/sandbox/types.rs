//! Bot API objects (User, Chat, Message, Update, File…) as Telegram writes
//! them: optional fields are omitted rather than null, dates are unix seconds,
//! private chats carry `"type":"private"`.

use serde_json::{Map, Value, json};

use super::SandboxConfig;
use super::html::{Entity, Parsed};
use super::validate::{Keyboard, keyboard_json};
use super::wire::MessageKind;

/// A simulated Telegram user (and, by id, their private chat with the bot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimUser {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

/// One message in a chat, from either side, in its current state.
#[derive(Debug, Clone)]
pub struct StoredMessage {
    pub message_id: i64,
    pub from_bot: bool,
    pub date: i64,
    pub edit_date: Option<i64>,
    pub kind: MessageKind,
    /// Text or caption as sent, markup included.
    pub raw_text: String,
    /// Text or caption as displayed, with its entities.
    pub parsed: Parsed,
    pub keyboard: Option<Keyboard>,
    /// The media field, e.g. `("sticker", {...})`.
    pub media: Option<(&'static str, Value)>,
    pub file_name: Option<String>,
    pub file_id: Option<String>,
}

/// The bot's display name; Telegram requires one, the config only names the
/// username.
pub const BOT_FIRST_NAME: &str = "Assent (sandbox)";

fn insert_opt(map: &mut Map<String, Value>, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        map.insert(key.to_owned(), Value::String(v.clone()));
    }
}

pub fn user_json(user: &SimUser) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(user.id));
    m.insert("is_bot".into(), json!(false));
    m.insert("first_name".into(), json!(user.first_name));
    insert_opt(&mut m, "last_name", &user.last_name);
    insert_opt(&mut m, "username", &user.username);
    insert_opt(&mut m, "language_code", &user.language_code);
    Value::Object(m)
}

pub fn bot_user_json(config: &SandboxConfig) -> Value {
    json!({
        "id": config.bot_id,
        "is_bot": true,
        "first_name": BOT_FIRST_NAME,
        "username": config.bot_username,
    })
}

/// The result of getMe.
pub fn me_json(config: &SandboxConfig) -> Value {
    let mut me = bot_user_json(config);
    me["can_join_groups"] = json!(true);
    me["can_read_all_group_messages"] = json!(false);
    me["supports_inline_queries"] = json!(false);
    me["can_connect_to_business"] = json!(false);
    me["has_main_web_app"] = json!(false);
    me
}

pub fn chat_json(user: &SimUser) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(user.id));
    m.insert("first_name".into(), json!(user.first_name));
    insert_opt(&mut m, "last_name", &user.last_name);
    insert_opt(&mut m, "username", &user.username);
    m.insert("type".into(), json!("private"));
    Value::Object(m)
}

fn entities_json(entities: &[Entity]) -> Value {
    Value::Array(entities.iter().map(Entity::to_json).collect())
}

/// A `Message` in the private chat with `user`, in its current state.
pub fn message_json(config: &SandboxConfig, user: &SimUser, msg: &StoredMessage) -> Value {
    let mut m = Map::new();
    m.insert("message_id".into(), json!(msg.message_id));
    let from = if msg.from_bot {
        bot_user_json(config)
    } else {
        user_json(user)
    };
    m.insert("from".into(), from);
    m.insert("chat".into(), chat_json(user));
    m.insert("date".into(), json!(msg.date));
    if let Some(edit_date) = msg.edit_date {
        m.insert("edit_date".into(), json!(edit_date));
    }
    match msg.kind {
        MessageKind::Text => {
            m.insert("text".into(), json!(msg.parsed.text));
            if !msg.parsed.entities.is_empty() {
                m.insert("entities".into(), entities_json(&msg.parsed.entities));
            }
        }
        _ => {
            if let Some((key, value)) = &msg.media {
                m.insert((*key).to_owned(), value.clone());
            }
            if !msg.parsed.text.is_empty() {
                m.insert("caption".into(), json!(msg.parsed.text));
                if !msg.parsed.entities.is_empty() {
                    m.insert(
                        "caption_entities".into(),
                        entities_json(&msg.parsed.entities),
                    );
                }
            }
        }
    }
    if let Some(keyboard) = &msg.keyboard {
        m.insert("reply_markup".into(), keyboard_json(keyboard));
    }
    Value::Object(m)
}

/// File metadata as embedded in messages (Document, PhotoSize, Voice…).
pub fn file_meta(file_id: &str, file_unique_id: &str, size: usize) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("file_id".into(), json!(file_id));
    m.insert("file_unique_id".into(), json!(file_unique_id));
    m.insert("file_size".into(), json!(size));
    m
}

/// The result of getFile.
pub fn file_json(file_id: &str, file_unique_id: &str, size: usize, path: &str) -> Value {
    let mut m = file_meta(file_id, file_unique_id, size);
    m.insert("file_path".into(), json!(path));
    Value::Object(m)
}

/// Telegram determines a document's MIME type from its name.
pub fn guess_mime(file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "csv" => "text/csv",
        "txt" | "log" => "text/plain",
        "md" => "text/markdown",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "toml" => "application/toml",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => return None,
    })
}
