//! Deliberation through the real bot and the sandbox: every new question kind, branching, back
//! and review, statements with strict moderation, and stale or repeated presses.

mod common;

use assent::sandbox::{Event, EventKind};
use common::world::{Citizen, ORGANIZER, World, eventually, next};

const FILE: &str = include_str!("fixtures/deliberation.toml");

/// Joins, chooses English and accepts the notice; returns the first question.
async fn enter(c: &mut Citizen<'_>, code: &str) -> Event {
    let menu = c.say(&format!("/start {code}")).await;
    let notice = c.press_for_message(&menu, "l:en").await;
    let _thanks = c.press_for_message(&notice, "n:1:a").await;
    c.message().await
}

/// The vote buttons' statement id on a card.
fn card_id(card: &Event) -> i64 {
    card.button_data()
        .iter()
        .find_map(|d| d.strip_prefix("v:")?.strip_suffix(":a")?.parse().ok())
        .unwrap_or_else(|| panic!("not a card: {:?}", card.plain_text))
}

async fn answers(w: &World, question: &str, round: i16) -> Vec<serde_json::Value> {
    sqlx::query_scalar(
        "SELECT value FROM answers WHERE question_id = $1 AND round = $2 AND superseded_at IS NULL",
    )
    .bind(question)
    .bind(round)
    .fetch_all(&w.db.pool)
    .await
    .unwrap()
}

