//! `assent export --consultation SLUG --format csv|summary --out PATH`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::store::{answers, consultations, db};

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long)]
    consultation: String,
    /// `csv`: one row per answer; `summary`: the Markdown summary (answers, statements and
    /// their votes, before and after).
    #[arg(long, value_parser = ["csv", "summary"])]
    format: String,
    #[arg(long)]
    out: PathBuf,
    /// The database name when DATABASE_URL does not name one.
    #[arg(long, default_value = "assent")]
    database: String,
}

pub async fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let database = db::connect(&args.database)
        .await
        .context("opening the database")?;
    let Some(stored) = consultations::by_slug(&database.pool, &args.consultation).await? else {
        bail!("no consultation \"{}\" in this database", args.consultation);
    };
    let current = answers::current(&database.pool, stored.id).await?;
    let bytes = match args.format.as_str() {
        "summary" => crate::export::summary_of(&database.pool, &stored, &current)
            .await?
            .into_bytes(),
        _ => crate::export::csv::responses(&stored.definition, &current)?,
    };
    std::fs::write(&args.out, bytes).with_context(|| format!("writing {}", args.out.display()))?;
    println!("{}: {} answers", args.out.display(), current.len());
    database.close().await;
    Ok(ExitCode::SUCCESS)
}
