//! Callback data: compact codes of at most 64 bytes that never carry user text.
//!
//! The consultation validator guarantees that `m:<question>:<option>` fits, which is the longest
//! code built from ids; every other code is shorter.

use super::Vote;
use crate::consultation::Id;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// Choose the interface and consultation language.
    Language(String),
    /// Accept (`true`) or decline the notice of the given version.
    Notice { version: u32, accept: bool },
    /// A `single` option.
    Choice { question: Id, option: Id },
    /// Toggle a `multi` option.
    Toggle { question: Id, option: Id },
    /// Confirm a `multi` selection.
    Done { question: Id },
    /// A likert point, 1-based.
    Point { question: Id, point: u8 },
    /// Skip an optional question.
    Skip { question: Id },
    /// Move on from an info card.
    Next { card: Id },
    /// Confirm (`true`) or cancel withdrawing and deleting one's answers.
    Forget { confirm: bool },
    /// A `scale` value.
    Scale { question: Id, value: i32 },
    /// Place a `ranking` option next.
    Rank { question: Id, option: Id },
    /// Clear a partial ranking.
    RankReset { question: Id },
    /// Keep the current answer of a question one came back to.
    Keep { question: Id },
    /// Agree, disagree or pass on a statement (by its stored id).
    Vote { statement: i64, vote: Vote },
    /// Leave the statements stage (by stage index).
    EndDeck { stage: usize },
    /// Ask how to write a statement of one's own in this statements stage.
    Write { stage: usize },
    /// From the review: change the answer to a question of a round.
    Change { question: Id, round: u8 },
    /// Submit the answers listed by the review stage.
    Submit { stage: usize },
}

impl Callback {
    pub fn encode(&self) -> String {
        match self {
            Callback::Language(code) => format!("l:{code}"),
            Callback::Notice { version, accept } => {
                format!("n:{version}:{}", if *accept { "a" } else { "d" })
            }
            Callback::Choice { question, option } => format!("c:{question}:{option}"),
            Callback::Toggle { question, option } => format!("m:{question}:{option}"),
            Callback::Done { question } => format!("d:{question}"),
            Callback::Point { question, point } => format!("k:{question}:{point}"),
            Callback::Skip { question } => format!("s:{question}"),
            Callback::Next { card } => format!("i:{card}"),
            Callback::Forget { confirm } => format!("f:{}", if *confirm { "y" } else { "n" }),
            Callback::Scale { question, value } => format!("a:{question}:{value}"),
            Callback::Rank { question, option } => format!("r:{question}:{option}"),
            Callback::RankReset { question } => format!("z:{question}"),
            Callback::Keep { question } => format!("o:{question}"),
            Callback::Vote { statement, vote } => format!("v:{statement}:{}", vote.code()),
            Callback::EndDeck { stage } => format!("x:{stage}"),
            Callback::Write { stage } => format!("w:{stage}"),
            Callback::Change { question, round } => format!("e:{question}:{round}"),
            Callback::Submit { stage } => format!("y:{stage}"),
        }
    }

    /// Whether the button answers the question it was sent with (as opposed to votes, cards,
    /// menus and the review, whose older messages stay valid).
    pub fn answers_a_question(&self) -> bool {
        matches!(
            self,
            Callback::Choice { .. }
                | Callback::Toggle { .. }
                | Callback::Done { .. }
                | Callback::Point { .. }
                | Callback::Skip { .. }
                | Callback::Scale { .. }
                | Callback::Rank { .. }
                | Callback::RankReset { .. }
                | Callback::Keep { .. }
        )
    }

