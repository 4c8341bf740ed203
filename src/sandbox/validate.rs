//! Telegram's limits on what a bot may send, with Telegram's descriptions.
//!
//! Lengths are counted in UTF-16 code units after entity parsing, as Telegram
//! counts them: markup does not count, an emoji outside the BMP counts twice.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::error::ApiError;
use super::html::{self, Parsed};

pub const MAX_TEXT_UTF16: usize = 4096;
pub const MAX_CAPTION_UTF16: usize = 1024;
pub const MAX_CALLBACK_DATA_BYTES: usize = 64;
pub const MAX_CALLBACK_ANSWER_UTF16: usize = 200;

pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseMode {
    None,
    Html,
}

/// Only HTML (or no parse mode) is implemented; MarkdownV2 is refused rather
/// than half-emulated, so a bot cannot pass the sandbox with markup that
/// Telegram would parse differently.
pub fn parse_mode(raw: Option<&str>) -> Result<ParseMode, ApiError> {
    match raw {
        None | Some("") => Ok(ParseMode::None),
        Some(mode) if mode.eq_ignore_ascii_case("html") => Ok(ParseMode::Html),
        Some(_) => Err(ApiError::bad_request("unsupported parse_mode")),
    }
}

fn format(raw: &str, mode: ParseMode) -> Result<Parsed, ApiError> {
    match mode {
        ParseMode::None => Ok(Parsed::plain(raw)),
        ParseMode::Html => html::parse(raw).map_err(|e| ApiError::cant_parse_entities(&e)),
    }
}

/// Which method is asking: Telegram words the length error differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextUse {
    Send,
    Edit,
}

/// The text of sendMessage / editMessageText.
pub fn message_text(
    raw: Option<&str>,
    mode: ParseMode,
    usage: TextUse,
) -> Result<Parsed, ApiError> {
    let raw = raw.unwrap_or("");
    if raw.trim().is_empty() {
        return Err(ApiError::text_empty());
    }
    let parsed = format(raw, mode)?;
    // Telegram trims the result; "<b> </b>" leaves nothing to show.
    if parsed.text.trim().is_empty() {
        return Err(ApiError::text_empty());
    }
    if utf16_len(&parsed.text) > MAX_TEXT_UTF16 {
        return Err(match usage {
            TextUse::Send => ApiError::bad_request("message is too long"),
            TextUse::Edit => ApiError::bad_request("MESSAGE_TOO_LONG"),
        });
    }
    Ok(parsed)
}

/// A media caption; absent or empty is fine.
pub fn caption(raw: Option<&str>, mode: ParseMode) -> Result<Parsed, ApiError> {
    let raw = raw.unwrap_or("");
    if raw.is_empty() {
        return Ok(Parsed::default());
    }
    let parsed = format(raw, mode)?;
    if utf16_len(&parsed.text) > MAX_CAPTION_UTF16 {
        return Err(ApiError::bad_request("message caption is too long"));
    }
    Ok(parsed)
}

/// What pressing a button does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonAction {
    CallbackData(String),
    Url(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub text: String,
    pub action: ButtonAction,
}

/// Rows of inline buttons; never empty when stored (empty means "no keyboard").
pub type Keyboard = Vec<Vec<Button>>;

/// The `reply_markup` parameter, reduced to what the sandbox models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Markup {
    /// No reply_markup given.
    Absent,
    Inline(Keyboard),
    /// ReplyKeyboardMarkup, ReplyKeyboardRemove or ForceReply: accepted, but
    /// they attach nothing to the message.
    NonInline,
}

impl Markup {
    /// The inline keyboard this markup leaves on the message.
    pub fn keyboard(&self) -> Option<Keyboard> {
        match self {
            Markup::Inline(k) if k.iter().any(|row| !row.is_empty()) => Some(k.clone()),
            _ => None,
        }
    }
}

fn button_error(detail: &str) -> ApiError {
    ApiError::bad_request(format!("can't parse inline keyboard button: {detail}"))
}

