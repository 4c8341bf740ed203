//! `assent::store` against a real PostgreSQL: each test gets a fresh migrated database from
//! `common::fresh_db`, drives the store's functions and checks the rows with raw SQL.

mod common;

use std::time::Duration;

use assent::{
    consultation::{self, Consultation, Id, Lang},
    engine::{AnswerValue, Button, Effect, ParticipantState, Record, Reply, Step},
    store::{
        StoreError, answers,
        consultations::{self, Status},
        outbox, participants,
        pseudonym::PseudonymKey,
        updates,
    },
};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

const CITY: &str = include_str!("../consultations/city-health-data.toml");
const CITY_SLUG: &str = "city-health-data";
const PARK: &str = include_str!("fixtures/valid.toml");
const PARK_SLUG: &str = "park-sensors";

/// A distinctive Telegram user id, easy to spot in a row's text.
const TELEGRAM_ID: u64 = 987654321;

/// How long a blocked transaction is given to prove it waits (it must not finish in this time).
const STILL_BLOCKED: Duration = Duration::from_millis(700);
/// How long a blocked transaction may take to finish once the lock is released.
const RELEASED_WITHIN: Duration = Duration::from_secs(10);

fn parse(source: &str) -> Consultation {
    consultation::parse(source).unwrap_or_else(|d| panic!("consultation does not parse: {d:?}"))
}

fn city() -> Consultation {
    parse(CITY)
}