    /// Parses data from a button press; anything else (an old format, a forged press) is `None`.
    pub fn decode(data: &str) -> Option<Callback> {
        let mut parts = data.split(':');
        let tag = parts.next()?;
        let a = parts.next();
        let b = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let id = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(|s| Id(s.to_string()));
        Some(match (tag, b) {
            ("l", None) => Callback::Language(a.filter(|s| !s.is_empty())?.to_string()),
            ("n", Some(choice)) => Callback::Notice {
                version: a?.parse().ok()?,
                accept: match choice {
                    "a" => true,
                    "d" => false,
                    _ => return None,
                },
            },
            ("c", Some(_)) => Callback::Choice {
                question: id(a)?,
                option: id(b)?,
            },
            ("m", Some(_)) => Callback::Toggle {
                question: id(a)?,
                option: id(b)?,
            },
            ("d", None) => Callback::Done { question: id(a)? },
            ("k", Some(p)) => Callback::Point {
                question: id(a)?,
                point: p.parse().ok()?,
            },
            ("s", None) => Callback::Skip { question: id(a)? },
            ("i", None) => Callback::Next { card: id(a)? },
            ("a", Some(v)) => Callback::Scale {
                question: id(a)?,
                value: v.parse().ok()?,
            },
            ("r", Some(_)) => Callback::Rank {
                question: id(a)?,
                option: id(b)?,
            },
            ("z", None) => Callback::RankReset { question: id(a)? },
            ("o", None) => Callback::Keep { question: id(a)? },
            ("v", Some(v)) => Callback::Vote {
                statement: a?.parse().ok()?,
                vote: Vote::from_code(v)?,
            },
            ("x", None) => Callback::EndDeck {
                stage: a?.parse().ok()?,
            },
            ("w", None) => Callback::Write {
                stage: a?.parse().ok()?,
            },
            ("e", Some(r)) => Callback::Change {
                question: id(a)?,
                round: r.parse().ok().filter(|r| (1..=2).contains(r))?,
            },
            ("y", None) => Callback::Submit {
                stage: a?.parse().ok()?,
            },
            ("f", None) => Callback::Forget {
                confirm: match a? {
                    "y" => true,
                    "n" => false,
                    _ => return None,
                },
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        let q = Id("purpose".into());
        let o = Id("research".into());
        for cb in [
            Callback::Language("ar".into()),
            Callback::Notice {
                version: 3,
                accept: true,
            },
            Callback::Notice {
                version: 3,
                accept: false,
            },
            Callback::Choice {
                question: q.clone(),
                option: o.clone(),
            },
            Callback::Toggle {
                question: q.clone(),
                option: o.clone(),
            },
            Callback::Done {
                question: q.clone(),
            },
            Callback::Point {
                question: q.clone(),
                point: 7,
            },
            Callback::Skip {
                question: q.clone(),
            },
            Callback::Next { card: o.clone() },
            Callback::Forget { confirm: true },
            Callback::Forget { confirm: false },
            Callback::Scale {
                question: q.clone(),
                value: -3,
            },
            Callback::Rank {
                question: q.clone(),
                option: o.clone(),
            },
            Callback::RankReset {
                question: q.clone(),
            },
            Callback::Keep {
                question: q.clone(),
            },
            Callback::Vote {
                statement: 9_007_199_254_740_993,
                vote: Vote::Disagree,
            },
            Callback::EndDeck { stage: 4 },
            Callback::Write { stage: 4 },
            Callback::Change {
                question: q.clone(),
                round: 2,
            },
            Callback::Submit { stage: 5 },
        ] {
            assert_eq!(Callback::decode(&cb.encode()), Some(cb));
        }
    }

    #[test]
    fn malformed_data_is_rejected() {
        for data in [
            "",
            "x",
            "c:q",
            "c:q:o:extra",
            "k:q:seven",
            "n:1:maybe",
            "l:",
            "c::o",
            "v:12:x",
            "v:abc:a",
            "e:q:3",
            "x:-1",
            "w:",
        ] {
            assert_eq!(Callback::decode(data), None, "{data}");
        }
    }

    #[test]
    fn longest_code_fits_callback_data() {
        let q = Id("q".repeat(30));
        let o = Id("o".repeat(31));
        assert_eq!(
            Callback::Toggle {
                question: q,
                option: o
            }
            .encode()
            .len(),
            64
        );
    }
}