/// Parses and validates `reply_markup` (already decoded from JSON).
pub fn reply_markup(value: Option<&Value>) -> Result<Markup, ApiError> {
    let Some(value) = value else {
        return Ok(Markup::Absent);
    };
    let Some(object) = value.as_object() else {
        return Err(ApiError::bad_request(
            "can't parse reply keyboard markup JSON object",
        ));
    };
    if let Some(rows) = object.get("inline_keyboard") {
        return inline_keyboard(rows).map(Markup::Inline);
    }
    if object.contains_key("keyboard")
        || object.contains_key("remove_keyboard")
        || object.contains_key("force_reply")
    {
        return Ok(Markup::NonInline);
    }
    Err(ApiError::bad_request(
        "can't parse reply keyboard markup JSON object",
    ))
}

fn inline_keyboard(rows: &Value) -> Result<Keyboard, ApiError> {
    let shape_error = || {
        ApiError::bad_request(
            "field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays",
        )
    };
    let rows = rows.as_array().ok_or_else(shape_error)?;
    let mut keyboard = Vec::with_capacity(rows.len());
    for row in rows {
        let row = row.as_array().ok_or_else(shape_error)?;
        let mut buttons = Vec::with_capacity(row.len());
        for button in row {
            buttons.push(inline_button(button)?);
        }
        keyboard.push(buttons);
    }
    Ok(keyboard)
}

fn inline_button(value: &Value) -> Result<Button, ApiError> {
    let object = value
        .as_object()
        .ok_or_else(|| button_error("InlineKeyboardButton must be an Object"))?;
    let text = match object.get("text") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(button_error("Field \"text\" must be of type String")),
    };
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("BUTTON_TEXT_INVALID"));
    }
    // Telegram treats an empty string like an absent field.
    let field = |name: &str| -> Result<Option<String>, ApiError> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(button_error(&format!(
                "Field \"{name}\" must be of type String"
            ))),
        }
    };
    let callback_data = field("callback_data")?;
    let url = field("url")?;
    const OTHER_KINDS: &[&str] = &[
        "login_url",
        "web_app",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    ];
    if let Some(other) = OTHER_KINDS.iter().find(|k| object.contains_key(**k)) {
        // Not modelled: the simulated users could not press it faithfully.
        return Err(button_error(&format!(
            "the sandbox supports only callback_data and url buttons, got \"{other}\""
        )));
    }
    match (callback_data, url) {
        (Some(data), None) => {
            if data.len() > MAX_CALLBACK_DATA_BYTES {
                return Err(ApiError::bad_request("BUTTON_DATA_INVALID"));
            }
            Ok(Button {
                text,
                action: ButtonAction::CallbackData(data),
            })
        }
        (None, Some(url)) => {
            let Some(url) = button_url(&url) else {
                return Err(ApiError::bad_request("BUTTON_URL_INVALID"));
            };
            Ok(Button {
                text,
                action: ButtonAction::Url(url),
            })
        }
        (None, None) => Err(button_error(
            "Text buttons are unallowed in the inline keyboard",
        )),
        // Telegram would silently pick one; that is a bug worth surfacing.
        (Some(_), Some(_)) => Err(button_error(
            "exactly one of the optional fields must be used, got both \"callback_data\" and \"url\"",
        )),
    }
}