async fn save(pool: &PgPool, source: &str) -> consultations::Stored {
    consultations::save_draft(pool, &parse(source), source)
        .await
        .expect("save_draft")
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Creates (or finds) a participant in a transaction of its own, accepting the notice if asked.
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

async fn record(
    pool: &PgPool,
    consultation_id: i64,
    participant_id: i64,
    question: &str,
    value: &AnswerValue,
) -> Result<(), StoreError> {
    let mut tx = pool.begin().await.unwrap();
    answers::record(
        &mut tx,
        consultation_id,
        participant_id,
        question,
        1,
        value,
        "en",
    )
    .await?;
    tx.commit().await.unwrap();
    Ok(())
}

fn choice(id: &str) -> AnswerValue {
    AnswerValue::Choice(Id(id.into()))
}

fn is_invite_code(code: &str) -> bool {
    code.len() == 12 && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

// ---------------------------------------------------------------------------------------------
// Consultations
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn save_draft_creates_a_draft_with_an_invite_code() {
    let db = common::fresh_db().await;
    let pool = &db.pool;

    let stored = save(pool, CITY).await;
    assert_eq!(stored.status, Status::Draft);
    assert!(
        is_invite_code(&stored.invite_code),
        "invite code {:?} is not 12 characters of [A-Za-z0-9]",
        stored.invite_code
    );
    assert_eq!(stored.definition, city());
    assert_eq!(stored.definition.slug.as_str(), CITY_SLUG);

    let (slug, status, source, hash, code, opened): (
        String,
        String,
        String,
        String,
        String,
        Option<chrono::DateTime<chrono::Utc>>,
    ) = sqlx::query_as(
        "SELECT slug, status, source, source_hash, invite_code, opened_at
           FROM consultations WHERE id = $1",
    )
    .bind(stored.id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(slug, CITY_SLUG);
    assert_eq!(status, "draft");
    assert_eq!(source, CITY);
    assert_eq!(hash, hex::encode(Sha256::digest(CITY.as_bytes())));
    assert_eq!(code, stored.invite_code);
    assert_eq!(opened, None);
    assert_eq!(count(pool, "SELECT count(*) FROM consultations").await, 1);

    // Two consultations get two different codes.
    let park = save(pool, PARK).await;
    assert!(is_invite_code(&park.invite_code));
    assert_ne!(park.invite_code, stored.invite_code);
    assert_ne!(park.id, stored.id);
}

#[tokio::test]
async fn save_draft_again_updates_the_draft_and_keeps_the_invite_code() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let first = save(pool, CITY).await;

    let mut changed = city();
    changed.notice.version = 2;
    changed
        .title
        .0
        .insert(Lang("en".into()), "A new title".into());
    let changed_source = format!("{CITY}\n# second version\n");
    let second = consultations::save_draft(pool, &changed, &changed_source)
        .await
        .unwrap();

    assert_eq!(second.id, first.id);
    assert_eq!(second.invite_code, first.invite_code);
    assert_eq!(second.status, Status::Draft);
    assert_eq!(second.definition, changed);
    assert_ne!(second.definition, first.definition);
    assert_eq!(count(pool, "SELECT count(*) FROM consultations").await, 1);

    let reloaded = consultations::by_slug(pool, CITY_SLUG)
        .await
        .unwrap()
        .expect("by_slug");
    assert_eq!(reloaded.definition, changed);
    assert_eq!(reloaded.definition.notice.version, 2);
    let (source, hash, bumped): (String, String, bool) = sqlx::query_as(
        "SELECT source, source_hash, updated_at > created_at FROM consultations WHERE id = $1",
    )
    .bind(first.id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(source, changed_source);
    assert_eq!(hash, hex::encode(Sha256::digest(changed_source.as_bytes())));
    assert!(bumped, "updated_at is not moved on a new version");
}

#[tokio::test]
async fn open_or_closed_consultations_are_never_replaced() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let draft = save(pool, CITY).await;

    assert_eq!(
        consultations::set_status(pool, CITY_SLUG, Status::Open)
            .await
            .unwrap(),
        Some(Status::Draft)
    );
    let (status, opened, closed): (String, bool, bool) = sqlx::query_as(
        "SELECT status, opened_at IS NOT NULL, closed_at IS NOT NULL FROM consultations",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!((status.as_str(), opened, closed), ("open", true, false));

    let mut changed = city();
    changed.notice.version = 7;
    let err = consultations::save_draft(pool, &changed, "changed")
        .await
        .expect_err("an open consultation must not be replaced");
    match err {
        StoreError::Conflict(slug) => assert_eq!(slug, CITY_SLUG),
        other => panic!("expected Conflict, got {other:?}"),
    }
    let kept = consultations::by_slug(pool, CITY_SLUG)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.status, Status::Open);
    assert_eq!(kept.definition, city());
    assert_eq!(kept.invite_code, draft.invite_code);
    let source: String = sqlx::query_scalar("SELECT source FROM consultations")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(source, CITY);

    // Open → Closed returns Open; a closed consultation is not replaced either.
    assert_eq!(
        consultations::set_status(pool, CITY_SLUG, Status::Closed)
            .await
            .unwrap(),
        Some(Status::Open)
    );
    assert_eq!(
        consultations::set_status(pool, CITY_SLUG, Status::Closed)
            .await
            .unwrap(),
        Some(Status::Closed)
    );
    let closed: bool =
        sqlx::query_scalar("SELECT closed_at IS NOT NULL AND status = 'closed' FROM consultations")
            .fetch_one(pool)
            .await
            .unwrap();
    assert!(closed);
    assert!(matches!(
        consultations::save_draft(pool, &city(), CITY).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(count(pool, "SELECT count(*) FROM consultations").await, 1);
}

#[tokio::test]
async fn set_status_of_an_unknown_slug_is_none() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    assert_eq!(
        consultations::set_status(pool, "nobody", Status::Open)
            .await
            .unwrap(),
        None
    );
    save(pool, CITY).await;
    assert_eq!(
        consultations::set_status(pool, "nobody", Status::Open)
            .await
            .unwrap(),
        None
    );
    // The known one was not touched.
    let status: String = sqlx::query_scalar("SELECT status FROM consultations")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(status, "draft");
}

#[tokio::test]
async fn concurrent_set_status_reports_the_status_it_replaced() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    save(pool, CITY).await;

    let mut first = pool.begin().await.unwrap();
    let replaced = consultations::set_status(&mut *first, CITY_SLUG, Status::Open)
        .await
        .unwrap();
    assert_eq!(replaced, Some(Status::Draft));
    let other = pool.clone();
    let mut second = tokio::spawn(async move {
        consultations::set_status(&other, CITY_SLUG, Status::Open)
            .await
            .unwrap()
    });
    assert!(
        tokio::time::timeout(STILL_BLOCKED, &mut second)
            .await
            .is_err(),
        "the second set_status did not wait for the first transaction"
    );
    first.commit().await.unwrap();
    let replaced = tokio::time::timeout(RELEASED_WITHIN, second)
        .await
        .expect("the second set_status finishes after the first commits")
        .unwrap();
    // Only one of the two saw the draft: the second one replaced an open consultation.
    assert_eq!(replaced, Some(Status::Open));
}

#[tokio::test]
async fn concurrent_first_saves_of_a_slug_make_one_consultation() {
    let db = common::fresh_db().await;
    let pool = &db.pool;

    let mut first = pool.begin().await.unwrap();
    let created = consultations::save_draft(&mut *first, &city(), CITY)
        .await
        .unwrap();
    let other = pool.clone();
    let mut second = tokio::spawn(async move {
        let mut changed = city();
        changed.notice.version = 3;
        consultations::save_draft(&other, &changed, "second").await
    });
    assert!(
        tokio::time::timeout(STILL_BLOCKED, &mut second)
            .await
            .is_err(),
        "the second save did not wait for the first transaction"
    );
    first.commit().await.unwrap();
    let updated = tokio::time::timeout(RELEASED_WITHIN, second)
        .await
        .expect("the second save finishes after the first commits")
        .unwrap()
        .expect("the second save updates the draft");
    assert_eq!(updated.id, created.id);
    assert_eq!(updated.invite_code, created.invite_code);
    assert_eq!(updated.definition.notice.version, 3);
    assert_eq!(count(pool, "SELECT count(*) FROM consultations").await, 1);
}

#[tokio::test]
async fn lookups_by_invite_slug_and_id() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    let park = save(pool, PARK).await;

    let found = consultations::by_invite(pool, &city.invite_code)
        .await
        .unwrap()
        .expect("by_invite");
    assert_eq!(found.id, city.id);
    assert_eq!(found.definition.slug.as_str(), CITY_SLUG);
    let found = consultations::by_invite(pool, &park.invite_code)
        .await
        .unwrap()
        .expect("by_invite");
    assert_eq!(found.id, park.id);
    assert_eq!(found.invite_code, park.invite_code);

    assert!(
        consultations::by_invite(pool, "AAAAAAAAAAAA")
            .await
            .unwrap()
            .is_none()
    );
    // Codes are case-sensitive.
    let flipped: String = city
        .invite_code
        .chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect();
    if flipped != city.invite_code {
        assert!(
            consultations::by_invite(pool, &flipped)
                .await
                .unwrap()
                .is_none()
        );
    }

    let by_slug = consultations::by_slug(pool, PARK_SLUG)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_slug.id, park.id);
    assert_eq!(by_slug.status, Status::Draft);
    assert_eq!(by_slug.definition, parse(PARK));
    assert!(
        consultations::by_slug(pool, "nobody")
            .await
            .unwrap()
            .is_none()
    );

    let by_id = consultations::by_id(pool, city.id).await.unwrap().unwrap();
    assert_eq!(by_id.invite_code, city.invite_code);
    assert!(
        consultations::by_id(pool, city.id + park.id + 100)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn list_counts_only_participants_who_accepted_the_notice() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    assert!(consultations::list(pool).await.unwrap().is_empty());

    let city = save(pool, CITY).await;
    let park = save(pool, PARK).await;
    consultations::set_status(pool, CITY_SLUG, Status::Open)
        .await
        .unwrap();

    participant(pool, city.id, "city-a", true).await;
    participant(pool, city.id, "city-b", true).await;
    participant(pool, city.id, "city-c", false).await;
    let declined = participant(pool, city.id, "city-d", false).await;
    let mut tx = pool.begin().await.unwrap();
    participants::apply(&mut tx, declined, &Record::NoticeDeclined { version: 1 })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    participant(pool, park.id, "park-a", false).await;

    let listed: Vec<(String, Status, i64)> = consultations::list(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.slug, l.status, l.participants))
        .collect();
    assert_eq!(
        listed,
        vec![
            (CITY_SLUG.to_string(), Status::Open, 2),
            (PARK_SLUG.to_string(), Status::Draft, 0),
        ]
    );

    // Accepting later counts.
    let mut tx = pool.begin().await.unwrap();
    let park_a = participants::lock_or_create(&mut tx, park.id, "park-a")
        .await
        .unwrap();
    participants::apply(&mut tx, park_a.id, &Record::NoticeAccepted { version: 1 })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let counts: Vec<i64> = consultations::list(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.participants)
        .collect();
    assert_eq!(counts, vec![2, 1]);

    let c = participants::counts(pool, city.id).await.unwrap();
    assert_eq!((c.started, c.consented, c.completed), (4, 2, 0));
    assert!(c.first_seen.is_some());
}

