//! JSON shapes of the sandbox-only user API (`/sandbox/…`), shared by the
//! server and [`super::client`] so both sides cannot drift apart.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `POST /sandbox/users`: registers (or updates) a simulated user. The private
/// chat with the bot has the same id as the user, as in Telegram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    pub user_id: i64,
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
}

impl NewUser {
    /// A user with just a first name.
    pub fn new(user_id: i64, first_name: impl Into<String>) -> NewUser {
        NewUser {
            user_id,
            first_name: first_name.into(),
            last_name: None,
            username: None,
            language_code: None,
        }
    }
}

/// Body of the endpoints that only need to know who acts
/// (send_sticker, send_photo, send_voice, block, unblock).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRef {
    pub user_id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendText {
    pub user_id: i64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendLocation {
    pub user_id: i64,
    pub latitude: f64,
    pub longitude: f64,
}

/// `POST /sandbox/send_document`: give the content either as base64 (any
/// bytes) or as a UTF-8 string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendDocument {
    pub user_id: i64,
    pub file_name: String,
    pub mime_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_base64: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditText {
    pub user_id: i64,
    pub message_id: i64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Press {
    pub user_id: i64,
    pub message_id: i64,
    pub data: String,
}

/// What the user's action became: the message and the update carrying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    pub message_id: i64,
    pub update_id: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pressed {
    pub callback_query_id: String,
    pub update_id: u64,
}

/// Query of `GET /sandbox/events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventsQuery {
    pub user_id: i64,
    #[serde(default)]
    pub after: u64,
    /// Seconds to wait for a first event; 0 returns at once.
    #[serde(default)]
    pub timeout: f64,
}

/// What the bot did in a user's chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// sendMessage.
    Message,
    /// editMessageText.
    EditText,
    /// editMessageReplyMarkup.
    EditMarkup,
    /// answerCallbackQuery (text may be empty: a silent answer).
    CallbackAnswer,
    /// sendDocument.
    Document,
}

/// An inline button as the user sees it: `data` for callback buttons, `url`
/// for links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventButton {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One thing the bot did, in order (`seq` grows across all chats).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u64,
    pub kind: EventKind,
    /// The message concerned (for a callback answer: the message whose
    /// button was pressed).
    pub message_id: i64,
    /// As the bot sent it, markup included (for a document: the caption; for
    /// a callback answer: the answer text).
    pub text: String,
    /// What the user reads: `text` after HTML parsing.
    pub plain_text: String,
    /// The message's inline keyboard after this event; empty if none.
    pub buttons: Vec<Vec<EventButton>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// For documents: fetch the bytes with `GET /sandbox/documents/<file_id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_query_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_alert: Option<bool>,
}

impl Event {
    /// The callback data of every button, row by row.
    pub fn button_data(&self) -> Vec<&str> {
        self.buttons
            .iter()
            .flatten()
            .filter_map(|b| b.data.as_deref())
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    User,
    Bot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Text,
    Sticker,
    Photo,
    Voice,
    Location,
    Document,
}

/// One message of `GET /sandbox/chat`, in its current (possibly edited) state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatEntry {
    pub from: Side,
    pub message_id: i64,
    pub kind: MessageKind,
    /// Raw text or caption (with markup, for the bot's HTML messages).
    pub text: String,
    pub plain_text: String,
    pub buttons: Vec<Vec<EventButton>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    #[serde(default)]
    pub edited: bool,
}

/// Counters for the demo's report and for tests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxStats {
    /// Updates handed to the bot by getUpdates (each counted once).
    pub updates_delivered: u64,
    /// Updates created by users (messages, edits, button presses).
    pub updates_created: u64,
    /// Bot API calls by method name (with a valid token).
    pub method_calls: BTreeMap<String, u64>,
    /// Bot API rejections by description.
    pub rejections: BTreeMap<String, u64>,
    /// User API rejections by description (a crowd doing something a real
    /// client could not).
    pub user_rejections: BTreeMap<String, u64>,
    pub users: u64,
    pub messages_from_bot: u64,
    pub messages_from_users: u64,
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (the crate has no base64 dependency).
pub fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(B64[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard or URL-safe base64; padding and whitespace are optional.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for (i, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return Err(format!("invalid base64 character at {i}")),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for data in [
            &b""[..],
            b"f",
            b"fo",
            b"foo",
            b"foob",
            b"fooba",
            b"foobar",
            &[0, 255, 128],
        ] {
            let encoded = base64_encode(data);
            assert_eq!(base64_decode(&encoded).as_deref(), Ok(data));
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert!(base64_decode("a*b").is_err());
    }
}
