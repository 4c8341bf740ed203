//! Outputs for coordinators: the responses CSV, the summary, and (in the demo) a transcript.

pub mod csv;
pub mod summary;
pub mod transcript;
