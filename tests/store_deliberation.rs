//! `assent::store` for deliberation against a real PostgreSQL: seed statements, participants'
//! statements, votes with history and their counters, moderation, exports' tallies, `/forget`,
//! and answers per round. Each test gets a fresh migrated database from `common::fresh_db`,
//! drives the store's functions and checks the rows with raw SQL.

mod common;

use std::collections::BTreeMap;

use assent::{
    consultation::{
        self, Consultation, Id, Lang, Moderation, SeedStatement, Stage, StageKind, StatementStage,
        Text,
    },
    engine::{
        AnswerValue, Answers, ParticipantState, Record,
        deck::{Statement, Status, Vote, Wording},
    },
    store::{
        StoreError, answers, consultations, participants,
        statements::{self, Decided, StatementCounts, Tally},
    },
};
use serde_json::json;
use sqlx::PgPool;

const CITY: &str = include_str!("../consultations/city-health-data.toml");
const PARK: &str = include_str!("fixtures/valid.toml");

/// The organizer's Telegram id recorded as the decider.
const ORGANIZER: i64 = 4242;

fn parse(source: &str) -> Consultation {
    consultation::parse(source).unwrap_or_else(|d| panic!("consultation does not parse: {d:?}"))
}

fn statements_stage(id: &str, seeds: &[&str]) -> Stage {
    Stage {
        id: Id(id.into()),
        title: None,
        kind: StageKind::Statements(StatementStage {
            prompt: None,
            seeds: seeds
                .iter()
                .map(|s| SeedStatement {
                    id: Id((*s).into()),
                    text: Text(BTreeMap::from([(Lang("en".into()), format!("Seed {s}"))])),
                    dimension: None,
                })
                .collect(),
            moderation: Moderation::Strict,
            max_cards: 10,
            submissions: true,
            max_length: 280,
        }),
    }
}

/// `source` with its statements stages replaced by two: `views` and `more`, with these seeds.
fn with_statements(source: &str, views: &[&str], more: &[&str]) -> Consultation {
    let mut c = parse(source);
    // The bundled consultation has a statements stage of its own; these tests count only theirs.
    c.stages
        .retain(|s| !matches!(s.kind, StageKind::Statements(_)));
    c.stages.push(statements_stage("views", views));
    c.stages.push(statements_stage("more", more));
    c
}

async fn save(pool: &PgPool, c: &Consultation, source: &str) -> consultations::Stored {
    consultations::save_draft(pool, c, source)
        .await
        .expect("save_draft")
}

async fn city(pool: &PgPool) -> consultations::Stored {
    save(pool, &with_statements(CITY, &["s1", "s2"], &["s3"]), CITY).await
}