#[tokio::test]
async fn delete_cascades_to_everything_of_the_consultation() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    let park = save(pool, PARK).await;

    for (consultation, names) in [(&city, ["c1", "c2"]), (&park, ["p1", "p2"])] {
        for (i, name) in names.iter().enumerate() {
            let id = participant(pool, consultation.id, name, true).await;
            record(pool, consultation.id, id, "q1", &choice("a"))
                .await
                .unwrap();
            record(pool, consultation.id, id, "q1", &choice("b"))
                .await
                .unwrap();
            let chat = consultation.id * 1000 + i as i64;
            let mut tx = pool.begin().await.unwrap();
            participants::link_contact(&mut tx, id, chat).await.unwrap();
            participants::set_session(&mut tx, chat, consultation.id)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
    }
    assert_eq!(count(pool, "SELECT count(*) FROM participants").await, 4);
    assert_eq!(count(pool, "SELECT count(*) FROM answers").await, 8);
    assert_eq!(count(pool, "SELECT count(*) FROM contacts").await, 4);
    assert_eq!(count(pool, "SELECT count(*) FROM chat_sessions").await, 4);

    assert!(consultations::delete(pool, CITY_SLUG).await.unwrap());
    assert!(
        consultations::by_slug(pool, CITY_SLUG)
            .await
            .unwrap()
            .is_none()
    );
    let remaining = |table: &str| {
        format!(
            "SELECT count(*) FROM {table} WHERE consultation_id = {}",
            city.id
        )
    };
    assert_eq!(count(pool, &remaining("participants")).await, 0);
    assert_eq!(count(pool, &remaining("answers")).await, 0);
    assert_eq!(count(pool, &remaining("chat_sessions")).await, 0);
    // The other consultation keeps all of its rows.
    assert_eq!(count(pool, "SELECT count(*) FROM consultations").await, 1);
    assert_eq!(count(pool, "SELECT count(*) FROM participants").await, 2);
    assert_eq!(count(pool, "SELECT count(*) FROM answers").await, 4);
    assert_eq!(count(pool, "SELECT count(*) FROM contacts").await, 2);
    assert_eq!(count(pool, "SELECT count(*) FROM chat_sessions").await, 2);
    assert_eq!(answers::count_history(pool, city.id).await.unwrap(), (0, 0));
    assert_eq!(answers::count_history(pool, park.id).await.unwrap(), (2, 2));

    assert!(!consultations::delete(pool, CITY_SLUG).await.unwrap());
    assert!(!consultations::delete(pool, "nobody").await.unwrap());

    // The slug is free again: a new draft, with a new id.
    let again = save(pool, CITY).await;
    assert_ne!(again.id, city.id);
    assert_eq!(again.status, Status::Draft);
}

// ---------------------------------------------------------------------------------------------
// Participants
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn lock_or_create_is_idempotent_per_pseudonym() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    let park = save(pool, PARK).await;

    let mut tx = pool.begin().await.unwrap();
    let first = participants::lock_or_create(&mut tx, city.id, "alice")
        .await
        .unwrap();
    assert_eq!(first.state, ParticipantState::new());
    assert_eq!(first.state.step, Step::ChoosingLanguage);
    assert_eq!(first.state.language, None);
    // Again in the same transaction (the row lock is ours already).
    let same_tx = participants::lock_or_create(&mut tx, city.id, "alice")
        .await
        .unwrap();
    assert_eq!(same_tx.id, first.id);
    tx.commit().await.unwrap();

    let mut tx = pool.begin().await.unwrap();
    let again = participants::lock_or_create(&mut tx, city.id, "alice")
        .await
        .unwrap();
    let bob = participants::lock_or_create(&mut tx, city.id, "bob")
        .await
        .unwrap();
    // The same pseudonym in another consultation is another participant.
    let alice_park = participants::lock_or_create(&mut tx, park.id, "alice")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(again.id, first.id);
    assert_ne!(bob.id, first.id);
    assert_ne!(alice_park.id, first.id);
    assert_ne!(alice_park.id, bob.id);
    assert_eq!(bob.state, ParticipantState::new());

    let rows: Vec<(i64, i64, String, serde_json::Value, Option<String>, bool)> = sqlx::query_as(
        "SELECT id, consultation_id, pseudonym, state, language, notice_accepted_at IS NULL
           FROM participants ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let fresh = json!({"language": null, "step": {"step": "choosing_language"}});
    assert_eq!(
        rows,
        vec![
            (first.id, city.id, "alice".into(), fresh.clone(), None, true),
            (bob.id, city.id, "bob".into(), fresh.clone(), None, true),
            (alice_park.id, park.id, "alice".into(), fresh, None, true),
        ]
    );

    // A rolled-back first contact leaves nothing behind.
    let mut tx = pool.begin().await.unwrap();
    participants::lock_or_create(&mut tx, city.id, "carol")
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(count(pool, "SELECT count(*) FROM participants").await, 3);
}

#[tokio::test]
async fn save_state_is_what_lock_or_create_returns_next() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;

    let state = ParticipantState {
        language: Some(Lang("es".into())),
        step: Step::At {
            stage: 2,
            item: 1,
            selected: vec![Id("air".into()), Id("noise".into())],
            review: false,
        },
    };
    let mut tx = pool.begin().await.unwrap();
    let p = participants::lock_or_create(&mut tx, city.id, "alice")
        .await
        .unwrap();
    participants::save_state(&mut tx, p.id, &state)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = pool.begin().await.unwrap();
    let loaded = participants::lock_or_create(&mut tx, city.id, "alice")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(loaded.id, p.id);
    assert_eq!(loaded.state, state);

    let (raw, language): (serde_json::Value, Option<String>) =
        sqlx::query_as("SELECT state, language FROM participants WHERE id = $1")
            .bind(p.id)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(
        raw,
        json!({"language": "es",
               "step": {"step": "at", "stage": 2, "item": 1, "selected": ["air", "noise"]}})
    );
    assert_eq!(language.as_deref(), Some("es"));

    // A state without a language clears the column again.
    let finished = ParticipantState {
        language: None,
        step: Step::Finished,
    };
    let mut tx = pool.begin().await.unwrap();
    participants::save_state(&mut tx, p.id, &finished)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    assert_eq!(
        participants::lock_or_create(&mut tx, city.id, "alice")
            .await
            .unwrap()
            .state,
        finished
    );
    tx.commit().await.unwrap();
    let language: Option<String> = sqlx::query_scalar("SELECT language FROM participants")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(language, None);
}

#[tokio::test]
async fn an_unreadable_stored_state_restarts_the_conversation() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    let id = participant(pool, city.id, "alice", true).await;

    let future = json!({"step": "from_the_future"});
    sqlx::query("UPDATE participants SET state = $1 WHERE id = $2")
        .bind(&future)
        .bind(id)
        .execute(pool)
        .await
        .unwrap();

    let mut tx = pool.begin().await.unwrap();
    let p = participants::lock_or_create(&mut tx, city.id, "alice")
        .await
        .expect("an unreadable state is not an error");
    tx.commit().await.unwrap();
    assert_eq!(p.id, id);
    assert_eq!(p.state, ParticipantState::new());

    // Reading does not rewrite the row, and the consent is kept.
    let (raw, accepted): (serde_json::Value, bool) = sqlx::query_as(
        "SELECT state, notice_accepted_at IS NOT NULL FROM participants WHERE id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(raw, future);
    assert!(accepted);
    assert_eq!(count(pool, "SELECT count(*) FROM participants").await, 1);
}

#[tokio::test]
async fn participant_records_set_notice_and_completion_columns() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    let id = participant(pool, city.id, "alice", false).await;

    let columns = || async {
        let row: (Option<i32>, bool, bool, bool) = sqlx::query_as(
            "SELECT notice_version, notice_accepted_at IS NOT NULL,
                    notice_declined_at IS NOT NULL, completed_at IS NOT NULL
               FROM participants WHERE id = $1",
        )
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
        row
    };
    assert_eq!(columns().await, (None, false, false, false));

    let apply = |record: Record| async move {
        let mut tx = pool.begin().await.unwrap();
        participants::apply(&mut tx, id, &record).await.unwrap();
        tx.commit().await.unwrap();
    };
    apply(Record::NoticeDeclined { version: 1 }).await;
    assert_eq!(columns().await, (Some(1), false, true, false));
    apply(Record::NoticeAccepted { version: 2 }).await;
    assert_eq!(columns().await, (Some(2), true, false, false));
    apply(Record::LanguageChosen(Lang("fr".into()))).await;
    apply(Record::Answer {
        round: 1,
        question: Id("q".into()),
        value: AnswerValue::Skipped,
    })
    .await;
    assert_eq!(columns().await, (Some(2), true, false, false));
    assert_eq!(count(pool, "SELECT count(*) FROM answers").await, 0);
    apply(Record::Completed).await;
    assert_eq!(columns().await, (Some(2), true, false, true));

    // Completing twice keeps the first time.
    let first: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT completed_at FROM participants")
            .fetch_one(pool)
            .await
            .unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    apply(Record::Completed).await;
    let second: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT completed_at FROM participants")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(first, second);
}

