//! `assent demo`: the sandbox, the real bot (as a child `assent serve` process), an organizer
//! and a coordinator using bot commands, a simulated crowd, the outputs, and the ledger check.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use tokio::process::{Child, Command};
use tokio::sync::Mutex;

use super::ledger_check;
use crate::crowd::organizer::Organizer;
use crate::crowd::{self, CrowdConfig, Ledger, moderator};
use crate::export;
use crate::sandbox::client::SandboxClient;
use crate::sandbox::{self, SandboxConfig};
use crate::store::pseudonym::PseudonymKey;
use crate::store::{answers, consultations, db, participants, statements};

/// The organizer's (and coordinator's) Telegram user id in the sandbox.
const ORGANIZER: i64 = 1_000;
/// A second organizer, who moderates statements while the crowd takes part.
const MODERATOR: i64 = 1_001;

#[derive(clap::Args)]
pub struct DemoArgs {
    #[arg(long, default_value_t = 200)]
    participants: usize,
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// A consultation file other than the bundled one.
    #[arg(long)]
    consultation: Option<PathBuf>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Kill the bot process (SIGKILL) this many seconds into the crowd, then start it again:
    /// the ledger check shows whether anything acknowledged was lost or duplicated.
    #[arg(long)]
    kill_bot_after: Option<f64>,
    /// The database name when DATABASE_URL does not name one.
    #[arg(long, default_value = "assent_demo")]
    database: String,
}

struct Bot {
    child: Option<Child>,
    api_url: String,
    db_url: String,
    token: String,
}

impl Bot {
    fn start(&mut self) -> anyhow::Result<()> {
        let exe = std::env::current_exe().context("finding the assent binary")?;
        let child = Command::new(exe)
            .args(["serve", "--api-url", &self.api_url])
            .env("TELOXIDE_TOKEN", &self.token)
            .env("DATABASE_URL", &self.db_url)
            .env("ASSENT_ADMINS", format!("{ORGANIZER},{MODERATOR}"))
            .env(
                "ASSENT_LOG",
                std::env::var("ASSENT_LOG").unwrap_or_else(|_| "warn,sqlx=error".into()),
            )
            .kill_on_drop(true)
            .spawn()
            .context("starting the bot process")?;
        self.child = Some(child);
        Ok(())
    }

    async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    /// SIGTERM, so the bot finishes what it has in hand, then waits for it.
    async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Some(pid) = child.id() {
                let _ = Command::new("kill")
                    .args(["-TERM", &pid.to_string()])
                    .status()
                    .await;
            }
            if tokio::time::timeout(Duration::from_secs(10), child.wait())
                .await
                .is_err()
            {
                let _ = child.kill().await;
            }
        }
    }
}

