//! Sorting updates: who sent what, and whether it is for the citizen flow or for staff.

use std::sync::Arc;

use teloxide::types::{CallbackQuery, Message, Update, UpdateKind};

use super::{App, BotError, Role, admin, citizen, moderation};
use crate::engine::Input;

/// The person behind an update.
#[derive(Debug, Clone)]
pub struct Sender {
    pub id: u64,
    pub chat_id: i64,
    /// Telegram's interface language of the sender's app.
    pub language: Option<String>,
}

/// A staff command: `/name args…`.
pub struct Command {
    pub name: String,
    pub args: Vec<String>,
}

pub async fn route(app: &Arc<App>, update: Update) -> Result<(), BotError> {
    let update_id = i64::from(update.id.0);
    match update.kind {
        UpdateKind::Message(msg) => message(app, update_id, msg).await,
        UpdateKind::EditedMessage(msg) => match sender_of(&msg) {
            Some(s) => {
                citizen::handle(
                    app,
                    update_id,
                    &s,
                    citizen::Turn::Input(Input::Edited),
                    None,
                )
                .await
            }
            None => Ok(()),
        },
        UpdateKind::CallbackQuery(q) => callback(app, update_id, q).await,
        _ => Ok(()),
    }
}

/// Only private chats take part; groups and channels are ignored.
fn sender_of(msg: &Message) -> Option<Sender> {
    if !msg.chat.is_private() {
        return None;
    }
    let user = msg.from.as_ref()?;
    Some(Sender {
        id: user.id.0,
        chat_id: msg.chat.id.0,
        language: user.language_code.clone(),
    })
}

/// Splits `/cmd@bot a b` into a command; `None` for ordinary text.
pub fn parse_command(text: &str) -> Option<Command> {
    let rest = text.strip_prefix('/')?;
    let mut words = rest.split_whitespace();
    let head = words.next()?;
    let name = head.split('@').next().unwrap_or(head).to_lowercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some(Command {
        name,
        args: words.map(str::to_string).collect(),
    })
}

async fn message(app: &Arc<App>, update_id: i64, msg: Message) -> Result<(), BotError> {
    let Some(sender) = sender_of(&msg) else {
        return Ok(());
    };
    if let Some(doc) = msg.document()
        && app.roles.has(sender.id, Role::Organizer)
    {
        return admin::upload(app, update_id, &sender, doc).await;
    }
    let Some(text) = msg.text() else {
        return citizen::handle(
            app,
            update_id,
            &sender,
            citizen::Turn::Input(Input::Unsupported),
            None,
        )
        .await;
    };
    let turn = match parse_command(text) {
        Some(cmd) => match cmd.name.as_str() {
            "start" => citizen::Turn::Start(cmd.args.into_iter().next()),
            "language" => citizen::Turn::Input(Input::Language),
            "forget" => citizen::Turn::Input(Input::Forget),
            "back" => citizen::Turn::Input(Input::Back),
            "help" => citizen::Turn::Help,
            name if admin::is_staff_command(name) => {
                return admin::command(app, update_id, &sender, cmd).await;
            }
            _ => citizen::Turn::Help,
        },
        None => citizen::Turn::Input(Input::Text(text.to_string())),
    };
    citizen::handle(app, update_id, &sender, turn, None).await
}

async fn callback(app: &Arc<App>, update_id: i64, q: CallbackQuery) -> Result<(), BotError> {
    let chat = q.message.as_ref().map(|m| m.chat().clone());
    let (Some(chat), Some(data)) = (chat, q.data.clone()) else {
        return citizen::answer_callback(app, &q.id, "").await;
    };
    if !chat.is_private() {
        return citizen::answer_callback(app, &q.id, "").await;
    }
    let message_id = q.message.as_ref().map(|m| m.id().0).unwrap_or_default();
    let sender = Sender {
        id: q.from.id.0,
        chat_id: chat.id.0,
        language: q.from.language_code.clone(),
    };
    if moderation::is_moderation_data(&data) {
        if !app.roles.has(sender.id, Role::Organizer) || !admin::claim(app, update_id).await? {
            return citizen::answer_callback(app, &q.id, "").await;
        }
        return moderation::button(app, &sender, &q, &data).await;
    }
    let input = Input::Button { data, message_id };
    citizen::handle(
        app,
        update_id,
        &sender,
        citizen::Turn::Input(input),
        Some(&q.id),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_split_and_bot_names_dropped() {
        let c = parse_command("/Open@assent_bot city-data now").unwrap();
        assert_eq!(c.name, "open");
        assert_eq!(c.args, vec!["city-data", "now"]);
        assert!(parse_command("hello /open").is_none());
        assert!(parse_command("/").is_none());
        assert!(parse_command("/ü").is_none());
    }
}
