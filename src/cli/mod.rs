//! The `assent` command line (PRODUCT.md §9).

mod demo;
mod export;
mod ledger_check;
mod serve;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The bundled consultation, used by `demo` and `crowd` unless another file is given.
pub const BUNDLED_CONSULTATION: &str = "consultations/city-health-data.toml";
pub const BUNDLED_SOURCE: &str = include_str!("../../consultations/city-health-data.toml");

#[derive(Parser)]
#[command(
    name = "assent",
    version,
    about = "Community consultations in Telegram, compiled into a Social License draft"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole thing offline: sandbox, real bot, organizer, a simulated crowd, exports.
    Demo(demo::DemoArgs),
    /// Run the bot against Telegram (or any Bot API at --api-url).
    Serve(serve::ServeArgs),
    /// Check consultation files; prints FILE:LINE:COLUMN: message for every problem.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Export a consultation's answers (CSV) or its summary (Markdown).
    Export(export::ExportArgs),
    /// Run the Telegram Bot API sandbox alone.
    Sandbox(serve::SandboxArgs),
    /// Run simulated citizens against a sandbox.
    Crowd(serve::CrowdArgs),
}

fn init_tracing(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ASSENT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Validate { files } = &cli.command {
        return validate::run(files);
    }
    init_tracing(match cli.command {
        Command::Demo(_) | Command::Export(_) => "warn,sqlx=error",
        _ => "info,sqlx=warn",
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("assent: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Demo(args) => demo::run(args).await,
            Command::Serve(args) => serve::serve(args).await,
            Command::Export(args) => export::run(args).await,
            Command::Sandbox(args) => serve::sandbox(args).await,
            Command::Crowd(args) => serve::crowd(args).await,
            Command::Validate { .. } => Ok(ExitCode::SUCCESS),
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("assent: {e:#}");
            ExitCode::FAILURE
        }
    }
}
