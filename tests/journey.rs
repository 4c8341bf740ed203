//! Whole journeys through the real bot (the same code `assent serve` runs) against the sandbox,
//! with a fresh PostgreSQL database per test.

mod common;

use std::sync::Arc;
use std::time::Duration;

use assent::crowd::{self, CrowdConfig, Ledger};
use assent::sandbox::{EventKind, NewUser};
use common::world::{Citizen, ORGANIZER, World, eventually, next};

const VALID: &str = include_str!("fixtures/valid.toml");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_goes_through_every_step_and_every_answer_is_stored() {
    let w = World::new().await;
    let code = w.open(VALID, "park-sensors").await;
    let mut c = Citizen::join(&w, 501, "es").await;

    let menu = c.say(&format!("/start {code}")).await;
    assert_eq!(menu.plain_text, "¿Seguimos en español?");
    assert_eq!(menu.button_data(), vec!["l:es", "l:en", "l:fr", "l:ar"]);
    assert_eq!(w.count("SELECT count(*) FROM answers").await, 0);

    let notice = c.press_for_message(&menu, "l:en").await;
    assert!(
        notice
            .plain_text
            .starts_with("Sensors in our park\n\nBefore we start\nWe ask four questions."),
        "{}",
        notice.plain_text
    );
    assert_eq!(notice.button_data(), vec!["n:1:a", "n:1:d"]);
    // Only the pseudonymous record exists before consent.
    assert_eq!(
        w.count("SELECT count(*) FROM participants WHERE notice_accepted_at IS NULL")
            .await,
        1
    );

    let thanks = c.press_for_message(&notice, "n:1:a").await;
    assert_eq!(
        thanks.plain_text,
        "Thank you. Your answers will be saved under a code, never with your name."
    );
    let card = c.message().await;
    assert_eq!(
        card.plain_text,
        "Part 1 of 2: Background\n\nCard 1 of 1\nThe city wants to count visitors with sensors.\n\nArguments for\nBetter maintenance.\n\nArguments against\nPeople may feel watched.\n\nRead more"
    );
    let single = c.press_for_message(&card, "i:sensors").await;
    assert_eq!(
        single.plain_text,
        "Question 1 of 4\nWhat may the counts be used for?"
    );
    assert_eq!(
        single.button_data(),
        vec!["c:purpose:maintenance", "c:purpose:planning"]
    );

    let since = c.after;
    let multi = c.press_for_message(&single, "c:purpose:planning").await;
    assert_eq!(c.toasts_since(since).await, vec!["Saved."]);
    assert!(
        multi
            .plain_text
            .starts_with("Question 2 of 4\nWho may see the counts?"),
        "{}",
        multi.plain_text
    );
    c.press(&multi, "m:sharing:researchers").await;
    let edit = next(&w.client, c.id, &mut c.after, EventKind::EditMarkup).await;
    assert_eq!(edit.buttons[1][0].text, "☑ Researchers");
    assert_eq!(edit.buttons[2][0].text, "Done (1 chosen)");
    let likert = c.press_for_message(&multi, "d:sharing").await;
    assert_eq!(
        likert.plain_text,
        "Question 3 of 4\nI trust the city to use the sensors well."
    );
    assert_eq!(likert.buttons[0][0].text, "Strongly disagree");

    let text_q = c.press_for_message(&likert, "k:trust:4").await;
    assert!(
        text_q
            .plain_text
            .starts_with("Question 4 of 4\nAnything else?"),
        "{}",
        text_q.plain_text
    );
    let too_long = c.say(&"x".repeat(501)).await;
    assert_eq!(
        too_long.plain_text,
        "Your answer has 501 characters, but the limit is 500. Please shorten it and send it again."
    );
    let closing = c.say("  <b>not bold</b> & 🙂 مرحبا ").await;
    assert_eq!(
        closing.plain_text,
        "Thank you for taking part!\n\nYour answers are saved. The organizers will share the results when the consultation ends."
    );
    // The typed answer took the prompt's "skip" button away.
    assert_eq!(text_q.button_data(), vec!["s:comments"]);
    let chat = w.client.chat(c.id).await.unwrap();
    let prompt = chat
        .iter()
        .find(|m| m.message_id == text_q.message_id)
        .expect("the prompt is in the chat");
    assert!(prompt.buttons.is_empty(), "{:?}", prompt.buttons);

    let rows: Vec<(String, serde_json::Value)> = sqlx::query_as(
        "SELECT question_id, value FROM answers WHERE superseded_at IS NULL ORDER BY id",
    )
    .fetch_all(&w.db.pool)
    .await
    .unwrap();
    let expected = vec![
        (
            "purpose".to_string(),
            serde_json::json!({"kind": "choice", "value": "planning"}),
        ),
        (
            "sharing".to_string(),
            serde_json::json!({"kind": "choices", "value": ["researchers"]}),
        ),
        (
            "trust".to_string(),
            serde_json::json!({"kind": "point", "value": 4}),
        ),
        (
            "comments".to_string(),
            serde_json::json!({"kind": "text", "value": "<b>not bold</b> & 🙂 مرحبا"}),
        ),
    ];
    assert_eq!(rows, expected);
    assert_eq!(
        w.count("SELECT count(*) FROM participants WHERE completed_at IS NOT NULL")
            .await,
        1
    );

    // The coordinator's export: a CSV document with one row per answer and no Telegram id.
    let mut after = 0;
    let _ = w
        .client
        .events(ORGANIZER, 0, Duration::ZERO)
        .await
        .unwrap()
        .last()
        .map(|e| after = e.seq);
    w.client
        .send_text(ORGANIZER, "/export csv park-sensors")
        .await
        .unwrap();
    let doc = next(&w.client, ORGANIZER, &mut after, EventKind::Document).await;
    assert_eq!(doc.file_name.as_deref(), Some("park-sensors-responses.csv"));
    let csv = String::from_utf8(
        w.client
            .document(doc.file_id.as_deref().unwrap())
            .await
            .unwrap(),
    )
    .unwrap();
    let lines: Vec<&str> = csv.trim_end().lines().collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert_eq!(
        lines[0],
        "\u{FEFF}participant,question,round,kind,dimension,answer,answer_label,skipped,language,answered_at"
    );
    assert!(
        lines[1]
            .contains(",purpose,1,single,permitted_purposes,planning,Planning the city,false,en,"),
        "{csv}"
    );
    assert!(!csv.contains("501") && !csv.contains("Citizen"), "{csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unexpected_input_gets_a_hint_and_changes_nothing() {
    let w = World::new().await;
    let code = w.open(VALID, "park-sensors").await;
    let mut c = Citizen::join(&w, 502, "en").await;
    let menu = c.say(&format!("/start {code}")).await;
    assert_eq!(menu.plain_text, "Shall we continue in English?");
    let notice = c.press_for_message(&menu, "l:en").await;
    c.press_for_message(&notice, "n:1:a").await;
    let card = c.message().await;
    let single = c.press_for_message(&card, "i:sensors").await;

    w.client.send_sticker(c.id).await.unwrap();
    assert_eq!(
        c.message().await.plain_text,
        "I can only read text messages and button presses here."
    );
    assert_eq!(
        c.say("planning").await.plain_text,
        "Please answer with the buttons under the question."
    );
    let sent = w.client.send_text(c.id, "hello").await.unwrap();
    c.message().await;
    w.client
        .edit_text(c.id, sent.message_id, "hello again")
        .await
        .unwrap();
    assert_eq!(
        c.message().await.plain_text,
        "I keep the message as you first sent it. To change an answer, send a new message."
    );

    // /start shows the same question again; the old copy keeps its buttons.
    let again = c.say("/start").await;
    assert_eq!(again.plain_text, single.plain_text);
    assert_ne!(again.message_id, single.message_id);
    // A double tap on the new copy stores one answer…
    c.press(&again, "c:purpose:maintenance").await;
    c.press(&again, "c:purpose:maintenance").await;
    let multi = c.message().await;
    assert!(multi.plain_text.contains("Who may see the counts?"));
    // …and the old copy's button is now stale.
    c.press(&single, "c:purpose:planning").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let toasts: Vec<String> = w
        .client
        .events(c.id, 0, Duration::ZERO)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EventKind::CallbackAnswer)
        .map(|e| e.text)
        .collect();
    let stale =
        "That button belongs to an earlier message. Please use the buttons of the latest question.";
    assert_eq!(
        toasts.iter().filter(|t| t.as_str() == stale).count(),
        2,
        "{toasts:?}"
    );
    let answers: Vec<serde_json::Value> =
        sqlx::query_scalar("SELECT value FROM answers ORDER BY id")
            .fetch_all(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(
        answers,
        vec![serde_json::json!({"kind": "choice", "value": "maintenance"})]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_conversation_resumes_after_the_bot_crashes_and_language_can_change_mid_question() {
    let w = World::new().await;
    let code = w.open(VALID, "park-sensors").await;
    let mut c = Citizen::join(&w, 503, "fr").await;
    let menu = c.say(&format!("/start {code}")).await;
    assert_eq!(menu.plain_text, "On continue en français\u{202f}?");
    let notice = c.press_for_message(&menu, "l:fr").await;
    c.press_for_message(&notice, "n:1:a").await;
    let card = c.message().await;
    let single = c.press_for_message(&card, "i:sensors").await;
    assert_eq!(
        single.plain_text,
        "Question 1 sur 4\nÀ quoi peuvent servir les comptages ?"
    );

    w.crash_and_restart().await;
    let resumed = c.say("/start").await;
    assert_eq!(resumed.plain_text, single.plain_text);

    let menu = c.say("/language").await;
    let changed = c.press_for_message(&menu, "l:ar").await;
    assert_eq!(
        changed.plain_text,
        assent::i18n::t("ar", "language-changed", &[])
    );
    let arabic = c.message().await;
    assert!(
        arabic.plain_text.contains("لأي غرض يمكن استخدام الأعداد؟"),
        "{}",
        arabic.plain_text
    );
    c.press_for_message(&arabic, "c:purpose:planning").await;
    let lang: String = sqlx::query_scalar("SELECT language FROM answers")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(lang, "ar");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_commands_are_refused_to_others_and_broken_files_get_a_report() {
    let w = World::new().await;
    let mut c = Citizen::join(&w, 504, "en").await;
    assert_eq!(
        c.say("/open park-sensors").await.plain_text,
        "Sorry, this command is only for organizers."
    );
    assert_eq!(
        c.say("/export csv park-sensors").await.plain_text,
        "Sorry, this command is only for coordinators."
    );
    assert_eq!(
        c.say("/start").await.plain_text,
        "To take part, open the invite link you received from the organizers."
    );
    assert_eq!(
        c.say("/start nonsense").await.plain_text,
        "This invite link does not work. Please check that you copied all of it."
    );

    let broken = include_str!("fixtures/missing-arabic.toml");
    let mut after = 0;
    w.client
        .register_user(&NewUser::new(ORGANIZER, "Organizer"))
        .await
        .unwrap();
    w.client
        .send_document(
            ORGANIZER,
            "missing-arabic.toml",
            "application/toml",
            broken.as_bytes(),
        )
        .await
        .unwrap();
    let report = next(&w.client, ORGANIZER, &mut after, EventKind::Message).await;
    assert_eq!(
        report.plain_text,
        "I found one problem in missing-arabic.toml:\nmissing-arabic.toml:40:29: questions[1].options[2].text: missing \"ar\" text"
    );
    assert_eq!(w.count("SELECT count(*) FROM consultations").await, 0);
    let audited = w
        .count("SELECT count(*) FROM audit_log WHERE action IN ('refused', 'upload-invalid')")
        .await;
    assert_eq!(audited, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crowd_with_a_crash_in_the_middle_matches_its_ledger() {
    let w = World::new().await;
    let code = w.open(VALID, "park-sensors").await;
    let consultation = Arc::new(assent::consultation::parse(VALID).unwrap());
    let ledger = Arc::new(Ledger::default());
    let config = CrowdConfig {
        participants: 30,
        invite: code,
        seed: 7,
        first_user_id: 20_000,
        concurrency: 30,
    };
    let crowd = tokio::spawn(crowd::run(
        w.client.clone(),
        consultation,
        ledger.clone(),
        config_static(config),
    ));
    tokio::time::sleep(Duration::from_millis(700)).await;
    w.crash_and_restart().await;
    let report = crowd.await.unwrap();
    assert!(report.stuck.is_empty(), "{:?}", report.stuck);
    let totals = ledger.totals();
    let (participants, answers) = (totals.participants, totals.answers);
    assert_eq!(participants + report.declined, 30);
    assert_eq!(
        w.count("SELECT count(*) FROM participants WHERE notice_accepted_at IS NOT NULL")
            .await,
        participants as i64
    );
    assert_eq!(
        w.count("SELECT count(*) FROM answers WHERE superseded_at IS NULL")
            .await,
        answers as i64
    );
    // Superseded rows are not counted: citizens who go /back and change an answer leave one
    // each, as history. A duplicate would show as a current answer more than the ledger has.
}

fn config_static(config: CrowdConfig) -> &'static CrowdConfig {
    Box::leak(Box::new(config))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forget_deletes_the_answers_and_the_chat_link_after_confirmation() {
    let w = World::new().await;
    let code = w.open(VALID, "park-sensors").await;
    let mut c = Citizen::join(&w, 505, "en").await;
    let menu = c.say(&format!("/start {code}")).await;
    let notice = c.press_for_message(&menu, "l:en").await;
    c.press_for_message(&notice, "n:1:a").await;
    let card = c.message().await;
    let single = c.press_for_message(&card, "i:sensors").await;
    c.press_for_message(&single, "c:purpose:planning").await;
    assert_eq!(w.count("SELECT count(*) FROM answers").await, 1);

    let confirm = c.say("/forget").await;
    assert_eq!(
        confirm.plain_text,
        "Do you want to withdraw and delete all your answers to this consultation? This cannot be undone."
    );
    let kept = c.press_for_message(&confirm, "f:n").await;
    assert_eq!(
        kept.plain_text,
        "Nothing was deleted. Send /start to continue."
    );
    assert_eq!(w.count("SELECT count(*) FROM answers").await, 1);

    let confirm = c.say("/forget").await;
    let done = c.press_for_message(&confirm, "f:y").await;
    assert!(
        done.plain_text
            .starts_with("Done: your answers and the link to this chat are deleted.")
    );
    for table in ["answers", "participants", "contacts", "chat_sessions"] {
        assert_eq!(
            w.count(&format!("SELECT count(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
    assert_eq!(
        c.say("/start").await.plain_text,
        "To take part, open the invite link you received from the organizers."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tap_fetched_but_not_handled_before_a_crash_is_handled_after_the_restart() {
    let w = World::new().await;
    let code = w.open(VALID, "park-sensors").await;
    let mut c = Citizen::join(&w, 506, "en").await;
    let menu = c.say(&format!("/start {code}")).await;
    let notice = c.press_for_message(&menu, "l:en").await;
    // Hold the participant's row, as a slow transaction would: the bot fetches the next tap
    // and waits for the row.
    let mut hold = w.db.pool.begin().await.unwrap();
    sqlx::query("SELECT id FROM participants FOR UPDATE")
        .execute(&mut *hold)
        .await
        .unwrap();
    let delivered = w.client.stats().await.unwrap().updates_delivered;
    c.press(&notice, "n:1:a").await;
    eventually("the bot never fetched the tap", || async {
        w.client.stats().await.unwrap().updates_delivered > delivered
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    w.crash_and_restart().await;
    hold.rollback().await.unwrap();
    // Telegram was never told the tap was handled, so the new bot gets it again.
    let thanks = c.message().await;
    assert!(
        thanks.plain_text.starts_with("Thank you"),
        "{}",
        thanks.plain_text
    );
    assert_eq!(
        w.count("SELECT count(*) FROM participants WHERE notice_accepted_at IS NOT NULL")
            .await,
        1
    );
}
