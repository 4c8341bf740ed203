//! Organizer and coordinator commands in private chat. Every use is written to the audit log.

use std::sync::Arc;

use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{Document, InputFile, ParseMode};

use super::event::{Command, Sender};
use super::split::{LIMIT, split};
use super::{App, BotError, Role};
use crate::consultation;
use crate::engine::render::escape;
use crate::i18n::{self, Arg, t};
use crate::store::consultations::{self, Status};
use crate::store::{StoreError, answers, updates};

/// The largest consultation file accepted, in KB.
const MAX_FILE_KB: u32 = 512;

const STAFF_COMMANDS: [(&str, Role); 8] = [
    ("consultations", Role::Organizer),
    ("moderate", Role::Organizer),
    ("reject", Role::Organizer),
    ("moderation", Role::Organizer),
    ("open", Role::Organizer),
    ("close", Role::Organizer),
    ("invite", Role::Organizer),
    ("export", Role::Coordinator),
];

pub fn is_staff_command(name: &str) -> bool {
    STAFF_COMMANDS.iter().any(|(n, _)| *n == name)
}

fn ui(sender: &Sender) -> &'static str {
    i18n::ui_language(sender.language.as_deref().unwrap_or("en"))
}

async fn say(app: &Arc<App>, sender: &Sender, text: String) -> Result<(), BotError> {
    for chunk in split(&escape(&text), LIMIT) {
        app.bot
            .send_message(ChatId(sender.chat_id), chunk)
            .parse_mode(ParseMode::Html)
            .await?;
    }
    Ok(())
}

/// Claims the update so a redelivery does not repeat the command; `false` if already done.
pub(super) async fn claim(app: &Arc<App>, update_id: i64) -> Result<bool, BotError> {
    let mut tx = app.pool.begin().await?;
    let fresh = updates::claim(&mut tx, app.bot_id, update_id).await?;
    tx.commit().await?;
    Ok(fresh)
}

async fn audit(
    app: &Arc<App>,
    sender: &Sender,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), BotError> {
    sqlx::query("INSERT INTO audit_log (actor, action, detail) VALUES ($1, $2, $3)")
        .bind(i64::try_from(sender.id).unwrap_or(i64::MAX))
        .bind(action)
        .bind(detail)
        .execute(&app.pool)
        .await?;
    Ok(())
}

pub async fn send_staff_help(app: &Arc<App>, sender: &Sender) -> Result<(), BotError> {
    let lang = ui(sender);
    let mut parts = Vec::new();
    if app.roles.has(sender.id, Role::Organizer) {
        parts.push(t(lang, "help-organizer", &[]));
    }
    if app.roles.has(sender.id, Role::Coordinator) {
        parts.push(t(lang, "help-coordinator", &[]));
    }
    say(app, sender, parts.join("\n\n")).await
}

pub async fn command(
    app: &Arc<App>,
    update_id: i64,
    sender: &Sender,
    cmd: Command,
) -> Result<(), BotError> {
    if !claim(app, update_id).await? {
        return Ok(());
    }
    let lang = ui(sender);
    let role = STAFF_COMMANDS
        .iter()
        .find(|(n, _)| *n == cmd.name)
        .map(|(_, r)| *r)
        .unwrap_or(Role::Organizer);
    if !app.roles.has(sender.id, role) {
        audit(
            app,
            sender,
            "refused",
            serde_json::json!({ "command": cmd.name }),
        )
        .await?;
        return say(
            app,
            sender,
            t(lang, "role-refused", &[("role", role.name().into())]),
        )
        .await;
    }
    audit(
        app,
        sender,
        &cmd.name,
        serde_json::json!({ "args": cmd.args }),
    )
    .await?;
    match cmd.name.as_str() {
        "consultations" => list(app, sender).await,
        "moderate" => super::moderation::next(app, sender).await,
        "reject" => super::moderation::reject_command(app, sender, &cmd.args).await,
        "moderation" => super::moderation::set_mode(app, sender, &cmd.args).await,
        "export" => export(app, sender, &cmd.args).await,
        name => {
            let Some(slug) = cmd.args.first() else {
                let example = format!("/{name} city-data");
                return say(
                    app,
                    sender,
                    t(lang, "usage-slug", &[("example", Arg::Str(&example))]),
                )
                .await;
            };
            match name {
                "open" => set_status(app, sender, slug, Status::Open).await,
                "close" => set_status(app, sender, slug, Status::Closed).await,
                _ => invite(app, sender, slug).await,
            }
        }
    }
}

fn status_name(lang: &str, status: Status) -> String {
    t(lang, &format!("status-{}", status.as_str()), &[])
}

async fn list(app: &Arc<App>, sender: &Sender) -> Result<(), BotError> {
    let lang = ui(sender);
    let all = consultations::list(&app.pool).await?;
    if all.is_empty() {
        return say(app, sender, t(lang, "consultations-none", &[])).await;
    }
    let lines: Vec<String> = all
        .iter()
        .map(|c| {
            let status = status_name(lang, c.status);
            t(
                lang,
                "consultations-line",
                &[
                    ("slug", Arg::Str(&c.slug)),
                    ("status", Arg::Str(&status)),
                    ("participants", Arg::Num(c.participants)),
                ],
            )
        })
        .collect();
    say(app, sender, lines.join("\n")).await
}

/// The consultation called `slug`, or `None` after telling the sender there is none.
async fn find(
    app: &Arc<App>,
    sender: &Sender,
    slug: &str,
) -> Result<Option<consultations::Stored>, BotError> {
    let found = consultations::by_slug(&app.pool, slug).await?;
    if found.is_none() {
        say(
            app,
            sender,
            t(ui(sender), "consultation-unknown", &[("slug", slug.into())]),
        )
        .await?;
    }
    Ok(found)
}

