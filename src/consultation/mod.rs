//! Consultation files: the TOML an organizer writes, parsed and validated at the edge.

pub mod model;
pub mod parse;

pub use model::*;
pub use parse::{Diagnostic, parse};