async fn park(pool: &PgPool) -> consultations::Stored {
    save(pool, &with_statements(PARK, &["p1"], &[]), PARK).await
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Creates a participant in a transaction of its own, accepting the notice if asked.
async fn participant(pool: &PgPool, consultation_id: i64, pseudonym: &str, accept: bool) -> i64 {
    let mut tx = pool.begin().await.unwrap();
    let p = participants::lock_or_create(&mut tx, consultation_id, pseudonym)
        .await
        .unwrap();
    if accept {
        participants::apply(&mut tx, p.id, &Record::NoticeAccepted { version: 1 })
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    p.id
}

/// The id of a seed statement.
async fn seed(pool: &PgPool, consultation_id: i64, seed_id: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM statements WHERE consultation_id = $1 AND seed_id = $2")
        .bind(consultation_id)
        .bind(seed_id)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn vote(
    pool: &PgPool,
    consultation_id: i64,
    participant_id: i64,
    statement_id: i64,
    v: Vote,
) -> Result<bool, StoreError> {
    let mut tx = pool.begin().await.unwrap();
    let changed =
        statements::vote(&mut tx, consultation_id, participant_id, statement_id, v).await?;
    tx.commit().await.unwrap();
    Ok(changed)
}

async fn submit(
    pool: &PgPool,
    consultation_id: i64,
    participant_id: i64,
    stage: &str,
    text: &str,
    language: &str,
) -> i64 {
    let mut tx = pool.begin().await.unwrap();
    let id = statements::submit(
        &mut tx,
        consultation_id,
        participant_id,
        stage,
        text,
        language,
        Status::Pending,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn decide(
    pool: &PgPool,
    statement_id: i64,
    approve: bool,
    reason: Option<&str>,
) -> Option<Decided> {
    let mut tx = pool.begin().await.unwrap();
    let decided = statements::decide(&mut tx, statement_id, approve, reason, ORGANIZER)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    decided
}

/// (agree, disagree, pass) as stored in the counter columns.
async fn counters(pool: &PgPool, statement_id: i64) -> (i32, i32, i32) {
    sqlx::query_as("SELECT agree, disagree, pass FROM statements WHERE id = $1")
        .bind(statement_id)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// (status, reason, decided_by, decided_at is set) of a statement.
async fn decision(pool: &PgPool, statement_id: i64) -> (String, Option<String>, Option<i64>, bool) {
    sqlx::query_as(
        "SELECT status, reason, decided_by, decided_at IS NOT NULL FROM statements WHERE id = $1",
    )
    .bind(statement_id)
    .fetch_one(pool)
    .await
    .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------------

type SeedRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    String,
);

async fn seed_rows(pool: &PgPool, consultation_id: i64) -> Vec<SeedRow> {
    sqlx::query_as(
        "SELECT id, stage_id, seed_id, text, author_id, status FROM statements
          WHERE consultation_id = $1 ORDER BY id",
    )
    .bind(consultation_id)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn save_draft_syncs_seed_statements_and_a_new_draft_drops_removed_seeds() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let stored = city(pool).await;

    let rows = seed_rows(pool, stored.id).await;
    let row = |id: i64, stage: &str, seed: &str| -> SeedRow {
        (
            id,
            stage.into(),
            Some(seed.into()),
            None,
            None,
            "approved".into(),
        )
    };
    assert_eq!(rows.len(), 3);
    let (s1, s2, s3) = (rows[0].0, rows[1].0, rows[2].0);
    assert_eq!(
        rows,
        vec![
            row(s1, "views", "s1"),
            row(s2, "views", "s2"),
            row(s3, "more", "s3"),
        ]
    );
    assert!(s1 < s2 && s2 < s3, "seeds are inserted in file order");
    // Saving the same draft again changes nothing.
    city(pool).await;
    assert_eq!(seed_rows(pool, stored.id).await, rows);

    // A new version of the draft: s2 is gone, s4 is new, s1 and s3 keep their rows.
    let changed = with_statements(CITY, &["s1", "s4"], &["s3"]);
    let again = save(pool, &changed, "changed").await;
    assert_eq!(again.id, stored.id);
    let rows = seed_rows(pool, stored.id).await;
    assert_eq!(rows.len(), 3);
    let s4 = rows[2].0;
    assert!(s4 > s3);
    assert_eq!(
        rows,
        vec![
            row(s1, "views", "s1"),
            row(s3, "more", "s3"),
            row(s4, "views", "s4"),
        ]
    );

    // A consultation without statements stages has no statements; other consultations'
    // seeds are untouched by a sync.
    let plain = save(pool, &parse(PARK), PARK).await;
    assert!(seed_rows(pool, plain.id).await.is_empty());
    assert_eq!(seed_rows(pool, stored.id).await.len(), 3);
    assert_eq!(
        statements::counts(pool, stored.id).await.unwrap(),
        StatementCounts {
            pending: 0,
            approved: 3,
            rejected: 0,
            written: 0,
            votes_current: 0,
            votes_superseded: 0,
        }
    );
}

#[tokio::test]
async fn an_open_consultation_keeps_its_seeds_when_a_new_file_is_refused() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let stored = city(pool).await;
    let rows = seed_rows(pool, stored.id).await;
    consultations::set_status(pool, "city-health-data", consultations::Status::Open)
        .await
        .unwrap();
    let changed = with_statements(CITY, &["other"], &[]);
    assert!(matches!(
        consultations::save_draft(pool, &changed, "changed").await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(seed_rows(pool, stored.id).await, rows);
}

// ---------------------------------------------------------------------------------------------
// Votes
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_latest_vote_counts_and_earlier_ones_are_kept() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let c = city(pool).await;
    let alice = participant(pool, c.id, "alice", true).await;
    let s1 = seed(pool, c.id, "s1").await;

    assert!(vote(pool, c.id, alice, s1, Vote::Agree).await.unwrap());
    assert_eq!(counters(pool, s1).await, (1, 0, 0));
    assert!(!vote(pool, c.id, alice, s1, Vote::Agree).await.unwrap());
    assert_eq!(counters(pool, s1).await, (1, 0, 0));
    assert!(vote(pool, c.id, alice, s1, Vote::Disagree).await.unwrap());
    assert_eq!(counters(pool, s1).await, (0, 1, 0));

    let rows: Vec<(i64, i64, i64, String, bool)> = sqlx::query_as(
        "SELECT consultation_id, statement_id, participant_id, vote, superseded_at IS NULL
           FROM votes ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![
            (c.id, s1, alice, "agree".into(), false),
            (c.id, s1, alice, "disagree".into(), true),
        ]
    );

    // Several votes in one transaction, on several statements, keep every counter in step.
    let bob = participant(pool, c.id, "bob", true).await;
    let s2 = seed(pool, c.id, "s2").await;
    let mut tx = pool.begin().await.unwrap();
    for (s, v) in [
        (s1, Vote::Pass),
        (s2, Vote::Agree),
        (s1, Vote::Agree),
        (s2, Vote::Pass),
    ] {
        assert!(statements::vote(&mut tx, c.id, bob, s, v).await.unwrap());
    }
    tx.commit().await.unwrap();
    assert_eq!(counters(pool, s1).await, (1, 1, 0));
    assert_eq!(counters(pool, s2).await, (0, 0, 1));
    let counts = statements::counts(pool, c.id).await.unwrap();
    assert_eq!((counts.votes_current, counts.votes_superseded), (3, 3));

    // The deck shows the counters and each participant's own current votes.
    let deck = statements::deck(pool, c.id, bob).await.unwrap();
    assert_eq!(
        deck.votes,
        BTreeMap::from([(s1, Vote::Agree), (s2, Vote::Pass)])
    );
    let first = deck.get(s1).unwrap();
    assert_eq!((first.agree, first.disagree, first.pass), (1, 1, 0));
    let deck = statements::deck(pool, c.id, alice).await.unwrap();
    assert_eq!(deck.votes, BTreeMap::from([(s1, Vote::Disagree)]));
}

#[tokio::test]
async fn votes_are_refused_before_consent() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let c = city(pool).await;
    let s1 = seed(pool, c.id, "s1").await;
    let id = participant(pool, c.id, "alice", false).await;

    assert!(matches!(
        vote(pool, c.id, id, s1, Vote::Agree).await,
        Err(StoreError::Conflict(_))
    ));
    let mut tx = pool.begin().await.unwrap();
    participants::apply(&mut tx, id, &Record::NoticeDeclined { version: 1 })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(matches!(
        vote(pool, c.id, id, s1, Vote::Agree).await,
        Err(StoreError::Conflict(_))
    ));
    // Nor an unknown participant.
    assert!(matches!(
        vote(pool, c.id, id + 1000, s1, Vote::Agree).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(count(pool, "SELECT count(*) FROM votes").await, 0);
    assert_eq!(counters(pool, s1).await, (0, 0, 0));

    // Nor a statement written before consent.
    let mut tx = pool.begin().await.unwrap();
    assert!(matches!(
        statements::submit(&mut tx, c.id, id, "views", "Hi", "en", Status::Pending).await,
        Err(StoreError::Conflict(_))
    ));
    drop(tx);

    // Accepting in the same transaction as the vote (as the bot does) allows it.
    let mut tx = pool.begin().await.unwrap();
    participants::apply(&mut tx, id, &Record::NoticeAccepted { version: 1 })
        .await
        .unwrap();
    assert!(
        statements::vote(&mut tx, c.id, id, s1, Vote::Pass)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    assert_eq!(counters(pool, s1).await, (0, 0, 1));
}

#[tokio::test]
async fn a_vote_on_another_consultations_statement_is_refused() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let c = city(pool).await;
    let p = park(pool).await;
    let alice = participant(pool, c.id, "alice", true).await;
    let carol = participant(pool, p.id, "carol", true).await;
    let park_seed = seed(pool, p.id, "p1").await;
    let city_seed = seed(pool, c.id, "s1").await;

    // A statement of the park consultation, voted on as in the city one.
    assert!(matches!(
        vote(pool, c.id, alice, park_seed, Vote::Agree).await,
        Err(StoreError::Conflict(_))
    ));
    // A participant of the park consultation, voting in the city one.
    assert!(matches!(
        vote(pool, c.id, carol, city_seed, Vote::Agree).await,
        Err(StoreError::Conflict(_))
    ));
    // An unknown statement.
    assert!(matches!(
        vote(pool, c.id, alice, park_seed + city_seed + 100, Vote::Agree).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(count(pool, "SELECT count(*) FROM votes").await, 0);
    assert_eq!(counters(pool, park_seed).await, (0, 0, 0));
    assert_eq!(counters(pool, city_seed).await, (0, 0, 0));
}

// ---------------------------------------------------------------------------------------------
// Statements written by participants, and the deck
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_submitted_statement_is_stored_and_the_deck_marks_it_own() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let c = city(pool).await;
    let alice = participant(pool, c.id, "alice", true).await;
    let bob = participant(pool, c.id, "bob", true).await;
    let (s1, s2, s3) = (
        seed(pool, c.id, "s1").await,
        seed(pool, c.id, "s2").await,
        seed(pool, c.id, "s3").await,
    );

    let mine = submit(pool, c.id, alice, "views", "Données ouvertes, oui", "fr").await;
    let mut tx = pool.begin().await.unwrap();
    let open = statements::submit(&mut tx, c.id, bob, "more", "Open", "en", Status::Approved)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let row: (
        i64,
        String,
        Option<String>,
        Option<i64>,
        String,
        String,
        bool,
    ) = sqlx::query_as(
        "SELECT consultation_id, stage_id, seed_id, author_id, text, language,
                status = 'pending' AND decided_at IS NULL AND agree + disagree + pass = 0
           FROM statements WHERE id = $1",
    )
    .bind(mine)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        row,
        (
            c.id,
            "views".into(),
            None,
            Some(alice),
            "Données ouvertes, oui".into(),
            "fr".into(),
            true
        )
    );

    let seed_of = |id: i64, stage: &str, seed: &str| Statement {
        id,
        stage: Id(stage.into()),
        wording: Wording::Seed(Id(seed.into())),
        status: Status::Approved,
        own: false,
        agree: 0,
        disagree: 0,
        pass: 0,
    };
    let written = |id: i64, stage: &str, text: &str, lang: &str, status, own| Statement {
        id,
        stage: Id(stage.into()),
        wording: Wording::Written {
            text: text.into(),
            language: Lang(lang.into()),
        },
        status,
        own,
        agree: 0,
        disagree: 0,
        pass: 0,
    };
    let deck = statements::deck(pool, c.id, alice).await.unwrap();
    assert_eq!(
        deck.statements,
        vec![
            seed_of(s1, "views", "s1"),
            seed_of(s2, "views", "s2"),
            seed_of(s3, "more", "s3"),
            written(
                mine,
                "views",
                "Données ouvertes, oui",
                "fr",
                Status::Pending,
                true
            ),
            written(open, "more", "Open", "en", Status::Approved, false),
        ]
    );
    assert!(deck.votes.is_empty());
    assert_eq!(deck.written_in(&Id("views".into())), 1);
    let deck = statements::deck(pool, c.id, bob).await.unwrap();
    assert_eq!(
        deck.statements
            .iter()
            .map(|s| (s.id, s.own))
            .collect::<Vec<_>>(),
        vec![
            (s1, false),
            (s2, false),
            (s3, false),
            (mine, false),
            (open, true)
        ]
    );
    // Another consultation's deck holds none of these.
    let p = park(pool).await;
    let deck = statements::deck(pool, p.id, alice).await.unwrap();
    assert_eq!(deck.statements.len(), 1);
    assert_eq!(deck.statements[0].wording, Wording::Seed(Id("p1".into())));

    assert_eq!(
        statements::counts(pool, c.id).await.unwrap(),
        StatementCounts {
            pending: 1,
            approved: 4,
            rejected: 0,
            written: 2,
            votes_current: 0,
            votes_superseded: 0,
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Moderation
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn approving_twice_changes_nothing_the_second_time() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let c = city(pool).await;
    let alice = participant(pool, c.id, "alice", true).await;
    let id = submit(pool, c.id, alice, "views", "Keep it local", "en").await;

    let decided = decide(pool, id, true, None).await.expect("approved");
    assert_eq!(
        decided,
        Decided {
            id,
            status: Status::Approved,
            text: "Keep it local".into(),
            language: "en".into(),
            chat_id: None,
            reason: None,
            was_approved: false,
        }
    );
    assert_eq!(
        decision(pool, id).await,
        ("approved".into(), None, Some(ORGANIZER), true)
    );
    let decided_at: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT decided_at FROM statements WHERE id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap();

    let mut tx = pool.begin().await.unwrap();
    assert_eq!(
        statements::decide(&mut tx, id, true, Some("again"), ORGANIZER + 1)
            .await
            .unwrap(),
        None
    );
    tx.commit().await.unwrap();
    assert_eq!(
        decision(pool, id).await,
        ("approved".into(), None, Some(ORGANIZER), true)
    );
    let unchanged: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT decided_at FROM statements WHERE id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(unchanged, decided_at);
    // An unknown id is no decision either.
    assert_eq!(decide(pool, id + 100, true, None).await, None);
    assert_eq!(decide(pool, id + 100, false, None).await, None);
}

#[tokio::test]
async fn a_rejection_tells_the_author_in_their_language() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let c = city(pool).await;
    let alice = participant(pool, c.id, "alice", true).await;
    let bob = participant(pool, c.id, "bob", true).await;
    let carol = participant(pool, c.id, "carol", true).await;

    // Alice writes in English, then switches the conversation to Spanish; her chat is linked.
    let mut tx = pool.begin().await.unwrap();
    participants::link_contact(&mut tx, alice, 555_001)
        .await
        .unwrap();
    participants::link_contact(&mut tx, bob, 555_002)
        .await
        .unwrap();
    let mut state = ParticipantState::new();
    state.language = Some(Lang("es".into()));
    participants::save_state(&mut tx, alice, &state)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let by_alice = submit(pool, c.id, alice, "views", "Sell it all", "en").await;
    // Bob chose no language: his statement's language stands in; he blocked the bot.
    participants::mark_unreachable(pool, 555_002).await.unwrap();
    let by_bob = submit(pool, c.id, bob, "views", "Vendez", "fr").await;
    // Carol has no contact at all.
    let by_carol = submit(pool, c.id, carol, "more", "No", "ar").await;

    assert_eq!(
        decide(pool, by_alice, false, Some("off-topic")).await,
        Some(Decided {
            id: by_alice,
            status: Status::Rejected,
            text: "Sell it all".into(),
            language: "es".into(),
            chat_id: Some(555_001),
            reason: Some("off-topic".into()),
            was_approved: false,
        })
    );
    assert_eq!(
        decision(pool, by_alice).await,
        (
            "rejected".into(),
            Some("off-topic".into()),
            Some(ORGANIZER),
            true
        )
    );
    let bob_decided = decide(pool, by_bob, false, None).await.unwrap();
    assert_eq!(
        (bob_decided.language.as_str(), bob_decided.chat_id),
        ("fr", None)
    );
    let carol_decided = decide(pool, by_carol, false, Some("x")).await.unwrap();
    assert_eq!(
        (carol_decided.language.as_str(), carol_decided.chat_id),
        ("ar", None)
    );
    // Rejected is final: neither approving nor rejecting again does anything.
    assert_eq!(decide(pool, by_alice, true, None).await, None);
    assert_eq!(decide(pool, by_alice, false, Some("again")).await, None);
    assert_eq!(
        decision(pool, by_alice).await,
        (
            "rejected".into(),
            Some("off-topic".into()),
            Some(ORGANIZER),
            true
        )
    );
}

#[tokio::test]
async fn an_approved_statement_can_be_removed_but_a_seed_cannot() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let c = city(pool).await;
    let alice = participant(pool, c.id, "alice", true).await;
    let bob = participant(pool, c.id, "bob", true).await;
    let id = submit(pool, c.id, alice, "views", "Ask us again", "en").await;
    decide(pool, id, true, None).await.unwrap();
    vote(pool, c.id, bob, id, Vote::Agree).await.unwrap();

    let removed = decide(pool, id, false, Some("duplicate")).await.unwrap();
    assert_eq!(removed.status, Status::Rejected);
    assert_eq!(removed.reason.as_deref(), Some("duplicate"));
    assert_eq!(
        decision(pool, id).await,
        (
            "rejected".into(),
            Some("duplicate".into()),
            Some(ORGANIZER),
            true
        )
    );
    // The vote stays stored (history); the tally still shows it, with the status to filter on.
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM votes WHERE superseded_at IS NULL"
        )
        .await,
        1
    );
    let tally = statements::tally(pool, c.id).await.unwrap();
    let row = tally.iter().find(|t| t.id == id).unwrap();
    assert_eq!((row.status, row.agree), (Status::Rejected, 1));

    let s1 = seed(pool, c.id, "s1").await;
    assert_eq!(decide(pool, s1, false, Some("no")).await, None);
    assert_eq!(decide(pool, s1, true, None).await, None);
    assert_eq!(
        decision(pool, s1).await,
        ("approved".into(), None, None, false)
    );
}

#[tokio::test]
async fn next_pending_is_the_oldest_over_all_consultations() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    assert_eq!(statements::next_pending(pool).await.unwrap(), None);
    let c = city(pool).await;
    let p = park(pool).await;
    let alice = participant(pool, c.id, "alice", true).await;
    let carol = participant(pool, p.id, "carol", true).await;

    let first = submit(pool, c.id, alice, "views", "First", "en").await;
    let second = submit(pool, p.id, carol, "views", "Second", "es").await;
    let third = submit(pool, c.id, alice, "more", "Third", "en").await;
    // The third was written earliest; the first and second at the same moment (id decides).
    sqlx::query(
        "UPDATE statements SET created_at = CASE id
                WHEN $1 THEN timestamptz '2026-01-01 10:00Z'
                WHEN $2 THEN timestamptz '2026-01-01 10:00Z'
                ELSE timestamptz '2026-01-01 09:00Z' END
          WHERE id IN ($1, $2, $3)",
    )
    .bind(first)
    .bind(second)
    .bind(third)
    .execute(pool)
    .await
    .unwrap();
    // An approved statement never waits.
    let mut tx = pool.begin().await.unwrap();
    statements::submit(
        &mut tx,
        c.id,
        alice,
        "views",
        "Free",
        "en",
        Status::Approved,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let next = statements::next_pending(pool).await.unwrap().unwrap();
    assert_eq!(
        next,
        statements::Pending {
            id: third,
            consultation_id: c.id,
            slug: "city-health-data".into(),
            stage_id: "more".into(),
            text: "Third".into(),
            language: "en".into(),
            created_at: "2026-01-01T09:00:00Z".parse().unwrap(),
            remaining: 3,
        }
    );
    decide(pool, third, true, None).await.unwrap();
    let next = statements::next_pending(pool).await.unwrap().unwrap();
    assert_eq!(
        (next.id, next.slug.as_str(), next.remaining),
        (first, "city-health-data", 2)
    );
    decide(pool, first, false, None).await.unwrap();
    let next = statements::next_pending(pool).await.unwrap().unwrap();
    assert_eq!(
        (
            next.id,
            next.consultation_id,
            next.slug.as_str(),
            next.language.as_str(),
            next.remaining
        ),
        (second, p.id, "park-sensors", "es", 1)
    );
    decide(pool, second, true, None).await.unwrap();
    assert_eq!(statements::next_pending(pool).await.unwrap(), None);
}

// ---------------------------------------------------------------------------------------------
// Tallies and /forget
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_tally_counts_current_votes_from_the_votes_table() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let c = city(pool).await;
    let p = park(pool).await;
    let alice = participant(pool, c.id, "alice", true).await;
    let bob = participant(pool, c.id, "bob", true).await;
    let carol = participant(pool, p.id, "carol", true).await;
    let (s1, s2, s3) = (
        seed(pool, c.id, "s1").await,
        seed(pool, c.id, "s2").await,
        seed(pool, c.id, "s3").await,
    );
    let written = submit(pool, c.id, alice, "views", "Mine", "fr").await;

    for (who, s, v) in [
        (alice, s1, Vote::Agree),
        (bob, s1, Vote::Agree),
        (bob, s1, Vote::Disagree),
        (alice, s2, Vote::Pass),
        (bob, written, Vote::Agree),
    ] {
        vote(pool, c.id, who, s, v).await.unwrap();
    }
    vote(pool, p.id, carol, seed(pool, p.id, "p1").await, Vote::Agree)
        .await
        .unwrap();
    // Wrong counters do not leak into the tally: it counts rows.
    sqlx::query("UPDATE statements SET agree = 99, disagree = 99, pass = 99")
        .execute(pool)
        .await
        .unwrap();

    let tally = statements::tally(pool, c.id).await.unwrap();
    let seed_tally = |id, stage: &str, seed: &str, a, d, p| Tally {
        id,
        stage_id: stage.into(),
        seed_id: Some(seed.into()),
        text: None,
        language: None,
        status: Status::Approved,
        written_by_participant: false,
        agree: a,
        disagree: d,
        pass: p,
    };
    assert_eq!(
        tally,
        vec![
            seed_tally(s3, "more", "s3", 0, 0, 0),
            seed_tally(s1, "views", "s1", 1, 1, 0),
            seed_tally(s2, "views", "s2", 0, 0, 1),
            Tally {
                id: written,
                stage_id: "views".into(),
                seed_id: None,
                text: Some("Mine".into()),
                language: Some("fr".into()),
                status: Status::Pending,
                written_by_participant: true,
                agree: 1,
                disagree: 0,
                pass: 0,
            },
        ]
    );
    assert!(
        statements::tally(pool, c.id + p.id + 100)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn forget_takes_the_votes_off_the_counters_and_deletes_own_statements() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let c = city(pool).await;
    let alice = participant(pool, c.id, "alice", true).await;
    let bob = participant(pool, c.id, "bob", true).await;
    let (s1, s2, s3) = (
        seed(pool, c.id, "s1").await,
        seed(pool, c.id, "s2").await,
        seed(pool, c.id, "s3").await,
    );
    let by_alice = submit(pool, c.id, alice, "views", "Alice's", "en").await;
    let by_bob = submit(pool, c.id, bob, "views", "Bob's", "en").await;
    for (who, s, v) in [
        (alice, s1, Vote::Agree),
        (alice, s1, Vote::Pass),
        (alice, s2, Vote::Disagree),
        (alice, by_bob, Vote::Agree),
        (bob, s1, Vote::Pass),
        (bob, s2, Vote::Agree),
        (bob, by_alice, Vote::Disagree),
    ] {
        vote(pool, c.id, who, s, v).await.unwrap();
    }
    assert_eq!(counters(pool, s1).await, (0, 0, 2));
    assert_eq!(counters(pool, s2).await, (1, 1, 0));

    let mut tx = pool.begin().await.unwrap();
    participants::link_contact(&mut tx, alice, 777)
        .await
        .unwrap();
    participants::forget(&mut tx, alice, 777).await.unwrap();
    tx.commit().await.unwrap();

    assert_eq!(counters(pool, s1).await, (0, 0, 1));
    assert_eq!(counters(pool, s2).await, (1, 0, 0));
    assert_eq!(counters(pool, s3).await, (0, 0, 0));
    assert_eq!(counters(pool, by_bob).await, (0, 0, 0));
    let left: Vec<i64> = sqlx::query_scalar("SELECT id FROM statements ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(left, vec![s1, s2, s3, by_bob]);
    let votes: Vec<(i64, i64, String, bool)> = sqlx::query_as(
        "SELECT participant_id, statement_id, vote, superseded_at IS NULL FROM votes ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(
        votes,
        vec![
            (bob, s1, "pass".into(), true),
            (bob, s2, "agree".into(), true),
        ]
    );
    // The counters agree with the rows everywhere.
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM statements s,
                    LATERAL (SELECT count(*) FILTER (WHERE vote = 'agree') AS a,
                                    count(*) FILTER (WHERE vote = 'disagree') AS d,
                                    count(*) FILTER (WHERE vote = 'pass') AS p
                               FROM votes v
                              WHERE v.statement_id = s.id AND v.superseded_at IS NULL) v
              WHERE (s.agree, s.disagree, s.pass) <> (v.a, v.d, v.p)"
        )
        .await,
        0
    );
    assert_eq!(
        statements::counts(pool, c.id).await.unwrap(),
        StatementCounts {
            pending: 1,
            approved: 3,
            rejected: 0,
            written: 1,
            votes_current: 2,
            votes_superseded: 0,
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Answers per round
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn answers_are_kept_per_round_and_clear_supersedes() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let c = city(pool).await;
    let alice = participant(pool, c.id, "alice", true).await;
    let bob = participant(pool, c.id, "bob", true).await;

    let mut tx = pool.begin().await.unwrap();
    for (who, q, round, v) in [
        (alice, "reuse_ok", 1, AnswerValue::Point(2)),
        (alice, "reuse_ok", 2, AnswerValue::Point(4)),
        // The same value again in round 2: no new row.
        (alice, "reuse_ok", 2, AnswerValue::Point(4)),
        // A change in round 1 leaves round 2 alone.
        (alice, "reuse_ok", 1, AnswerValue::Point(3)),
        (alice, "purposes", 1, AnswerValue::Skipped),
        (bob, "reuse_ok", 1, AnswerValue::Point(5)),
    ] {
        answers::record(&mut tx, c.id, who, q, round, &v, "en")
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let rows: Vec<(i64, String, i16, serde_json::Value, bool)> = sqlx::query_as(
        "SELECT participant_id, question_id, round, value, superseded_at IS NULL
           FROM answers ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let point = |p: u8| json!({"kind": "point", "value": p});
    assert_eq!(
        rows,
        vec![
            (alice, "reuse_ok".into(), 1, point(2), false),
            (alice, "reuse_ok".into(), 2, point(4), true),
            (alice, "reuse_ok".into(), 1, point(3), true),
            (
                alice,
                "purposes".into(),
                1,
                json!({"kind": "skipped"}),
                true
            ),
            (bob, "reuse_ok".into(), 1, point(5), true),
        ]
    );

    let mut want = Answers::new();
    want.set(Id("reuse_ok".into()), 1, AnswerValue::Point(3));
    want.set(Id("reuse_ok".into()), 2, AnswerValue::Point(4));
    want.set(Id("purposes".into()), 1, AnswerValue::Skipped);
    assert_eq!(answers::of_participant(pool, alice).await.unwrap(), want);

    let current = answers::current(pool, c.id).await.unwrap();
    let got: Vec<(&str, &str, u8, &AnswerValue)> = current
        .iter()
        .map(|a| {
            (
                a.pseudonym.as_str(),
                a.question_id.as_str(),
                a.round,
                &a.value,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("alice", "reuse_ok", 2, &AnswerValue::Point(4)),
            ("alice", "reuse_ok", 1, &AnswerValue::Point(3)),
            ("alice", "purposes", 1, &AnswerValue::Skipped),
            ("bob", "reuse_ok", 1, &AnswerValue::Point(5)),
        ]
    );

    // Clearing round 2 supersedes that row only, adds none; clearing again is a no-op.
    let mut tx = pool.begin().await.unwrap();
    answers::clear(&mut tx, alice, "reuse_ok", 2).await.unwrap();
    answers::clear(&mut tx, alice, "reuse_ok", 2).await.unwrap();
    answers::clear(&mut tx, alice, "never_answered", 1)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(count(pool, "SELECT count(*) FROM answers").await, 5);
    assert_eq!(answers::count_history(pool, c.id).await.unwrap(), (3, 2));
    let mut want = Answers::new();
    want.set(Id("reuse_ok".into()), 1, AnswerValue::Point(3));
    want.set(Id("purposes".into()), 1, AnswerValue::Skipped);
    assert_eq!(answers::of_participant(pool, alice).await.unwrap(), want);
    assert_eq!(
        answers::of_participant(pool, bob)
            .await
            .unwrap()
            .get(&Id("reuse_ok".into()), 1),
        Some(&AnswerValue::Point(5))
    );

    // Answering after a clear gives a new current row in that round.
    let mut tx = pool.begin().await.unwrap();
    answers::record(
        &mut tx,
        c.id,
        alice,
        "reuse_ok",
        2,
        &AnswerValue::Point(4),
        "es",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(answers::count_history(pool, c.id).await.unwrap(), (4, 2));
    assert!(
        answers::of_participant(pool, alice + bob + 100)
            .await
            .unwrap()
            .iter()
            .next()
            .is_none()
    );
}
