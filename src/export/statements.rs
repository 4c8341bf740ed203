//! The summary's statements section: per statements stage, the approved statements with their
//! agree / disagree / pass counts. Votes on statements that are pending or rejected count
//! nowhere; the section says how many there are.

use std::fmt::Write;

use super::summary::{cell, pct};
use crate::consultation::{Consultation, StageKind, StatementStage};
use crate::engine::Status;
use crate::store::statements::Tally;

pub fn section(out: &mut String, c: &Consultation, statements: &[Tally]) {
    for stage in &c.stages {
        let StageKind::Statements(deck) = &stage.kind else {
            continue;
        };
        let title = stage
            .title
            .as_ref()
            .map(|t| t.get(&c.default_language).to_string())
            .unwrap_or_else(|| stage.id.to_string());
        let _ = writeln!(out, "## Statements: {}\n", cell(&title));
        let here: Vec<&Tally> = statements
            .iter()
            .filter(|s| s.stage_id == stage.id.as_str())
            .collect();
        let written = here.iter().filter(|s| s.written_by_participant).count();
        let count = |status: Status| {
            here.iter()
                .filter(|s| s.written_by_participant && s.status == status)
                .count()
        };
        let _ = writeln!(
            out,
            "`{}` · moderation: {} · seeds: {} · written by participants: {written} ({} approved, {} rejected, {} pending; votes on rejected and pending statements are not counted)\n",
            stage.id,
            match deck.moderation {
                crate::consultation::Moderation::Strict => "strict",
                crate::consultation::Moderation::Lenient => "lenient",
                crate::consultation::Moderation::Off => "off",
            },
            here.len() - written,
            count(Status::Approved),
            count(Status::Rejected),
            count(Status::Pending),
        );
        let mut approved: Vec<&&Tally> = here
            .iter()
            .filter(|s| s.status == Status::Approved)
            .collect();
        // Most voted first: those are the statements the figures say most about.
        approved.sort_by_key(|s| (-(s.agree + s.disagree + s.pass), s.id));
        let _ = writeln!(
            out,
            "| # | statement | source | agree | disagree | pass | votes | agree share of agree + disagree |\n|---:|---|---|---:|---:|---:|---:|---:|"
        );
        for s in approved {
            let decided = s.agree + s.disagree;
            let share = if decided == 0 {
                "—".to_string()
            } else {
                pct(s.agree as f64 / decided as f64)
            };
            let source = match (&s.seed_id, &s.language) {
                (Some(seed), _) => format!("seed `{seed}`"),
                (None, Some(lang)) => format!("participant ({lang})"),
                (None, None) => "participant".to_string(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {source} | {} | {} | {} | {} | {share} |",
                s.id,
                cell(&text_of(s, deck, c)),
                s.agree,
                s.disagree,
                s.pass,
                s.agree + s.disagree + s.pass,
            );
        }
        out.push('\n');
    }
}

fn text_of(s: &Tally, deck: &StatementStage, c: &Consultation) -> String {
    match (&s.text, &s.seed_id) {
        (Some(text), _) => text.clone(),
        (None, Some(seed)) => deck
            .seeds
            .iter()
            .find(|x| x.id.as_str() == seed)
            .map(|x| x.text.get(&c.default_language).to_string())
            .unwrap_or_default(),
        (None, None) => String::new(),
    }
}