pub async fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let (source, consultation) = super::serve::load_consultation(args.consultation.as_ref())?;
    let slug = consultation.slug.0.clone();
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;

    let database = db::connect(&args.database)
        .await
        .context("opening the database")?;
    println!("database: {}", database.redacted_url());
    // Each run starts clean: the demo's consultation and any message left from an earlier run.
    consultations::delete(&database.pool, &slug).await?;
    sqlx::query("DELETE FROM outbox")
        .execute(&database.pool)
        .await?;

    // A bot id of its own per run: update ids restart with every sandbox, and the bot keys
    // redelivery protection on (bot id, update id).
    let bot_id: u64 = rand::random_range(1_000_000..9_000_000_000);
    let config = SandboxConfig {
        token: format!("{bot_id}:sandbox"),
        bot_id,
        ..SandboxConfig::default()
    };
    let token = config.token.clone();
    let (addr, sandbox_server, _server) = sandbox::spawn(config)
        .await
        .context("starting the sandbox")?;
    let api_url = sandbox::base_url(addr);
    println!("sandbox: {api_url}");
    let client = SandboxClient::new(api_url.clone());
    let bot = Arc::new(Mutex::new(Bot {
        child: None,
        api_url,
        db_url: database.url.clone(),
        token,
    }));
    bot.lock().await.start()?;

    // The organizer uploads the file and opens the consultation, by bot commands.
    let mut organizer = Organizer::join(client.clone(), ORGANIZER).await?;
    let file_name = format!("{slug}.toml");
    let opened = organizer.upload_and_open(&file_name, &source, &slug).await;
    let invite = match opened {
        Ok((saved, opened, invite)) => {
            println!(
                "organizer uploads {file_name}: {}",
                saved.lines().next().unwrap_or("")
            );
            println!("organizer: /open {slug}: {opened}");
            invite
        }
        Err(e) => {
            bot.lock().await.stop().await;
            return Err(e.into());
        }
    };

    // The crowd, with the bot killed and restarted in the middle if asked.
    let ledger = Arc::new(Ledger::default());
    let crowd_config = CrowdConfig {
        participants: args.participants,
        invite,
        seed: args.seed,
        first_user_id: 10_000,
        concurrency: 256,
    };
    let updates_before = sandbox_server.stats().updates_delivered;
    let chaos = args.kill_bot_after.map(|secs| {
        let bot = bot.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs_f64(secs)).await;
            let mut bot = bot.lock().await;
            bot.kill().await;
            println!("chaos: bot process killed (SIGKILL) after {secs} s; restarting it");
            tokio::time::sleep(Duration::from_secs(1)).await;
            if let Err(e) = bot.start() {
                eprintln!("chaos: could not restart the bot: {e:#}");
            }
        })
    });
    println!("crowd: {} simulated citizens", args.participants);
    let consultation = Arc::new(consultation);
    let crowd_done = Arc::new(AtomicBool::new(false));
    let moderation = tokio::spawn(moderator::run(
        client.clone(),
        MODERATOR,
        ledger.clone(),
        args.seed,
        crowd_done.clone(),
    ));
    let report = crowd::run(
        client.clone(),
        consultation.clone(),
        ledger.clone(),
        &crowd_config,
    )
    .await;
    if let Some(chaos) = chaos {
        let _ = chaos.await;
    }
    crowd_done.store(true, Ordering::SeqCst);
    let moderated = match tokio::time::timeout(Duration::from_secs(120), moderation).await {
        Ok(Ok(Ok(m))) => m,
        Ok(Ok(Err(e))) => anyhow::bail!("the moderator could not go on: {e}"),
        Ok(Err(e)) => anyhow::bail!("the moderator failed: {e}"),
        Err(_) => anyhow::bail!("the moderator did not finish within 2 minutes of the crowd"),
    };
    let updates = sandbox_server.stats().updates_delivered - updates_before;
    println!(
        "crowd: {} finished, {} declined the notice, {} stuck, in {:.1} s",
        report.finished,
        report.declined,
        report.stuck.len(),
        report.elapsed.as_secs_f64()
    );
    for s in report.stuck.iter().take(10) {
        println!("  {s}");
    }
    println!(
        "moderator: {} statements approved, {} rejected",
        moderated.approved, moderated.rejected
    );

    // The coordinator exports by command; the CSV comes back as a Telegram document.
    let csv = organizer.export_csv(&slug).await?;
    std::fs::write(args.out.join("responses.csv"), &csv)?;

    let stored = consultations::by_slug(&database.pool, &slug)
        .await?
        .context("the consultation vanished")?;
    let current = answers::current(&database.pool, stored.id).await?;
    let counts = participants::counts(&database.pool, stored.id).await?;
    std::fs::write(
        args.out.join("summary.md"),
        export::summary_of(&database.pool, &stored, &current).await?,
    )?;

    let snapshot = ledger.snapshot();
    let title = format!(
        "Transcript — {}",
        consultation.title.get(&consultation.default_language)
    );
    let transcript = match snapshot.iter().find(|(_, e)| e.finished) {
        Some((&id, _)) => export::transcript::render(&title, &client.chat(id).await?),
        None => format!("{title}\n\nNo participant finished the consultation in this run.\n"),
    };
    std::fs::write(args.out.join("transcript.txt"), transcript)?;
    bot.lock().await.stop().await;
    println!(
        "outputs: {}/responses.csv, summary.md, transcript.txt",
        args.out.display()
    );

    let key = PseudonymKey::load(&database.pool).await?;
    let votes = statements::current_votes(&database.pool, stored.id).await?;
    let written = statements::written(&database.pool, stored.id).await?;
    let db = ledger_check::Stored {
        participants: counts.consented,
        answers: &current,
        votes: &votes,
        written: &written,
    };
    let verdict = ledger_check::compare(&key, stored.id, &ledger, &db);
    for id in verdict.citizens.iter().take(3) {
        let path = args.out.join(format!("mismatch-{id}.txt"));
        let chat = export::transcript::render(&format!("Citizen {id}"), &client.chat(*id).await?);
        std::fs::write(&path, chat)?;
        println!("  the chat of citizen {id} is in {}", path.display());
    }
    let matched = verdict.matched;
    println!(
        "throughput: {:.1} updates/s ({updates} updates in {:.1} s)",
        updates as f64 / report.elapsed.as_secs_f64().max(0.001),
        report.elapsed.as_secs_f64()
    );
    database.close().await;
    Ok(if matched && report.stuck.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
