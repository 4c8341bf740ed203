//! Outputs for coordinators: the responses CSV, the summary, and (in the demo) a transcript.

pub mod csv;
mod statements;
pub mod summary;
pub mod transcript;