async fn set_status(
    app: &Arc<App>,
    sender: &Sender,
    slug: &str,
    to: Status,
) -> Result<(), BotError> {
    let lang = ui(sender);
    let Some(stored) = find(app, sender, slug).await? else {
        return Ok(());
    };
    if stored.status == to {
        let status = status_name(lang, to);
        return say(
            app,
            sender,
            t(
                lang,
                "consultation-already",
                &[("slug", slug.into()), ("status", Arg::Str(&status))],
            ),
        )
        .await;
    }
    consultations::set_status(&app.pool, slug, to).await?;
    let link = app.invite_link(&stored.invite_code);
    let text = match to {
        Status::Open => t(
            lang,
            "consultation-opened",
            &[("slug", slug.into()), ("link", Arg::Str(&link))],
        ),
        _ => t(lang, "consultation-closed", &[("slug", slug.into())]),
    };
    say(app, sender, text).await
}

async fn invite(app: &Arc<App>, sender: &Sender, slug: &str) -> Result<(), BotError> {
    let lang = ui(sender);
    let Some(stored) = find(app, sender, slug).await? else {
        return Ok(());
    };
    let link = app.invite_link(&stored.invite_code);
    say(
        app,
        sender,
        t(
            lang,
            "invite-link",
            &[("slug", slug.into()), ("link", Arg::Str(&link))],
        ),
    )
    .await
}

async fn export(app: &Arc<App>, sender: &Sender, args: &[String]) -> Result<(), BotError> {
    let lang = ui(sender);
    let (Some(format), Some(slug)) = (args.first(), args.get(1)) else {
        return say(app, sender, t(lang, "export-usage", &[])).await;
    };
    if format != "csv" && format != "summary" {
        return say(app, sender, t(lang, "export-usage", &[])).await;
    }
    let Some(stored) = find(app, sender, slug).await? else {
        return Ok(());
    };
    let current = answers::current(&app.pool, stored.id).await?;
    let (bytes, file_name) = if format == "summary" {
        let summary = crate::export::summary_of(&app.pool, &stored, &current).await?;
        (summary.into_bytes(), format!("{slug}-summary.md"))
    } else {
        match crate::export::csv::responses(&stored.definition, &current) {
            Ok(bytes) => (bytes, format!("{slug}-responses.csv")),
            Err(e) => {
                tracing::error!(error = %e, "CSV export failed");
                return say(app, sender, t(lang, "error-try-later", &[])).await;
            }
        }
    };
    let caption = t(
        lang,
        if format == "summary" {
            "export-summary-caption"
        } else {
            "export-caption"
        },
        &[("slug", slug.into()), ("answers", current.len().into())],
    );
    app.bot
        .send_document(
            ChatId(sender.chat_id),
            InputFile::memory(bytes).file_name(file_name),
        )
        .caption(caption)
        .await?;
    Ok(())
}

/// An organizer sent a document: validate it and save it as a draft, or report every problem.
pub async fn upload(
    app: &Arc<App>,
    update_id: i64,
    sender: &Sender,
    doc: &Document,
) -> Result<(), BotError> {
    if !claim(app, update_id).await? {
        return Ok(());
    }
    let lang = ui(sender);
    let name = doc
        .file_name
        .clone()
        .unwrap_or_else(|| "consultation.toml".to_string());
    if !name.to_lowercase().ends_with(".toml") {
        return say(app, sender, t(lang, "upload-not-toml", &[])).await;
    }
    if doc.file.size > MAX_FILE_KB * 1024 {
        return say(
            app,
            sender,
            t(
                lang,
                "upload-too-big",
                &[("limit", Arg::Num(i64::from(MAX_FILE_KB)))],
            ),
        )
        .await;
    }
    let file = app.bot.get_file(doc.file.id.clone()).await?;
    let mut bytes = Vec::new();
    app.bot.download_file(&file.path, &mut bytes).await?;
    let Ok(source) = String::from_utf8(bytes) else {
        return say(app, sender, t(lang, "upload-unreadable", &[])).await;
    };
    let parsed = match consultation::parse(&source) {
        Ok(parsed) => parsed,
        Err(problems) => {
            audit(
                app,
                sender,
                "upload-invalid",
                serde_json::json!({ "file": name, "problems": problems.len() }),
            )
            .await?;
            let mut report = t(
                lang,
                "upload-invalid",
                &[("count", problems.len().into()), ("file", Arg::Str(&name))],
            );
            for p in &problems {
                report.push('\n');
                report.push_str(&p.render(&name));
            }
            return say(app, sender, report).await;
        }
    };
    let slug = parsed.slug.0.clone();
    match consultations::save_draft(&app.pool, &parsed, &source).await {
        Ok(_) => {
            audit(
                app,
                sender,
                "upload",
                serde_json::json!({ "file": name, "slug": slug }),
            )
            .await?;
            let text = t(
                lang,
                "upload-saved",
                &[
                    ("slug", Arg::Str(&slug)),
                    ("questions", parsed.questions.len().into()),
                    ("languages", parsed.languages.len().into()),
                ],
            );
            say(app, sender, text).await
        }
        Err(StoreError::Conflict(_)) => {
            let status = consultations::by_slug(&app.pool, &slug)
                .await?
                .map(|s| status_name(lang, s.status))
                .unwrap_or_default();
            say(
                app,
                sender,
                t(
                    lang,
                    "upload-locked",
                    &[("slug", Arg::Str(&slug)), ("status", Arg::Str(&status))],
                ),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