#[tokio::test]
async fn contacts_and_sessions() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    let park = save(pool, PARK).await;
    let alice = participant(pool, city.id, "alice", true).await;

    assert_eq!(participants::session(pool, 555).await.unwrap(), None);
    let mut tx = pool.begin().await.unwrap();
    participants::link_contact(&mut tx, alice, 555)
        .await
        .unwrap();
    participants::set_session(&mut tx, 555, city.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        participants::session(pool, 555).await.unwrap(),
        Some(city.id)
    );

    let mut tx = pool.begin().await.unwrap();
    participants::set_session(&mut tx, 555, park.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        participants::session(pool, 555).await.unwrap(),
        Some(park.id)
    );
    assert_eq!(count(pool, "SELECT count(*) FROM chat_sessions").await, 1);

    participants::mark_unreachable(pool, 555).await.unwrap();
    let row: (i64, bool) =
        sqlx::query_as("SELECT chat_id, unreachable_at IS NOT NULL FROM contacts")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(row, (555, true));

    // Linking again (they came back, maybe from another chat) makes them reachable.
    let mut tx = pool.begin().await.unwrap();
    participants::link_contact(&mut tx, alice, 556)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let row: (i64, bool) =
        sqlx::query_as("SELECT chat_id, unreachable_at IS NOT NULL FROM contacts")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(row, (556, false));
    assert_eq!(count(pool, "SELECT count(*) FROM contacts").await, 1);
}

// ---------------------------------------------------------------------------------------------
// Concurrency: row locks
// ---------------------------------------------------------------------------------------------

/// Runs `lock_or_create` in a transaction of its own on another task; returns the participant
/// it saw, after committing.
fn spawn_lock_or_create(
    pool: &PgPool,
    consultation_id: i64,
    pseudonym: &'static str,
) -> tokio::task::JoinHandle<participants::Participant> {
    let pool = pool.clone();
    tokio::spawn(async move {
        let mut tx = pool.begin().await.unwrap();
        let p = participants::lock_or_create(&mut tx, consultation_id, pseudonym)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        p
    })
}

#[tokio::test]
async fn a_second_lock_or_create_waits_for_the_first_transaction() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    participant(pool, city.id, "alice", true).await;

    let mut first = pool.begin().await.unwrap();
    let held = participants::lock_or_create(&mut first, city.id, "alice")
        .await
        .unwrap();
    assert_eq!(held.state, ParticipantState::new());

    let mut second = spawn_lock_or_create(pool, city.id, "alice");
    assert!(
        tokio::time::timeout(STILL_BLOCKED, &mut second)
            .await
            .is_err(),
        "the second transaction did not wait for the first one's row lock"
    );

    // Somebody else is not held up by alice's lock.
    let bob = tokio::time::timeout(RELEASED_WITHIN, spawn_lock_or_create(pool, city.id, "bob"))
        .await
        .expect("bob is not blocked by alice's lock")
        .unwrap();
    assert_ne!(bob.id, held.id);

    // What the first transaction writes is what the second one sees once it gets the row.
    let moved = ParticipantState {
        language: Some(Lang("ar".into())),
        step: Step::Notice,
    };
    participants::save_state(&mut first, held.id, &moved)
        .await
        .unwrap();
    first.commit().await.unwrap();

    let seen = tokio::time::timeout(RELEASED_WITHIN, second)
        .await
        .expect("the second transaction finishes after the first commits")
        .unwrap();
    assert_eq!(seen.id, held.id);
    assert_eq!(seen.state, moved);
    assert_eq!(count(pool, "SELECT count(*) FROM participants").await, 2);
}

