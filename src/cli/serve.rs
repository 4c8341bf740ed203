//! `assent serve`, `assent sandbox` and `assent crowd`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, bail};
use teloxide::Bot;

use crate::crowd::organizer::Organizer;
use crate::crowd::{self, CrowdConfig, Ledger, moderator};
use crate::sandbox::{self, SandboxConfig, client::SandboxClient};
use crate::store::db;
use crate::telegram::{self, App, Roles};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The bot token (from @BotFather).
    #[arg(long, env = "TELOXIDE_TOKEN", hide_env_values = true)]
    token: String,
    /// A Bot API server other than Telegram's (e.g. `assent sandbox`).
    #[arg(long, env = "TELOXIDE_API_URL")]
    api_url: Option<url::Url>,
    /// Receive updates by webhook at this public URL (not available yet: long polling only).
    #[arg(long, requires = "listen")]
    webhook_url: Option<url::Url>,
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// The database name when DATABASE_URL does not name one.
    #[arg(long, default_value = "assent")]
    database: String,
}

pub async fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    if args.webhook_url.is_some() {
        bail!("webhook mode is not implemented yet; run without --webhook-url to use long polling");
    }
    let roles = Roles::from_env()?;
    let database = db::connect(&args.database)
        .await
        .context("opening the database")?;
    let mut bot = Bot::new(args.token);
    if let Some(url) = args.api_url {
        bot = bot.set_api_url(url);
    }
    let app = App::new(bot, database.pool.clone(), roles)
        .await
        .context("starting the bot")?;
    tracing::info!(bot = %app.bot_username, "assent is serving");
    telegram::run(app).await;
    database.close().await;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct SandboxArgs {
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: SocketAddr,
}

pub async fn sandbox(args: SandboxArgs) -> anyhow::Result<ExitCode> {
    // A new bot id per sandbox: update ids restart with every sandbox, and the bot keys its
    // protection against redelivered updates on (bot id, update id).
    let bot_id: u64 = rand::random_range(1_000_000..9_000_000_000);
    let config = SandboxConfig {
        token: format!("{bot_id}:sandbox"),
        bot_id,
        ..SandboxConfig::default()
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("binding {}", args.listen))?;
    println!("Bot API sandbox on {}", sandbox::base_url(args.listen));
    println!("bot token: {}", config.token);
    println!(
        "run the bot against it: TELOXIDE_TOKEN='{}' assent serve --api-url {}",
        config.token,
        sandbox::base_url(args.listen)
    );
    sandbox::Sandbox::new(config).serve(listener).await?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct CrowdArgs {
    /// The sandbox's base URL.
    #[arg(long)]
    api_url: String,
    #[arg(long, default_value_t = 200)]
    participants: usize,
    /// The invite code (the part after `?start=` of the invite link). Without it, an organizer
    /// (`--organizer`, who must be in the bot's ASSENT_ADMINS) uploads and opens the consultation.
    #[arg(long)]
    invite: Option<String>,
    /// The organizer's Telegram user id in the sandbox.
    #[arg(long, default_value_t = 1000)]
    organizer: i64,
    /// The consultation the citizens answer (to read its questions).
    #[arg(long)]
    consultation: Option<PathBuf>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value_t = 10_000)]
    first_user_id: i64,
}

pub fn load_consultation(
    path: Option<&PathBuf>,
) -> anyhow::Result<(String, crate::consultation::Consultation)> {
    let (name, source) = match path {
        Some(p) => (
            p.display().to_string(),
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
        ),
        None => (
            super::BUNDLED_CONSULTATION.to_string(),
            super::BUNDLED_SOURCE.to_string(),
        ),
    };
    match crate::consultation::parse(&source) {
        Ok(c) => Ok((source, c)),
        Err(problems) => {
            let lines: Vec<String> = problems.iter().map(|p| p.render(&name)).collect();
            bail!("the consultation file has problems:\n{}", lines.join("\n"))
        }
    }
}

pub async fn crowd(args: CrowdArgs) -> anyhow::Result<ExitCode> {
    let (source, consultation) = load_consultation(args.consultation.as_ref())?;
    let client = SandboxClient::new(args.api_url);
    // The crowd's own organizer also moderates; with an invite from elsewhere, someone else does.
    let moderates = args.invite.is_none();
    let invite = match args.invite {
        Some(code) => code,
        None => {
            let slug = consultation.slug.0.clone();
            let mut organizer = Organizer::join(client.clone(), args.organizer).await?;
            let (_, opened, code) = organizer
                .upload_and_open(&format!("{slug}.toml"), &source, &slug)
                .await?;
            println!("organizer: {opened}");
            code
        }
    };
    let ledger = Arc::new(Ledger::default());
    let config = CrowdConfig {
        participants: args.participants,
        invite,
        seed: args.seed,
        first_user_id: args.first_user_id,
        concurrency: 256,
    };
    let done = Arc::new(AtomicBool::new(false));
    let moderation = moderates.then(|| {
        tokio::spawn(moderator::run(
            client.clone(),
            args.organizer,
            ledger.clone(),
            args.seed,
            done.clone(),
        ))
    });
    let report = crowd::run(client, Arc::new(consultation), ledger.clone(), &config).await;
    done.store(true, Ordering::SeqCst);
    if let Some(moderation) = moderation {
        match moderation.await {
            Ok(Ok(m)) => println!(
                "moderator: {} statements approved, {} rejected",
                m.approved, m.rejected
            ),
            Ok(Err(e)) => println!("moderator stopped: {e}"),
            Err(e) => println!("moderator failed: {e}"),
        }
    }
    let t = ledger.totals();
    println!(
        "crowd: {} finished, {} declined, {} stuck, in {:.1} s; ledger: {} participants, {} answers, {} votes, {} statements",
        report.finished,
        report.declined,
        report.stuck.len(),
        report.elapsed.as_secs_f64(),
        t.participants,
        t.answers,
        t.votes,
        t.statements,
    );
    for s in &report.stuck {
        println!("  {s}");
    }
    Ok(if report.stuck.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