/// The URL as Telegram echoes it back: unchanged if it is absolute, with
/// "http://" added to a bare host (clients parse it as a URL, so an echoed
/// "example.org" would make the whole message unreadable for them).
fn button_url(raw: &str) -> Option<String> {
    if raw.chars().any(char::is_whitespace) {
        return None;
    }
    let absolute = raw.contains("://") || raw.starts_with("tg:");
    let candidate = if absolute {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let url = url::Url::parse(&candidate).ok()?;
    if !matches!(url.scheme(), "http" | "https" | "tg" | "ton") {
        return None;
    }
    Some(if absolute { candidate } else { url.to_string() })
}

/// The Bot API `InlineKeyboardMarkup` object echoed back in messages.
pub fn keyboard_json(keyboard: &Keyboard) -> Value {
    let rows: Vec<Value> = keyboard
        .iter()
        .map(|row| {
            Value::Array(
                row.iter()
                    .map(|b| match &b.action {
                        ButtonAction::CallbackData(d) => {
                            json!({ "text": b.text, "callback_data": d })
                        }
                        ButtonAction::Url(u) => json!({ "text": b.text, "url": u }),
                    })
                    .collect(),
            )
        })
        .collect();
    json!({ "inline_keyboard": rows })
}

/// A command in `setMyCommands`: 1-32 of a-z, 0-9, _ and a 1-256 character description.
pub fn bot_commands(value: Option<&Value>) -> Result<Vec<(String, String)>, ApiError> {
    let Some(list) = value.and_then(Value::as_array) else {
        return Err(ApiError::bad_request("parameter \"commands\" is required"));
    };
    if list.len() > 100 {
        return Err(ApiError::bad_request("too many commands specified"));
    }
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        let command = item.get("command").and_then(Value::as_str).unwrap_or("");
        let description = item
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("");
        let command_ok = (1..=32).contains(&command.len())
            && command
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !command_ok {
            return Err(ApiError::bad_request("BOT_COMMAND_INVALID"));
        }
        let description_len = description.chars().count();
        if description.trim().is_empty() || description_len > 256 {
            return Err(ApiError::bad_request(
                "command description must be non-empty",
            ));
        }
        out.push((command.to_owned(), description.to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb(button: Value) -> Result<Markup, ApiError> {
        reply_markup(Some(&json!({ "inline_keyboard": [[button]] })))
    }

    #[test]
    fn callback_data_is_measured_in_bytes() {
        // "é" is two bytes: 32 of them are 64 bytes but only 32 characters.
        let ok = "é".repeat(32);
        assert!(kb(json!({"text": "x", "callback_data": ok})).is_ok());
        let too_long = format!("{ok}a");
        assert_eq!(
            kb(json!({"text": "x", "callback_data": too_long})).map_err(|e| e.description),
            Err("Bad Request: BUTTON_DATA_INVALID".to_owned())
        );
    }

    #[test]
    fn button_kinds() {
        assert!(kb(json!({"text": "x", "url": "https://example.org"})).is_ok());
        assert_eq!(
            kb(json!({"text": "x"})).map_err(|e| e.description),
            Err("Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard".to_owned())
        );
        assert!(kb(json!({"text": "x", "url": "https://a.b", "callback_data": "d"})).is_err());
        assert_eq!(
            kb(json!({"text": "", "callback_data": "d"})).map_err(|e| e.description),
            Err("Bad Request: BUTTON_TEXT_INVALID".to_owned())
        );
        assert!(kb(json!({"text": "x", "url": "not a url"})).is_err());
        assert!(kb(json!({"text": "x", "url": "javascript:alert(1)"})).is_err());
        let bare = kb(json!({"text": "x", "url": "example.org"})).ok();
        let echoed = bare.and_then(|m| m.keyboard()).map(|k| keyboard_json(&k));
        assert_eq!(
            echoed,
            Some(json!({"inline_keyboard": [[{"text": "x", "url": "http://example.org/"}]]}))
        );
    }

    #[test]
    fn lengths_count_utf16_after_parsing() {
        let exact = format!("<b>{}</b>", "a".repeat(4096));
        assert!(message_text(Some(&exact), ParseMode::Html, TextUse::Send).is_ok());
        let over = format!("<b>{}</b>", "a".repeat(4097));
        assert_eq!(
            message_text(Some(&over), ParseMode::Html, TextUse::Send).map_err(|e| e.description),
            Err("Bad Request: message is too long".to_owned())
        );
        // 2048 emoji = 4096 UTF-16 units; one more is too long.
        assert!(message_text(Some(&"😀".repeat(2048)), ParseMode::None, TextUse::Send).is_ok());
        assert!(message_text(Some(&"😀".repeat(2049)), ParseMode::None, TextUse::Edit).is_err());
    }

    #[test]
    fn empty_after_parsing() {
        assert_eq!(
            message_text(Some("<b> </b>"), ParseMode::Html, TextUse::Send)
                .map_err(|e| e.description),
            Err("Bad Request: message text is empty".to_owned())
        );
    }
}