#[tokio::test]
async fn two_first_contacts_for_the_same_pseudonym_create_one_participant() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;

    // Nobody exists yet: the second insert waits on the first one's uncommitted row.
    let mut first = pool.begin().await.unwrap();
    let created = participants::lock_or_create(&mut first, city.id, "newcomer")
        .await
        .unwrap();

    let mut second = spawn_lock_or_create(pool, city.id, "newcomer");
    assert!(
        tokio::time::timeout(STILL_BLOCKED, &mut second)
            .await
            .is_err(),
        "the second first contact did not wait for the first one"
    );
    participants::apply(
        &mut first,
        created.id,
        &Record::NoticeAccepted { version: 1 },
    )
    .await
    .unwrap();
    first.commit().await.unwrap();

    let seen = tokio::time::timeout(RELEASED_WITHIN, second)
        .await
        .expect("the second transaction finishes after the first commits")
        .unwrap();
    assert_eq!(seen.id, created.id);
    assert_eq!(count(pool, "SELECT count(*) FROM participants").await, 1);
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM participants WHERE notice_accepted_at IS NOT NULL"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_rolled_back_first_contact_lets_the_waiting_one_create_it() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;

    let mut first = pool.begin().await.unwrap();
    let abandoned = participants::lock_or_create(&mut first, city.id, "newcomer")
        .await
        .unwrap();
    let mut second = spawn_lock_or_create(pool, city.id, "newcomer");
    assert!(
        tokio::time::timeout(STILL_BLOCKED, &mut second)
            .await
            .is_err()
    );
    first.rollback().await.unwrap();

    let seen = tokio::time::timeout(RELEASED_WITHIN, second)
        .await
        .expect("the second transaction finishes after the first rolls back")
        .unwrap();
    assert_ne!(seen.id, abandoned.id);
    assert_eq!(seen.state, ParticipantState::new());
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM participants")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(ids, vec![seen.id]);
}

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn answers_are_refused_before_the_notice_is_accepted() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    let id = participant(pool, city.id, "alice", false).await;

    let err = record(pool, city.id, id, "reuse_ok", &AnswerValue::Point(4))
        .await
        .expect_err("no answer before consent");
    match err {
        StoreError::Conflict(message) => {
            assert!(message.contains(&id.to_string()), "{message}");
            assert!(message.contains("not accepted the notice"), "{message}");
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(count(pool, "SELECT count(*) FROM answers").await, 0);

    // Declining does not allow it either.
    let mut tx = pool.begin().await.unwrap();
    participants::apply(&mut tx, id, &Record::NoticeDeclined { version: 1 })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(matches!(
        record(pool, city.id, id, "reuse_ok", &AnswerValue::Point(4)).await,
        Err(StoreError::Conflict(_))
    ));
    // Nor does an unknown participant.
    assert!(matches!(
        record(pool, city.id, id + 1000, "reuse_ok", &AnswerValue::Point(4)).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(count(pool, "SELECT count(*) FROM answers").await, 0);

    // Accepting (in the same transaction as the answer, as the bot does) allows it.
    let mut tx = pool.begin().await.unwrap();
    participants::apply(&mut tx, id, &Record::NoticeAccepted { version: 1 })
        .await
        .unwrap();
    answers::record(
        &mut tx,
        city.id,
        id,
        "reuse_ok",
        1,
        &AnswerValue::Point(4),
        "fr",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let row: (i64, i64, String, serde_json::Value, String, bool) = sqlx::query_as(
        "SELECT consultation_id, participant_id, question_id, value, language,
                superseded_at IS NULL FROM answers",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        row,
        (
            city.id,
            id,
            "reuse_ok".into(),
            json!({"kind": "point", "value": 4}),
            "fr".into(),
            true
        )
    );
}

#[tokio::test]
async fn the_same_answer_twice_is_one_row() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    let id = participant(pool, city.id, "alice", true).await;

    let values = [
        choice("a"),
        AnswerValue::Choices(vec![Id("air".into()), Id("noise".into())]),
        AnswerValue::Point(3),
        AnswerValue::Text("Ünïcödé & \"quotes\" — ok".into()),
        AnswerValue::Skipped,
    ];
    for (i, value) in values.iter().enumerate() {
        let question = format!("q{i}");
        record(pool, city.id, id, &question, value).await.unwrap();
        record(pool, city.id, id, &question, value).await.unwrap();
    }
    assert_eq!(
        count(pool, "SELECT count(*) FROM answers").await,
        values.len() as i64
    );
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM answers WHERE superseded_at IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(
        answers::count_history(pool, city.id).await.unwrap(),
        (values.len() as i64, 0)
    );
    let current = answers::current(pool, city.id).await.unwrap();
    let got: Vec<(String, AnswerValue)> = current
        .into_iter()
        .map(|a| (a.question_id, a.value))
        .collect();
    let want: Vec<(String, AnswerValue)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("q{i}"), v.clone()))
        .collect();
    assert_eq!(got, want);
}

#[tokio::test]
async fn a_different_answer_supersedes_the_current_one() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    let id = participant(pool, city.id, "alice", true).await;

    record(pool, city.id, id, "trust_level", &AnswerValue::Point(2))
        .await
        .unwrap();
    record(pool, city.id, id, "trust_level", &AnswerValue::Point(5))
        .await
        .unwrap();

    let rows: Vec<(serde_json::Value, bool)> = sqlx::query_as(
        "SELECT value, superseded_at IS NULL
           FROM answers WHERE participant_id = $1 AND question_id = 'trust_level'
          ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![
            (json!({"kind": "point", "value": 2}), false),
            (json!({"kind": "point", "value": 5}), true),
        ]
    );
    let superseded: Vec<(serde_json::Value, Option<chrono::DateTime<chrono::Utc>>)> =
        sqlx::query_as("SELECT value, superseded_at FROM answers WHERE superseded_at IS NOT NULL")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(superseded.len(), 1);
    assert_eq!(superseded[0].0, json!({"kind": "point", "value": 2}));
    assert!(superseded[0].1.is_some());
    let current: Vec<serde_json::Value> =
        sqlx::query_scalar("SELECT value FROM answers WHERE superseded_at IS NULL")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(current, vec![json!({"kind": "point", "value": 5})]);
    assert_eq!(answers::count_history(pool, city.id).await.unwrap(), (1, 1));

    // Back to the first value: a third row, two superseded, one current.
    record(pool, city.id, id, "trust_level", &AnswerValue::Point(2))
        .await
        .unwrap();
    let values: Vec<(serde_json::Value, bool)> =
        sqlx::query_as("SELECT value, superseded_at IS NULL FROM answers ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(
        values,
        vec![
            (json!({"kind": "point", "value": 2}), false),
            (json!({"kind": "point", "value": 5}), false),
            (json!({"kind": "point", "value": 2}), true),
        ]
    );
    assert_eq!(answers::count_history(pool, city.id).await.unwrap(), (1, 2));
    let current = answers::current(pool, city.id).await.unwrap();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].value, AnswerValue::Point(2));

    // Changing the answer twice in one transaction works too (the unique index holds).
    let mut tx = pool.begin().await.unwrap();
    for value in [choice("x"), choice("y")] {
        answers::record(&mut tx, city.id, id, "reuse_ok", 1, &value, "en")
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(answers::count_history(pool, city.id).await.unwrap(), (2, 3));
}

