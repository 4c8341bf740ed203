//! The demo's last word: what the crowd saw acknowledged against what the database holds,
//! participant by participant (answers per question and round, votes per statement, statements
//! written) and statement by statement (the organizer's decisions).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Debug;

use crate::crowd::Ledger;
use crate::engine::Status;
use crate::store::answers::CurrentAnswer;
use crate::store::pseudonym::PseudonymKey;
use crate::store::statements::{CurrentVote, Written};

/// What the database holds for one consultation.
pub struct Stored<'a> {
    pub participants: i64,
    pub answers: &'a [CurrentAnswer],
    pub votes: &'a [CurrentVote],
    pub written: &'a [Written],
}

/// The outcome: whether everything matched, and the citizens whose records differ (their
/// chats are worth reading).
pub struct Verdict {
    pub matched: bool,
    pub citizens: Vec<i64>,
}

/// Compares, prints the verdict line and the first differences.
pub fn compare(key: &PseudonymKey, consultation_id: i64, ledger: &Ledger, db: &Stored) -> Verdict {
    let mut answers: HashMap<&str, BTreeMap<String, String>> = HashMap::new();
    for a in db.answers {
        answers.entry(a.pseudonym.as_str()).or_default().insert(
            format!("{} (round {})", a.question_id, a.round),
            format!("{:?}", a.value),
        );
    }
    let mut votes: HashMap<&str, BTreeMap<String, String>> = HashMap::new();
    for v in db.votes {
        votes.entry(v.pseudonym.as_str()).or_default().insert(
            format!("statement {}", v.statement_id),
            format!("{:?}", v.vote),
        );
    }
    let mut written: HashMap<&str, Vec<&str>> = HashMap::new();
    for w in db.written {
        written
            .entry(w.pseudonym.as_str())
            .or_default()
            .push(&w.text);
    }
    let mut differences = Vec::new();
    let mut citizens = Vec::new();
    for (user, entry) in ledger.snapshot().iter().filter(|(_, e)| e.consented) {
        let before = differences.len();
        let pseudonym = key.pseudonym(consultation_id, u64::try_from(*user).unwrap_or_default());
        let seen_answers = entry
            .answers
            .iter()
            .map(|((q, r), v)| (format!("{q} (round {r})"), format!("{v:?}")))
            .collect();
        differ(
            *user,
            &seen_answers,
            answers.get(pseudonym.as_str()),
            &mut differences,
        );
        let seen_votes = entry
            .votes
            .iter()
            .map(|(s, v)| (format!("statement {s}"), format!("{v:?}")))
            .collect();
        differ(
            *user,
            &seen_votes,
            votes.get(pseudonym.as_str()),
            &mut differences,
        );
        let mut seen: Vec<&str> = entry.statements.iter().map(String::as_str).collect();
        let mut stored = written.get(pseudonym.as_str()).cloned().unwrap_or_default();
        seen.sort_unstable();
        stored.sort_unstable();
        if seen != stored {
            differences.push(format!(
                "citizen {user}, statements: crowd saw {seen:?} received, database holds {stored:?}"
            ));
        }
        if differences.len() > before {
            citizens.push(*user);
        }
    }
    let decisions = ledger.decisions();
    for w in db.written {
        let seen = decisions.get(&w.id).copied().unwrap_or(Status::Pending);
        if seen != w.status {
            differences.push(format!(
                "statement {}: organizer saw {seen:?}, database holds {:?}",
                w.id, w.status
            ));
        }
    }
    let t = ledger.totals();
    let decided = |statuses: &mut dyn Iterator<Item = Status>| {
        statuses.filter(|s| *s != Status::Pending).count()
    };
    let seen_decided = decided(&mut decisions.values().copied());
    let db_decided = decided(&mut db.written.iter().map(|w| w.status));
    let same_totals = t.participants as i64 == db.participants
        && t.answers == db.answers.len()
        && t.votes == db.votes.len()
        && t.statements == db.written.len()
        && seen_decided == db_decided;
    let verdict = if same_totals && differences.is_empty() {
        "match"
    } else {
        "MISMATCH"
    };
    println!(
        "ledger: {} participants, {} answers, {} votes, {} statements ({seen_decided} moderated); \
         database: {} participants, {} answers, {} votes, {} statements ({db_decided} moderated) — {verdict}",
        t.participants,
        t.answers,
        t.votes,
        t.statements,
        db.participants,
        db.answers.len(),
        db.votes.len(),
        db.written.len(),
    );
    for d in differences.iter().take(10) {
        println!("  {d}");
    }
    Verdict {
        matched: verdict == "match",
        citizens,
    }
}

/// Adds a line per key where the crowd and the database disagree.
fn differ<V: PartialEq + Debug>(
    user: i64,
    seen: &BTreeMap<String, V>,
    stored: Option<&BTreeMap<String, V>>,
    out: &mut Vec<String>,
) {
    let empty = BTreeMap::new();
    let stored = stored.unwrap_or(&empty);
    let keys: BTreeSet<&String> = seen.keys().chain(stored.keys()).collect();
    for k in keys {
        if seen.get(k) != stored.get(k) {
            out.push(format!(
                "citizen {user}, {k}: crowd saw {:?}, database holds {:?}",
                seen.get(k),
                stored.get(k)
            ));
        }
    }
}
