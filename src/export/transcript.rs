//! A participant's conversation as they saw it, from the sandbox's record of the chat.

use crate::sandbox::{ChatEntry, MessageKind, Side};

pub fn render(title: &str, entries: &[ChatEntry]) -> String {
    let mut out = format!(
        "{title}\n\nOne simulated participant's chat with the bot, as it looks at the end: answered\n\
         questions show the answer in place of their buttons.\n\n"
    );
    for e in entries {
        let who = match e.from {
            Side::Bot => "bot",
            Side::User => "participant",
        };
        let body = match e.kind {
            MessageKind::Text => e.plain_text.clone(),
            MessageKind::Sticker => "(a sticker)".to_string(),
            MessageKind::Photo => "(a photo)".to_string(),
            MessageKind::Voice => "(a voice message)".to_string(),
            MessageKind::Location => "(a location)".to_string(),
            MessageKind::Document => {
                format!("(a file: {})", e.file_name.clone().unwrap_or_default())
            }
        };
        let edited = if e.edited && e.from == Side::User {
            " (edited)"
        } else {
            ""
        };
        out.push_str(&format!("[{who}]{edited}\n"));
        for line in body.lines() {
            out.push_str(&format!("    {line}\n"));
        }
        for row in &e.buttons {
            let labels: Vec<String> = row.iter().map(|b| format!("[ {} ]", b.text)).collect();
            out.push_str(&format!("    {}\n", labels.join(" ")));
        }
        out.push('\n');
    }
    out
}