#[tokio::test]
async fn current_answers_carry_pseudonyms_and_only_current_rows() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let city = save(pool, CITY).await;
    let park = save(pool, PARK).await;
    let alice = participant(pool, city.id, "aaaa-alice", true).await;
    let bob = participant(pool, city.id, "bbbb-bob", true).await;
    let carol = participant(pool, park.id, "cccc-carol", true).await;

    let mut tx = pool.begin().await.unwrap();
    answers::record(
        &mut tx,
        city.id,
        bob,
        "reuse_ok",
        1,
        &AnswerValue::Point(1),
        "es",
    )
    .await
    .unwrap();
    answers::record(
        &mut tx,
        city.id,
        alice,
        "reuse_ok",
        1,
        &AnswerValue::Point(3),
        "en",
    )
    .await
    .unwrap();
    answers::record(
        &mut tx,
        city.id,
        alice,
        "reuse_ok",
        1,
        &AnswerValue::Point(4),
        "ar",
    )
    .await
    .unwrap();
    answers::record(
        &mut tx,
        city.id,
        alice,
        "purposes",
        1,
        &AnswerValue::Choices(vec![Id("research".into())]),
        "ar",
    )
    .await
    .unwrap();
    answers::record(
        &mut tx,
        park.id,
        carol,
        "reuse_ok",
        1,
        &AnswerValue::Skipped,
        "en",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let current = answers::current(pool, city.id).await.unwrap();
    let got: Vec<(&str, &str, &AnswerValue, &str)> = current
        .iter()
        .map(|a| {
            (
                a.pseudonym.as_str(),
                a.question_id.as_str(),
                &a.value,
                a.language.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("aaaa-alice", "reuse_ok", &AnswerValue::Point(4), "ar"),
            (
                "aaaa-alice",
                "purposes",
                &AnswerValue::Choices(vec![Id("research".into())]),
                "ar"
            ),
            ("bbbb-bob", "reuse_ok", &AnswerValue::Point(1), "es"),
        ]
    );
    assert_eq!(answers::count_history(pool, city.id).await.unwrap(), (3, 1));

    let park_current = answers::current(pool, park.id).await.unwrap();
    assert_eq!(park_current.len(), 1);
    assert_eq!(park_current[0].pseudonym, "cccc-carol");
    assert_eq!(park_current[0].value, AnswerValue::Skipped);
    assert_eq!(answers::count_history(pool, park.id).await.unwrap(), (1, 0));

    assert!(
        answers::current(pool, city.id + park.id + 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        answers::count_history(pool, city.id + park.id + 100)
            .await
            .unwrap(),
        (0, 0)
    );
}

// ---------------------------------------------------------------------------------------------
// Processed updates
// ---------------------------------------------------------------------------------------------

async fn claim(pool: &PgPool, bot_id: i64, update_id: i64) -> bool {
    let mut tx = pool.begin().await.unwrap();
    let claimed = updates::claim(&mut tx, bot_id, update_id).await.unwrap();
    tx.commit().await.unwrap();
    claimed
}

#[tokio::test]
async fn an_update_is_claimed_once_per_bot() {
    let db = common::fresh_db().await;
    let pool = &db.pool;

    assert!(claim(pool, 1, 100).await);
    assert!(!claim(pool, 1, 100).await);
    assert!(!claim(pool, 1, 100).await);
    assert!(claim(pool, 2, 100).await);
    assert!(!claim(pool, 2, 100).await);
    assert!(claim(pool, 1, 101).await);

    // Twice in one transaction: the second sees the first.
    let mut tx = pool.begin().await.unwrap();
    assert!(updates::claim(&mut tx, 1, 102).await.unwrap());
    assert!(!updates::claim(&mut tx, 1, 102).await.unwrap());
    tx.commit().await.unwrap();

    // A rolled-back claim leaves the update for the next delivery.
    let mut tx = pool.begin().await.unwrap();
    assert!(updates::claim(&mut tx, 1, 103).await.unwrap());
    tx.rollback().await.unwrap();
    assert!(claim(pool, 1, 103).await);

    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT bot_id, update_id FROM processed_updates ORDER BY bot_id, update_id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(rows, vec![(1, 100), (1, 101), (1, 102), (1, 103), (2, 100)]);

    // Pruning forgets only old ids.
    sqlx::query(
        "UPDATE processed_updates SET processed_at = now() - interval '8 days' WHERE update_id = 100",
    )
    .execute(pool)
    .await
    .unwrap();
    assert_eq!(updates::prune(pool).await.unwrap(), 2);
    assert_eq!(
        count(pool, "SELECT count(*) FROM processed_updates").await,
        3
    );
}

/// Claims on another task, in a transaction of its own, and commits.
fn spawn_claim(pool: &PgPool, bot_id: i64, update_id: i64) -> tokio::task::JoinHandle<bool> {
    let pool = pool.clone();
    tokio::spawn(async move {
        let mut tx = pool.begin().await.unwrap();
        let claimed = updates::claim(&mut tx, bot_id, update_id).await.unwrap();
        tx.commit().await.unwrap();
        claimed
    })
}

#[tokio::test]
async fn concurrent_claims_of_one_update_let_exactly_one_through() {
    let db = common::fresh_db().await;
    let pool = &db.pool;

    let mut first = pool.begin().await.unwrap();
    assert!(updates::claim(&mut first, 7, 500).await.unwrap());

    let mut second = spawn_claim(pool, 7, 500);
    assert!(
        tokio::time::timeout(STILL_BLOCKED, &mut second)
            .await
            .is_err(),
        "the second claim did not wait for the first transaction"
    );
    // Another update, or the same update for another bot, is not held up.
    let other = tokio::time::timeout(RELEASED_WITHIN, spawn_claim(pool, 7, 501))
        .await
        .expect("another update is not blocked")
        .unwrap();
    assert!(other);
    let other_bot = tokio::time::timeout(RELEASED_WITHIN, spawn_claim(pool, 8, 500))
        .await
        .expect("another bot is not blocked")
        .unwrap();
    assert!(other_bot);

    first.commit().await.unwrap();
    let second = tokio::time::timeout(RELEASED_WITHIN, second)
        .await
        .expect("the second claim finishes after the first commits")
        .unwrap();
    assert!(!second, "both transactions claimed the same update");
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM processed_updates WHERE bot_id = 7 AND update_id = 500"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn many_concurrent_claims_of_one_update_let_exactly_one_through() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let handles: Vec<_> = (0..8).map(|_| spawn_claim(pool, 9, 900)).collect();
    let mut winners = 0;
    for handle in handles {
        if tokio::time::timeout(RELEASED_WITHIN, handle)
            .await
            .expect("claims finish")
            .unwrap()
        {
            winners += 1;
        }
    }
    assert_eq!(winners, 1);
    assert_eq!(
        count(pool, "SELECT count(*) FROM processed_updates").await,
        1
    );
}

#[tokio::test]
async fn a_rolled_back_claim_lets_the_waiting_one_through() {
    let db = common::fresh_db().await;
    let pool = &db.pool;

    let mut first = pool.begin().await.unwrap();
    assert!(updates::claim(&mut first, 7, 600).await.unwrap());
    let mut second = spawn_claim(pool, 7, 600);
    assert!(
        tokio::time::timeout(STILL_BLOCKED, &mut second)
            .await
            .is_err()
    );
    first.rollback().await.unwrap();
    let second = tokio::time::timeout(RELEASED_WITHIN, second)
        .await
        .expect("the second claim finishes after the first rolls back")
        .unwrap();
    assert!(second);
    assert_eq!(
        count(pool, "SELECT count(*) FROM processed_updates").await,
        1
    );
}

// ---------------------------------------------------------------------------------------------
// Outbox
// ---------------------------------------------------------------------------------------------

fn effects() -> Vec<Effect> {
    vec![
        Effect::Send {
            reply: Reply {
                text: "<b>one</b>".into(),
                buttons: vec![vec![Button {
                    text: "Yes".into(),
                    data: "y".into(),
                }]],
            },
        },
        Effect::Toast { text: "two".into() },
        Effect::Edit {
            message_id: 3,
            reply: Reply::text("three".into()),
        },
        Effect::EditButtons {
            message_id: 4,
            buttons: vec![],
        },
    ]
}

async fn enqueue(pool: &PgPool, chat_id: i64, effects: &[Effect]) -> Vec<i64> {
    let mut tx = pool.begin().await.unwrap();
    let ids = outbox::enqueue(&mut tx, chat_id, effects).await.unwrap();
    tx.commit().await.unwrap();
    ids
}

async fn expire_all_leases(pool: &PgPool) {
    sqlx::query("UPDATE outbox SET lease_until = now() - interval '1 second'")
        .execute(pool)
        .await
        .unwrap();
}

/// `(id, attempts, lease in the future)` of every row, by id.
async fn leases(pool: &PgPool) -> Vec<(i64, i32, bool)> {
    sqlx::query_as("SELECT id, attempts, lease_until > now() FROM outbox ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn enqueued_effects_are_leased_to_their_sender() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let effects = effects();

    let ids = enqueue(pool, 42, &effects).await;
    assert_eq!(ids.len(), effects.len());
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "ids not in order: {ids:?}"
    );
    assert_eq!(
        leases(pool).await,
        ids.iter().map(|&id| (id, 1, true)).collect::<Vec<_>>()
    );
    let lease_seconds: f64 = sqlx::query_scalar(
        "SELECT extract(epoch FROM max(lease_until) - min(created_at))::float8 FROM outbox",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(
        (lease_seconds - outbox::LEASE_SECONDS as f64).abs() < 1.0,
        "lease of {lease_seconds} s"
    );
    let stored: Vec<(i64, serde_json::Value)> =
        sqlx::query_as("SELECT chat_id, effect FROM outbox ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(stored[1], (42, json!({"effect": "toast", "text": "two"})));

    // Leased: nobody else takes them over.
    assert!(outbox::claim_expired(pool, 100).await.unwrap().is_empty());
    assert_eq!(outbox::unsent_count(pool).await.unwrap(), 4);

    // The sender loads what it enqueued.
    let loaded = outbox::load(pool, &ids).await.unwrap();
    let loaded: Vec<(i64, i64, Effect, i32)> = loaded
        .into_iter()
        .map(|p| (p.id, p.chat_id, p.effect, p.attempts))
        .collect();
    let want: Vec<(i64, i64, Effect, i32)> = ids
        .iter()
        .zip(&effects)
        .map(|(&id, e)| (id, 42, e.clone(), 1))
        .collect();
    assert_eq!(loaded, want);

    // A rolled-back enqueue leaves nothing.
    let mut tx = pool.begin().await.unwrap();
    outbox::enqueue(&mut tx, 43, &effects).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(outbox::unsent_count(pool).await.unwrap(), 4);
    // Nothing to enqueue, nothing enqueued.
    assert!(enqueue(pool, 44, &[]).await.is_empty());
    assert_eq!(count(pool, "SELECT count(*) FROM outbox").await, 4);
}

#[tokio::test]
async fn expired_leases_are_claimed_in_id_order_with_a_new_lease() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let effects = effects();
    let first = enqueue(pool, 42, &effects[..2]).await;
    let second = enqueue(pool, 43, &effects[2..]).await;
    let ids: Vec<i64> = first.iter().chain(&second).copied().collect();

    expire_all_leases(pool).await;
    assert_eq!(
        leases(pool).await,
        ids.iter().map(|&id| (id, 1, false)).collect::<Vec<_>>()
    );

    let claimed = outbox::claim_expired(pool, 100).await.unwrap();
    let got: Vec<(i64, i64, Effect, i32)> = claimed
        .into_iter()
        .map(|p| (p.id, p.chat_id, p.effect, p.attempts))
        .collect();
    let chats = [42, 42, 43, 43];
    let want: Vec<(i64, i64, Effect, i32)> = ids
        .iter()
        .zip(chats)
        .zip(&effects)
        .map(|((&id, chat), e)| (id, chat, e.clone(), 2))
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        leases(pool).await,
        ids.iter().map(|&id| (id, 2, true)).collect::<Vec<_>>()
    );
    // Leased again: a second sweep finds nothing.
    assert!(outbox::claim_expired(pool, 100).await.unwrap().is_empty());

    // The limit takes the oldest first.
    expire_all_leases(pool).await;
    let two: Vec<(i64, i32)> = outbox::claim_expired(pool, 2)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.attempts))
        .collect();
    assert_eq!(two, vec![(ids[0], 3), (ids[1], 3)]);
    let rest: Vec<(i64, i32)> = outbox::claim_expired(pool, 2)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.attempts))
        .collect();
    assert_eq!(rest, vec![(ids[2], 3), (ids[3], 3)]);
    assert!(outbox::claim_expired(pool, 2).await.unwrap().is_empty());
    assert_eq!(outbox::unsent_count(pool).await.unwrap(), 4);
}

