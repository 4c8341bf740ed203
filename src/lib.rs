//! assent: community consultations in Telegram, compiled into a Social License draft.
//!
//! Read the modules as a table of contents:
//! - `consultation`: the consultation file, parsed once into validated domain types;
//! - `engine`: the pure conversation engine, (state, input) → (state, messages, records);
//! - `i18n`: assent's own interface texts (Fluent);
//! - `store`: PostgreSQL, finding or starting a server, migrations and queries;
//! - `telegram`: the teloxide adapter: updates in, rendered messages out, roles;
//! - `sandbox`: a strict Telegram Bot API stand-in on loopback, for the demo and tests;
//! - `crowd`: simulated citizens that take part through the sandbox, with a ledger;
//! - `export`: CSV, summary and transcript outputs;
//! - `cli`: the `assent` command line.

pub mod cli;
pub mod consultation;
pub mod crowd;
pub mod engine;
pub mod export;
pub mod i18n;
pub mod sandbox;
pub mod store;
pub mod telegram;