/// Answers the first stage the short way (not riding: no scale question) up to the deck.
async fn to_the_deck(c: &mut Citizen<'_>, first: &Event) -> Event {
    let age = c.press_for_message(first, "c:rides:no").await;
    let ranking = c.say("40").await;
    c.press(&ranking, "r:priorities:fares").await;
    next(&c.w.client, c.id, &mut c.after, EventKind::EditMarkup).await;
    c.press(&ranking, "r:priorities:safety").await;
    let intro = c.message().await;
    assert!(
        intro.plain_text.starts_with("Part 2 of 4: Statements"),
        "{}",
        intro.plain_text
    );
    let _ = age;
    c.message().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_new_kind_and_both_sides_of_a_branch_are_stored() {
    let w = World::new().await;
    let code = w.open(FILE, "bus-data").await;

    // Branch taken: riding opens the scale question.
    let mut rider = Citizen::join(&w, 601, "en").await;
    let rides = enter(&mut rider, &code).await;
    assert_eq!(rides.plain_text, "Question 1 of 8\nDo you ride the bus?");
    let often = rider.press_for_message(&rides, "c:rides:yes").await;
    assert_eq!(
        often.plain_text,
        "Question 2 of 8\nHow often?\n\n1 = Rarely · 5 = Daily"
    );
    assert_eq!(
        often.button_data(),
        vec![
            "a:often:1",
            "a:often:2",
            "a:often:3",
            "a:often:4",
            "a:often:5"
        ]
    );
    let age = rider.press_for_message(&often, "a:often:4").await;
    assert_eq!(
        age.plain_text,
        "Question 3 of 8\nHow old are you?\n\nType a number from 16 to 120."
    );
    let refused = rider.say("17,5").await;
    assert_eq!(refused.plain_text, "Please type a whole number.");
    let refused = rider.say("ninety").await;
    assert_eq!(
        refused.plain_text,
        "I could not read that as a number. Please type a number such as 16."
    );
    let ranking = rider.say(" 1 0 4 ").await;
    assert!(
        ranking
            .plain_text
            .starts_with("Question 4 of 8\nRank these uses")
    );
    rider.press(&ranking, "r:priorities:safety").await;
    let edit = next(&w.client, rider.id, &mut rider.after, EventKind::EditMarkup).await;
    let labels: Vec<&str> = edit.buttons.iter().map(|r| r[0].text.as_str()).collect();
    assert_eq!(labels, ["Timetables", "1. Safety", "Fares", "Start over"]);
    rider.press(&ranking, "r:priorities:timetables").await;
    let intro = rider.message().await;
    assert!(intro.plain_text.contains("Statements about bus data."));

    assert_eq!(
        answers(&w, "rides", 1).await,
        vec![serde_json::json!({"kind": "choice", "value": "yes"})]
    );
    assert_eq!(
        answers(&w, "often", 1).await,
        vec![serde_json::json!({"kind": "scale", "value": 4})]
    );
    assert_eq!(
        answers(&w, "age", 1).await,
        vec![serde_json::json!({"kind": "number", "value": 104.0})]
    );
    assert_eq!(
        answers(&w, "priorities", 1).await,
        vec![serde_json::json!({"kind": "order", "value": ["safety", "timetables", "fares"]})]
    );

    // Branch not taken: no scale question, and no answer for it.
    let mut walker = Citizen::join(&w, 602, "en").await;
    let rides = enter(&mut walker, &code).await;
    let age = walker.press_for_message(&rides, "c:rides:no").await;
    assert!(
        age.plain_text
            .starts_with("Question 3 of 8\nHow old are you?")
    );
    assert_eq!(answers(&w, "often", 1).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strict_moderation_hides_a_statement_until_approved_and_a_rejection_drops_its_votes() {
    let w = World::new().await;
    let code = w.open(FILE, "bus-data").await;
    let mut author = Citizen::join(&w, 611, "en").await;
    let first = enter(&mut author, &code).await;
    let card = to_the_deck(&mut author, &first).await;
    assert!(
        card.plain_text.starts_with("Statement 1 of up to 3\n"),
        "{}",
        card.plain_text
    );

    let thanks = author.say("  Publish the data every month  ").await;
    assert_eq!(
        thanks.plain_text,
        "Thank you! A moderator will check your statement before others see it. I will tell you when it is decided."
    );
    let dup = author.say("travel DATA must never be sold!").await;
    assert_eq!(
        dup.plain_text,
        "A very similar statement is already here: \"Travel data must never be sold\". You can vote on it instead."
    );
    let empty = author.say("\u{200B}\u{200B}").await;
    assert_eq!(
        empty.plain_text,
        "Your statement is empty. Please write a short sentence."
    );
    let written: i64 = w
        .count("SELECT id FROM statements WHERE seed_id IS NULL")
        .await;

    // Nobody sees it before approval, the author included: three seeds, then nothing.
    let mut card = card;
    for _ in 0..3 {
        let id = card_id(&card);
        assert_ne!(id, written);
        card = author.press_for_message(&card, &format!("v:{id}:a")).await;
    }
    assert_eq!(
        card.plain_text,
        "That's all the statements for you. Thank you!"
    );

    // The organizer approves it; its author is told.
    let mut org_after = w
        .client
        .events(ORGANIZER, 0, std::time::Duration::ZERO)
        .await
        .unwrap()
        .last()
        .map(|e| e.seq)
        .unwrap_or(0);
    w.client.send_text(ORGANIZER, "/moderate").await.unwrap();
    let queue = next(&w.client, ORGANIZER, &mut org_after, EventKind::Message).await;
    assert!(
        queue.plain_text.contains("Publish the data every month"),
        "{}",
        queue.plain_text
    );
    assert_eq!(
        queue.button_data(),
        vec![format!("M:a:{written}"), format!("M:r:{written}")]
    );
    w.client
        .press(ORGANIZER, queue.message_id, &format!("M:a:{written}"))
        .await
        .unwrap();
    let told = author.message().await;
    assert_eq!(
        told.plain_text,
        "Your statement was approved, and others can now vote on it: \"Publish the data every month\""
    );
    let confirmed = next(&w.client, ORGANIZER, &mut org_after, EventKind::Message).await;
    assert_eq!(confirmed.plain_text, format!("Approved #{written}."));
    let queue_empty = next(&w.client, ORGANIZER, &mut org_after, EventKind::Message).await;
    assert_eq!(
        queue_empty.plain_text,
        "No statements are waiting for review."
    );

    // Another participant meets it and votes on it.
    let mut voter = Citizen::join(&w, 612, "en").await;
    let first = enter(&mut voter, &code).await;
    let mut card = to_the_deck(&mut voter, &first).await;
    let mut met = false;
    for _ in 0..3 {
        let id = card_id(&card);
        met |= id == written;
        card = voter.press_for_message(&card, &format!("v:{id}:d")).await;
    }
    assert!(met, "the approved statement was dealt");
    let votes_on = |id: i64| {
        format!("SELECT count(*) FROM votes WHERE statement_id = {id} AND superseded_at IS NULL")
    };
    assert_eq!(w.count(&votes_on(written)).await, 1);

    // Rejected (removed) with a reason: the author is told, and its vote counts nowhere.
    w.client
        .send_text(ORGANIZER, &format!("/reject {written} off-topic here"))
        .await
        .unwrap();
    let told = author.message().await;
    assert_eq!(
        told.plain_text,
        "Your statement was removed by a moderator, and its votes no longer count: \"Publish the data every month\". Reason: off-topic here"
    );
    let confirmed = next(&w.client, ORGANIZER, &mut org_after, EventKind::Message).await;
    assert_eq!(confirmed.plain_text, format!("Rejected #{written}."));
    for (command, reply) in [
        (
            format!("/reject {written}"),
            format!("Statement #{written} was already decided."),
        ),
        (
            "/reject 999 nope".to_string(),
            "There is no statement #999 written by a participant.".to_string(),
        ),
    ] {
        w.client.send_text(ORGANIZER, &command).await.unwrap();
        let answer = next(&w.client, ORGANIZER, &mut org_after, EventKind::Message).await;
        assert_eq!(answer.plain_text, reply);
    }
    let stored = assent::store::consultations::by_slug(&w.db.pool, "bus-data")
        .await
        .unwrap()
        .unwrap();
    let tally = assent::store::statements::tally(&w.db.pool, stored.id)
        .await
        .unwrap();
    let summary = assent::export::summary::markdown(
        &stored.definition,
        &assent::store::answers::current(&w.db.pool, stored.id)
            .await
            .unwrap(),
        &assent::export::summary::Participation {
            started: 2,
            consented: 2,
            completed: 0,
        },
        &tally,
    );
    assert!(
        !summary.contains("Publish the data every month"),
        "{summary}"
    );
    assert!(
        summary.contains("written by participants: 1 (0 approved, 1 rejected, 0 pending"),
        "{summary}"
    );
    assert!(
        summary.contains("Votes on approved statements: 5."),
        "{summary}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_tap_and_a_stale_button_each_leave_one_vote() {
    let w = World::new().await;
    let code = w.open(FILE, "bus-data").await;
    let mut c = Citizen::join(&w, 621, "en").await;
    let first = enter(&mut c, &code).await;
    let card = to_the_deck(&mut c, &first).await;
    let id = card_id(&card);
    let agree = format!("v:{id}:a");
    // Two presses sent before the bot answers either.
    let (a, b) = tokio::join!(
        w.client.press(c.id, card.message_id, &agree),
        w.client.press(c.id, card.message_id, &agree)
    );
    a.unwrap();
    b.unwrap();
    let second = c.message().await;
    let all = |id: i64| format!("SELECT count(*) FROM votes WHERE statement_id = {id}");
    assert_eq!(w.count(&all(id)).await, 1);
    // The first card's button, pressed again after the next card came: still one vote.
    c.press(&card, &agree).await;
    c.press(&second, &format!("v:{}:p", card_id(&second))).await;
    let _third = c.message().await;
    assert_eq!(w.count(&all(id)).await, 1);
    assert_eq!(w.count("SELECT count(*) FROM votes").await, 2);
    // A different vote on the old card changes it: one current, one in history.
    c.press(&card, &format!("v:{id}:d")).await;
    let edit = next(&w.client, c.id, &mut c.after, EventKind::EditText).await;
    assert!(
        edit.plain_text.ends_with("✓ Your vote: Disagree"),
        "{}",
        edit.plain_text
    );
    assert_eq!(
        w.count(&format!("SELECT count(*) FROM votes WHERE statement_id = {id} AND superseded_at IS NULL AND vote = 'disagree'")).await,
        1
    );
    assert_eq!(w.count(&all(id)).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tap_and_a_text_arriving_together_are_stored_in_their_order() {
    let w = World::new().await;
    let code = w.open(FILE, "bus-data").await;
    let mut c = Citizen::join(&w, 631, "en").await;
    let rides = enter(&mut c, &code).await;
    let often = c.press_for_message(&rides, "c:rides:yes").await;
    // The tap and the text reach the bot before it has answered either: the tap answers the
    // scale, the text the number question that the tap brings.
    w.client
        .press(c.id, often.message_id, "a:often:4")
        .await
        .unwrap();
    w.client.send_text(c.id, "33").await.unwrap();
    let age = c.message().await;
    assert!(
        age.plain_text.contains("How old are you?"),
        "{}",
        age.plain_text
    );
    let ranking = c.message().await;
    assert!(
        ranking.plain_text.contains("Rank these uses"),
        "{}",
        ranking.plain_text
    );
    // The answered scale lost its buttons, so a late second tap cannot reach the bot.
    assert!(
        w.client
            .press(c.id, often.message_id, "a:often:2")
            .await
            .is_err()
    );
    for (question, count) in [("rides", 1), ("often", 1), ("age", 1)] {
        assert_eq!(
            w.count(&format!(
                "SELECT count(*) FROM answers WHERE question_id = '{question}'"
            ))
            .await,
            count,
            "{question}"
        );
    }
    assert_eq!(
        answers(&w, "often", 1).await,
        vec![serde_json::json!({"kind": "scale", "value": 4})]
    );
    assert_eq!(
        answers(&w, "age", 1).await,
        vec![serde_json::json!({"kind": "number", "value": 33.0})]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_review_change_an_answer_a_later_branch_depends_on() {
    let w = World::new().await;
    let code = w.open(FILE, "bus-data").await;
    let mut c = Citizen::join(&w, 641, "en").await;
    let rides = enter(&mut c, &code).await;
    let often = c.press_for_message(&rides, "c:rides:yes").await;
    let age = c.press_for_message(&often, "a:often:2").await;
    // /back from the age question: the scale question, with its answer marked.
    let back = c.say("/back").await;
    assert_eq!(
        back.plain_text,
        "Question 2 of 8\nHow often?\n\n1 = Rarely · 5 = Daily\n\nYour current answer: 2"
    );
    assert_eq!(back.buttons[0][1].text, "✓ 2");
    assert_eq!(back.button_data().last().copied(), Some("o:often"));
    let again = c.press_for_message(&back, "o:often").await;
    assert_eq!(again.plain_text, age.plain_text);
    let ranking = c.say("50").await;
    c.press(&ranking, "r:priorities:fares").await;
    next(&w.client, c.id, &mut c.after, EventKind::EditMarkup).await;
    c.press(&ranking, "r:priorities:safety").await;
    let _intro = c.message().await;
    let card = c.message().await;
    // Leave the statements early, then the repeated stage.
    c.press(&card, "x:1").await;
    let rides2 = c.message().await;
    assert!(
        rides2.plain_text.starts_with("Part 3 of 4"),
        "{}",
        rides2.plain_text
    );
    let age2 = c.press_for_message(&rides2, "c:rides:no").await;
    let ranking2 = c.say("50").await;
    c.press(&ranking2, "r:priorities:safety").await;
    next(&w.client, c.id, &mut c.after, EventKind::EditMarkup).await;
    c.press(&ranking2, "r:priorities:fares").await;
    let review = c.message().await;
    let _ = age2;
    // The first answers are the "before" of the comparison: the review lists the later ones.
    assert!(
        review
            .plain_text
            .contains("1. Do you ride the bus? (after the discussion)\n    → No"),
        "{}",
        review.plain_text
    );
    assert!(
        !review.plain_text.contains("How often?"),
        "{}",
        review.plain_text
    );
    assert!(!review.button_data().contains(&"e:rides:1"));
    assert_eq!(review.button_data().last().copied(), Some("y:3"));

    // In the review, riding becomes "yes": the scale question is asked before the review.
    let change = c.press_for_message(&review, "e:rides:2").await;
    assert!(
        change.plain_text.ends_with("Your current answer: No"),
        "{}",
        change.plain_text
    );
    let often = c.press_for_message(&change, "c:rides:yes").await;
    assert!(
        often.plain_text.contains("How often?"),
        "{}",
        often.plain_text
    );
    let review = c.press_for_message(&often, "a:often:5").await;
    assert!(
        review
            .plain_text
            .contains("2. How often? (after the discussion)\n    → 5"),
        "{}",
        review.plain_text
    );
    assert_eq!(
        answers(&w, "often", 2).await,
        vec![serde_json::json!({"kind": "scale", "value": 5})]
    );

    // And back to "no": the round-2 scale answer is withdrawn, the round-1 one stays.
    let change = c.press_for_message(&review, "e:rides:2").await;
    let review = c.press_for_message(&change, "c:rides:no").await;
    assert!(
        !review.plain_text.contains("How often?"),
        "{}",
        review.plain_text
    );
    assert_eq!(answers(&w, "often", 2).await.len(), 0);
    assert_eq!(
        answers(&w, "often", 1).await,
        vec![serde_json::json!({"kind": "scale", "value": 2})]
    );
    assert_eq!(
        w.count(
            "SELECT count(*) FROM answers WHERE question_id = 'often' AND round = 2 AND superseded_at IS NOT NULL"
        )
        .await,
        1
    );
    let closing = c.press_for_message(&review, "y:3").await;
    assert!(
        closing.plain_text.starts_with("Thank you for taking part!"),
        "{}",
        closing.plain_text
    );
    assert_eq!(
        w.count("SELECT count(*) FROM participants WHERE completed_at IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        answers(&w, "rides", 2).await,
        vec![serde_json::json!({"kind": "choice", "value": "no"})]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_to_lenient_mid_run_shows_pending_statements_at_once() {
    let w = World::new().await;
    let code = w.open(FILE, "bus-data").await;
    let mut author = Citizen::join(&w, 651, "en").await;
    let first = enter(&mut author, &code).await;
    let mut card = to_the_deck(&mut author, &first).await;
    // The seeds get a vote each, so a new statement, with none, comes first for the next person.
    for _ in 0..3 {
        let id = card_id(&card);
        card = author.press_for_message(&card, &format!("v:{id}:p")).await;
    }
    author.say("Show the yearly figures").await;
    let written: i64 = w
        .count("SELECT id FROM statements WHERE seed_id IS NULL")
        .await;

    let mut org_after = 0;
    w.client
        .send_text(ORGANIZER, "/moderation bus-data talk lenient")
        .await
        .unwrap();
    loop {
        let ev = next(&w.client, ORGANIZER, &mut org_after, EventKind::Message).await;
        if ev.plain_text.contains("moderation is now") {
            assert_eq!(
                ev.plain_text,
                "Stage \"talk\" of \"bus-data\": moderation is now lenient."
            );
            break;
        }
    }
    // Still pending, yet dealt to others: under lenient moderation it shows at once.
    let mut voter = Citizen::join(&w, 652, "en").await;
    let first = enter(&mut voter, &code).await;
    let mut card = to_the_deck(&mut voter, &first).await;
    let mut met = false;
    for _ in 0..3 {
        let id = card_id(&card);
        met |= id == written;
        card = voter.press_for_message(&card, &format!("v:{id}:a")).await;
    }
    assert!(
        met,
        "the pending statement was dealt under lenient moderation"
    );
    assert_eq!(
        w.count("SELECT count(*) FROM statements WHERE status = 'pending'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_copy_of_a_question_answers_nothing() {
    let w = World::new().await;
    let code = w.open(FILE, "bus-data").await;
    let mut c = Citizen::join(&w, 651, "en").await;
    let rides = enter(&mut c, &code).await;
    let often = c.press_for_message(&rides, "c:rides:yes").await;
    // /start sends the same question again; the first copy keeps its buttons on screen.
    let again = c.say("/start").await;
    assert_eq!(again.button_data(), often.button_data());
    // The bot notes the newest copy just after Telegram has it.
    let noted = format!(
        "SELECT count(*) FROM chat_sessions WHERE prompt_message_id = {}",
        again.message_id
    );
    eventually("the newest prompt was not noted", || async {
        w.count(&noted).await > 0
    })
    .await;
    let since = c.after;
    c.press(&often, "a:often:4").await;
    eventually("no answer to the press", || async {
        !c.toasts_since(since).await.is_empty()
    })
    .await;
    let toasts = c.toasts_since(since).await;
    assert_eq!(
        toasts,
        vec![
            "That button belongs to an earlier message. Please use the buttons of the latest question."
        ]
    );
    assert_eq!(
        w.count("SELECT count(*) FROM answers WHERE question_id = 'often'")
            .await,
        0
    );
    let age = c.press_for_message(&again, "a:often:2").await;
    assert!(
        age.plain_text.contains("How old are you?"),
        "{}",
        age.plain_text
    );
    assert_eq!(
        answers(&w, "often", 1).await,
        vec![serde_json::json!({"kind": "scale", "value": 2})]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_gets_the_summary_with_statement_votes_by_command() {
    let w = World::new().await;
    let code = w.open(FILE, "bus-data").await;
    let mut c = Citizen::join(&w, 661, "en").await;
    let first = enter(&mut c, &code).await;
    let card = to_the_deck(&mut c, &first).await;
    let voted = card_id(&card);
    c.press_for_message(&card, &format!("v:{voted}:a")).await;
    let mut after = w
        .client
        .events(ORGANIZER, 0, std::time::Duration::ZERO)
        .await
        .unwrap()
        .last()
        .map(|e| e.seq)
        .unwrap_or(0);
    w.client
        .send_text(ORGANIZER, "/export summary bus-data")
        .await
        .unwrap();
    let doc = next(&w.client, ORGANIZER, &mut after, EventKind::Document).await;
    assert_eq!(
        doc.plain_text,
        "Summary of \"bus-data\": counts and shares per question, statements with their votes, before and after (3 answers)."
    );
    let bytes = w
        .client
        .document(doc.file_id.as_deref().unwrap_or_default())
        .await
        .unwrap();
    let summary = String::from_utf8(bytes).unwrap();
    assert!(
        summary.starts_with("# Bus travel data — summary"),
        "{summary}"
    );
    assert!(
        summary.contains("Votes on approved statements: 1."),
        "{summary}"
    );
    let (_, statements) = summary
        .split_once("## Statements")
        .unwrap_or_else(|| panic!("no statements section: {summary}"));
    let row = statements
        .lines()
        .find(|l| l.starts_with(&format!("| {voted} |")))
        .unwrap_or_else(|| panic!("no row for statement {voted}: {summary}"));
    assert!(row.ends_with("| 1 | 0 | 0 | 1 | 100.0% |"), "{row}");
}