#[tokio::test]
async fn sent_failed_and_retried_rows() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let ids = enqueue(pool, 42, &effects()).await;
    assert_eq!(outbox::unsent_count(pool).await.unwrap(), 4);

    outbox::mark_sent(pool, &[]).await.unwrap();
    assert_eq!(outbox::unsent_count(pool).await.unwrap(), 4);

    outbox::mark_sent(pool, &ids[..2]).await.unwrap();
    assert_eq!(outbox::unsent_count(pool).await.unwrap(), 2);
    outbox::mark_failed(pool, ids[2], "Forbidden: bot was blocked by the user")
        .await
        .unwrap();
    assert_eq!(outbox::unsent_count(pool).await.unwrap(), 1);

    let rows: Vec<(i64, bool, bool, Option<String>)> = sqlx::query_as(
        "SELECT id, sent_at IS NOT NULL, failed_at IS NOT NULL, error FROM outbox ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![
            (ids[0], true, false, None),
            (ids[1], true, false, None),
            (
                ids[2],
                false,
                true,
                Some("Forbidden: bot was blocked by the user".into())
            ),
            (ids[3], false, false, None),
        ]
    );

    // Sent and failed rows are never taken over, even with an expired lease; nor loaded.
    expire_all_leases(pool).await;
    let claimed: Vec<i64> = outbox::claim_expired(pool, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(claimed, vec![ids[3]]);
    let loaded: Vec<i64> = outbox::load(pool, &ids)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(loaded, vec![ids[3]]);

    // Retry later: the lease moves `seconds` into the future and the error is kept.
    expire_all_leases(pool).await;
    outbox::retry_later(pool, ids[3], 60.0, "Too Many Requests: retry after 60")
        .await
        .unwrap();
    let (ahead, error): (f64, Option<String>) = sqlx::query_as(
        "SELECT extract(epoch FROM lease_until - now())::float8, error FROM outbox WHERE id = $1",
    )
    .bind(ids[3])
    .fetch_one(pool)
    .await
    .unwrap();
    assert!((55.0..=60.0).contains(&ahead), "lease {ahead} s ahead");
    assert_eq!(error.as_deref(), Some("Too Many Requests: retry after 60"));
    assert!(outbox::claim_expired(pool, 100).await.unwrap().is_empty());
    assert_eq!(outbox::unsent_count(pool).await.unwrap(), 1);

    // Once sent, nothing is left.
    outbox::mark_sent(pool, &ids[3..]).await.unwrap();
    assert_eq!(outbox::unsent_count(pool).await.unwrap(), 0);

    // Pruning forgets sent rows older than a day, and only those.
    sqlx::query("UPDATE outbox SET sent_at = now() - interval '2 days' WHERE id = ANY($1)")
        .bind(&ids[..2])
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(outbox::prune(pool).await.unwrap(), 2);
    let left: Vec<i64> = sqlx::query_scalar("SELECT id FROM outbox ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(left, ids[2..].to_vec());
}

#[tokio::test]
async fn concurrent_sweeps_never_claim_a_row_twice() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let effects: Vec<Effect> = (0..40)
        .map(|i| Effect::Toast {
            text: format!("t{i}"),
        })
        .collect();
    let ids = enqueue(pool, 42, &effects).await;
    expire_all_leases(pool).await;

    let sweeps: Vec<_> = (0..4)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut mine = vec![];
                loop {
                    let claimed = outbox::claim_expired(&pool, 3).await.unwrap();
                    if claimed.is_empty() {
                        return mine;
                    }
                    mine.extend(claimed.into_iter().map(|p| p.id));
                }
            })
        })
        .collect();
    let mut all = vec![];
    for sweep in sweeps {
        all.extend(sweep.await.unwrap());
    }
    all.sort_unstable();
    assert_eq!(all, ids);
    assert_eq!(
        count(pool, "SELECT count(*) FROM outbox WHERE attempts <> 2").await,
        0
    );
}

// ---------------------------------------------------------------------------------------------
// Pseudonyms
// ---------------------------------------------------------------------------------------------

const KEY_VAR: &str = "ASSENT_PSEUDONYM_KEY";

fn key_from_env() -> Option<String> {
    std::env::var(KEY_VAR).ok().filter(|k| !k.is_empty())
}

#[tokio::test]
async fn the_pseudonym_key_is_stored_once_and_pseudonyms_are_stable() {
    let db = common::fresh_db().await;
    let pool = &db.pool;

    let (first, second) = tokio::join!(PseudonymKey::load(pool), PseudonymKey::load(pool));
    let (first, second) = (first.unwrap(), second.unwrap());
    let third = PseudonymKey::load(pool).await.unwrap();
    let p = first.pseudonym(1, TELEGRAM_ID);
    assert_eq!(second.pseudonym(1, TELEGRAM_ID), p);
    assert_eq!(third.pseudonym(1, TELEGRAM_ID), p);

    let settings: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings")
        .fetch_all(pool)
        .await
        .unwrap();
    match key_from_env() {
        // The key lives outside the database: nothing is stored.
        Some(key) => {
            assert!(settings.is_empty(), "{settings:?}");
            assert_eq!(
                PseudonymKey::from_bytes(key.as_bytes()).pseudonym(1, TELEGRAM_ID),
                p
            );
        }
        None => {
            assert_eq!(settings.len(), 1, "{settings:?}");
            let (name, value) = &settings[0];
            assert_eq!(name, "pseudonym_key");
            assert_eq!(value.len(), 64);
            assert!(value.bytes().all(|b| b.is_ascii_hexdigit()), "{value}");
            assert_eq!(
                PseudonymKey::from_bytes(value.as_bytes()).pseudonym(1, TELEGRAM_ID),
                p
            );
            // Another database gets another random key, hence other pseudonyms.
            let other = common::fresh_db().await;
            let other_key = PseudonymKey::load(&other.pool).await.unwrap();
            assert_ne!(other_key.pseudonym(1, TELEGRAM_ID), p);
        }
    }
}

#[tokio::test]
async fn pseudonyms_differ_per_consultation_and_never_show_the_id() {
    let db = common::fresh_db().await;
    let key = PseudonymKey::load(&db.pool).await.unwrap();

    let digits = TELEGRAM_ID.to_string();
    let mut seen = std::collections::HashSet::new();
    for consultation_id in 1..=50 {
        let p = key.pseudonym(consultation_id, TELEGRAM_ID);
        assert_eq!(p.len(), 32, "{p}");
        assert!(p.bytes().all(|b| matches!(b, b'a'..=b'p')), "{p}");
        assert!(!p.contains(&digits), "{p} contains the Telegram id");
        assert_eq!(p, key.pseudonym(consultation_id, TELEGRAM_ID));
        assert!(seen.insert(p), "two consultations share a pseudonym");
    }
    // Other people get other pseudonyms in the same consultation.
    assert_ne!(
        key.pseudonym(1, TELEGRAM_ID),
        key.pseudonym(1, TELEGRAM_ID + 1)
    );
    // The key matters.
    assert_ne!(
        PseudonymKey::from_bytes(b"one").pseudonym(1, TELEGRAM_ID),
        PseudonymKey::from_bytes(b"two").pseudonym(1, TELEGRAM_ID)
    );
}

// ---------------------------------------------------------------------------------------------
// Privacy
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn analysis_tables_never_hold_the_telegram_id() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    let key = PseudonymKey::load(pool).await.unwrap();
    let city = save(pool, CITY).await;
    consultations::set_status(pool, CITY_SLUG, Status::Open)
        .await
        .unwrap();
    let definition = city.definition.clone();
    let chat_id = TELEGRAM_ID as i64; // a private chat's id is the user's id

    // One person's whole conversation, as the bot stores it.
    let pseudonym = key.pseudonym(city.id, TELEGRAM_ID);
    let mut tx = pool.begin().await.unwrap();
    participants::set_session(&mut tx, chat_id, city.id)
        .await
        .unwrap();
    let p = participants::lock_or_create(&mut tx, city.id, &pseudonym)
        .await
        .unwrap();
    participants::link_contact(&mut tx, p.id, chat_id)
        .await
        .unwrap();
    let es = Lang("es".into());
    for record in [
        Record::LanguageChosen(es.clone()),
        Record::NoticeAccepted {
            version: definition.notice.version,
        },
    ] {
        participants::apply(&mut tx, p.id, &record).await.unwrap();
    }
    for (i, question) in definition.questions.iter().enumerate() {
        let value = match i % 3 {
            0 => AnswerValue::Point(3),
            1 => AnswerValue::Text("Más transparencia, por favor".into()),
            _ => AnswerValue::Skipped,
        };
        answers::record(
            &mut tx,
            city.id,
            p.id,
            question.id.as_str(),
            1,
            &value,
            "es",
        )
        .await
        .unwrap();
    }
    // A changed mind leaves a superseded row too.
    let first_question = definition.questions[0].id.as_str();
    answers::record(
        &mut tx,
        city.id,
        p.id,
        first_question,
        1,
        &AnswerValue::Point(5),
        "es",
    )
    .await
    .unwrap();
    participants::apply(&mut tx, p.id, &Record::Completed)
        .await
        .unwrap();
    participants::save_state(
        &mut tx,
        p.id,
        &ParticipantState {
            language: Some(es),
            step: Step::Finished,
        },
    )
    .await
    .unwrap();
    outbox::enqueue(&mut tx, chat_id, &effects()).await.unwrap();
    tx.commit().await.unwrap();

    let n_questions = definition.questions.len() as i64;
    assert!(n_questions > 0);
    assert_eq!(count(pool, "SELECT count(*) FROM participants").await, 1);
    assert_eq!(
        count(pool, "SELECT count(*) FROM answers").await,
        n_questions + 1
    );
    assert_eq!(
        answers::count_history(pool, city.id).await.unwrap(),
        (n_questions, 1)
    );

    let digits = TELEGRAM_ID.to_string();
    for table in ["participants", "answers"] {
        let rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT row_to_json(t)::text FROM {table} t"))
                .fetch_all(pool)
                .await
                .unwrap();
        assert!(!rows.is_empty());
        for row in rows {
            assert!(
                !row.contains(&digits),
                "{table} holds the Telegram id: {row}"
            );
        }
    }
    // The scan can see the id where it is meant to be: the contact tables.
    for table in ["contacts", "chat_sessions", "outbox"] {
        let rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT row_to_json(t)::text FROM {table} t"))
                .fetch_all(pool)
                .await
                .unwrap();
        assert!(
            rows.iter().any(|r| r.contains(&digits)),
            "{table}: {rows:?}"
        );
    }
    // And the participants row is found by the pseudonym only.
    let stored: String = sqlx::query_scalar("SELECT pseudonym FROM participants")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(stored, pseudonym);
}
