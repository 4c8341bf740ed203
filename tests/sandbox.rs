//! The sandbox behaves like the Telegram Bot API: same JSON, same rejections,
//! and a real teloxide bot can talk to it.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use assent::sandbox::client::{ClientError, SandboxClient};
use assent::sandbox::{self, EventKind, MessageKind, NewUser, Sandbox, SandboxConfig, Side};
use serde_json::{Value, json};

const TOKEN: &str = "123456:sandbox-token";

/// A raw Bot API caller, to assert on exact JSON and status codes.
struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    async fn call(&self, method: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}/bot{TOKEN}/{method}", self.base))
            .json(&body)
            .send()
            .await
            .expect("request reaches the sandbox");
        let status = response.status().as_u16();
        let value = response.json::<Value>().await.expect("JSON body");
        (status, value)
    }

    async fn ok(&self, method: &str, body: Value) -> Value {
        let (status, value) = self.call(method, body).await;
        assert_eq!(status, 200, "{method}: {value}");
        assert_eq!(value["ok"], json!(true), "{method}: {value}");
        value["result"].clone()
    }

    /// Asserts Telegram's error shape and returns (code, description).
    async fn err(&self, method: &str, body: Value) -> (u16, String) {
        let (status, value) = self.call(method, body).await;
        assert_eq!(value["ok"], json!(false), "{method}: {value}");
        assert_eq!(value["error_code"], json!(status), "{method}: {value}");
        let description = value["description"]
            .as_str()
            .expect("description")
            .to_owned();
        (status, description)
    }

    async fn updates(&self, offset: i64, timeout: u64) -> Vec<Value> {
        let result = self
            .ok(
                "getUpdates",
                json!({ "offset": offset, "timeout": timeout }),
            )
            .await;
        result.as_array().cloned().expect("array of updates")
    }
}

struct Env {
    addr: SocketAddr,
    sandbox: Sandbox,
    client: SandboxClient,
    api: Api,
}

async fn start_with(config: SandboxConfig) -> Env {
    let (addr, sandbox, _handle) = sandbox::spawn(config).await.expect("sandbox binds");
    Env {
        addr,
        sandbox,
        client: SandboxClient::from_addr(addr),
        api: Api {
            http: reqwest::Client::new(),
            base: sandbox::base_url(addr),
        },
    }
}

async fn start() -> Env {
    start_with(SandboxConfig::default()).await
}

/// Registers a user who has written to the bot (so the bot may answer).
async fn user(env: &Env, id: i64) {
    env.client
        .register_user(&NewUser::new(id, format!("User {id}")))
        .await
        .expect("register");
    env.client
        .send_text(id, "/start")
        .await
        .expect("first message");
}

fn keyboard(data: &[&str]) -> Value {
    let row: Vec<Value> = data
        .iter()
        .map(|d| json!({ "text": d, "callback_data": d }))
        .collect();
    json!({ "inline_keyboard": [row] })
}

const BAD: u16 = 400;

#[tokio::test]
async fn token_and_method_are_checked_like_telegram() {
    let env = start().await;
    let response = env
        .api
        .http
        .post(format!("{}/bot123:wrong/getMe", env.api.base))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(
        response.json::<Value>().await.expect("json"),
        json!({ "ok": false, "error_code": 401, "description": "Unauthorized" })
    );

    assert_eq!(
        env.api.err("noSuchMethod", json!({})).await,
        (404, "Not Found".to_owned())
    );

    let me = env.api.ok("getMe", json!({})).await;
    assert_eq!(me["id"], json!(123456));
    assert_eq!(me["is_bot"], json!(true));
    assert_eq!(me["username"], json!("assent_sandbox_bot"));

    // GET with query parameters works too.
    let response = env
        .api
        .http
        .get(format!("{}/bot{TOKEN}/getMe", env.api.base))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn user_flow_message_buttons_callback() {
    let env = start().await;
    env.client
        .register_user(&NewUser {
            user_id: 42,
            first_name: "Ada".into(),
            last_name: Some("Lovelace".into()),
            username: Some("ada".into()),
            language_code: Some("en".into()),
        })
        .await
        .expect("register");
    let sent = env.client.send_text(42, "/start abc").await.expect("send");
    assert_eq!(sent.message_id, 1);

    let updates = env.api.updates(0, 0).await;
    assert_eq!(updates.len(), 1);
    let update = &updates[0];
    assert_eq!(update["update_id"], json!(sent.update_id));
    let message = &update["message"];
    assert_eq!(message["text"], json!("/start abc"));
    assert_eq!(message["chat"]["type"], json!("private"));
    assert_eq!(message["chat"]["id"], json!(42));
    assert_eq!(message["from"]["is_bot"], json!(false));
    assert_eq!(message["from"]["language_code"], json!("en"));
    assert_eq!(
        message["entities"],
        json!([{ "type": "bot_command", "offset": 0, "length": 6 }])
    );
    assert!(message["date"].as_i64().expect("unix date") > 1_700_000_000);

    // The bot answers with HTML and a keyboard.
    let reply = env
        .api
        .ok(
            "sendMessage",
            json!({
                "chat_id": 42,
                "text": "<b>Hello</b> &amp; welcome",
                "parse_mode": "HTML",
                "reply_markup": keyboard(&["yes", "no"]),
                "link_preview_options": { "is_disabled": true },
            }),
        )
        .await;
    assert_eq!(reply["text"], json!("Hello & welcome"));
    assert_eq!(
        reply["entities"],
        json!([{ "type": "bold", "offset": 0, "length": 5 }])
    );
    assert_eq!(reply["from"]["is_bot"], json!(true));
    let bot_message_id = reply["message_id"].as_i64().expect("message_id");
    assert_eq!(bot_message_id, 2);

    let events = env
        .client
        .events(42, 0, Duration::from_secs(1))
        .await
        .expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::Message);
    assert_eq!(events[0].text, "<b>Hello</b> &amp; welcome");
    assert_eq!(events[0].plain_text, "Hello & welcome");
    assert_eq!(events[0].button_data(), vec!["yes", "no"]);

    // Pressing a button that is not there is refused, like a real client.
    match env.client.press(42, bot_message_id, "maybe").await {
        Err(ClientError::Rejected {
            status,
            description,
        }) => {
            assert_eq!(status, 400);
            assert!(
                description.contains("no button with callback_data"),
                "{description}"
            );
        }
        other => panic!("press on a missing button: {other:?}"),
    }
    match env.client.press(42, 1, "yes").await {
        Err(ClientError::Rejected { status: 400, .. }) => {}
        other => panic!("press on the user's own message: {other:?}"),
    }

    let pressed = env
        .client
        .press(42, bot_message_id, "yes")
        .await
        .expect("press");
    // The first update is confirmed by the offset and never comes back.
    let updates = env.api.updates(sent.update_id as i64 + 1, 5).await;
    assert_eq!(updates.len(), 1);
    let query = &updates[0]["callback_query"];
    assert_eq!(updates[0]["update_id"], json!(pressed.update_id));
    assert_eq!(query["id"], json!(pressed.callback_query_id));
    assert_eq!(query["data"], json!("yes"));
    assert_eq!(query["from"]["id"], json!(42));
    assert_eq!(query["message"]["message_id"], json!(bot_message_id));
    assert_eq!(query["message"]["reply_markup"], keyboard(&["yes", "no"]));
    assert!(query["chat_instance"].is_string());

    assert_eq!(
        env.api
            .ok(
                "answerCallbackQuery",
                json!({ "callback_query_id": pressed.callback_query_id, "text": "Noted" }),
            )
            .await,
        json!(true)
    );
    let too_old =
        "Bad Request: query is too old and response timeout expired or query ID is invalid";
    assert_eq!(
        env.api
            .err(
                "answerCallbackQuery",
                json!({ "callback_query_id": pressed.callback_query_id })
            )
            .await,
        (BAD, too_old.to_owned())
    );
    assert_eq!(
        env.api
            .err(
                "answerCallbackQuery",
                json!({ "callback_query_id": "12345" })
            )
            .await,
        (BAD, too_old.to_owned())
    );

    let events = env
        .client
        .events(42, events[0].seq, Duration::from_secs(1))
        .await
        .expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::CallbackAnswer);
    assert_eq!(events[0].plain_text, "Noted");
    assert_eq!(
        events[0].callback_query_id.as_deref(),
        Some(pressed.callback_query_id.as_str())
    );
    assert_eq!(events[0].show_alert, Some(false));

    let updates = env.api.updates(pressed.update_id as i64 + 1, 0).await;
    assert!(updates.is_empty());

    let stats = env.sandbox.stats();
    assert_eq!(stats.updates_delivered, 2);
    assert_eq!(stats.method_calls.get("answerCallbackQuery"), Some(&3));
    assert_eq!(stats.rejections.get(too_old), Some(&2));
}

#[tokio::test]
async fn text_rejections_have_telegrams_descriptions() {
    let env = start().await;
    user(&env, 7).await;
    let send = |text: String, html: bool| {
        let mut body = json!({ "chat_id": 7, "text": text });
        if html {
            body["parse_mode"] = json!("HTML");
        }
        body
    };
    let empty = (BAD, "Bad Request: message text is empty".to_owned());
    assert_eq!(
        env.api.err("sendMessage", json!({ "chat_id": 7 })).await,
        empty
    );
    assert_eq!(
        env.api.err("sendMessage", send("".into(), false)).await,
        empty
    );
    assert_eq!(
        env.api
            .err("sendMessage", send("  \n ".into(), false))
            .await,
        empty
    );
    assert_eq!(
        env.api
            .err("sendMessage", send("<b></b>".into(), true))
            .await,
        empty
    );

    // 4096 UTF-16 units after parsing is the limit; markup does not count.
    let exact = format!("<i>{}</i>", "a".repeat(4096));
    env.api.ok("sendMessage", send(exact, true)).await;
    let over = format!("<i>{}</i>", "a".repeat(4097));
    assert_eq!(
        env.api.err("sendMessage", send(over, true)).await,
        (BAD, "Bad Request: message is too long".to_owned())
    );
    // An emoji outside the BMP counts twice.
    env.api
        .ok("sendMessage", send("😀".repeat(2048), false))
        .await;
    assert_eq!(
        env.api
            .err("sendMessage", send("😀".repeat(2048) + "a", false))
            .await,
        (BAD, "Bad Request: message is too long".to_owned())
    );
    // Entities do count as the characters they stand for.
    let escaped = format!("{}&amp;", "a".repeat(4095));
    env.api.ok("sendMessage", send(escaped, true)).await;

    let entities = |detail: &str| (BAD, format!("Bad Request: can't parse entities: {detail}"));
    assert_eq!(
        env.api.err("sendMessage", send("1 < 2".into(), true)).await,
        entities("Unsupported start tag \"\" at byte offset 2")
    );
    assert_eq!(
        env.api
            .err("sendMessage", send("<b>bold".into(), true))
            .await,
        entities("Can't find end tag corresponding to start tag \"b\"")
    );
    assert_eq!(
        env.api
            .err("sendMessage", send("<div>x</div>".into(), true))
            .await,
        entities("Unsupported start tag \"div\" at byte offset 0")
    );
    assert_eq!(
        env.api
            .err("sendMessage", send("<b><i>x</b></i>".into(), true))
            .await,
        entities("Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"")
    );
    let (code, description) = env.api.err("sendMessage", send("Q&A".into(), true)).await;
    assert_eq!(code, BAD);
    assert!(description.starts_with("Bad Request: can't parse entities: Unescaped \"&\""));
    // Without parse_mode the same texts are fine and shown verbatim.
    let plain = env
        .api
        .ok("sendMessage", send("1 < 2 & <b>".into(), false))
        .await;
    assert_eq!(plain["text"], json!("1 < 2 & <b>"));
    assert!(plain.get("entities").is_none());

    let valid = env
        .api
        .ok(
            "sendMessage",
            send(
                "<b>a <i>b</i></b> <a href=\"https://example.org/?x=1&y=2\">c</a> &lt;&#33;&#x3F;&gt; \
                 <tg-spoiler>d</tg-spoiler> <blockquote expandable>e</blockquote> \
                 <pre><code class=\"language-rust\">f</code></pre>"
                    .into(),
                true,
            ),
        )
        .await;
    assert_eq!(valid["text"], json!("a b c <!?> d e f"));
    let kinds: Vec<&str> = valid["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "bold",
            "italic",
            "text_link",
            "spoiler",
            "expandable_blockquote",
            "pre"
        ]
    );

    assert_eq!(
        env.api
            .err(
                "sendMessage",
                json!({ "chat_id": 7, "text": "x", "parse_mode": "Markdown" })
            )
            .await,
        (BAD, "Bad Request: unsupported parse_mode".to_owned())
    );
}

#[tokio::test]
async fn chat_and_block_rejections() {
    let env = start().await;
    let not_found = (BAD, "Bad Request: chat not found".to_owned());
    assert_eq!(
        env.api
            .err("sendMessage", json!({ "chat_id": 999, "text": "hi" }))
            .await,
        not_found
    );
    // Registered but never wrote: the bot cannot know this chat yet.
    env.client
        .register_user(&NewUser::new(8, "Silent"))
        .await
        .expect("register");
    assert_eq!(
        env.api
            .err("sendMessage", json!({ "chat_id": 8, "text": "hi" }))
            .await,
        not_found
    );

    user(&env, 9).await;
    env.client.block(9).await.expect("block");
    let blocked = (403, "Forbidden: bot was blocked by the user".to_owned());
    assert_eq!(
        env.api
            .err("sendMessage", json!({ "chat_id": 9, "text": "hi" }))
            .await,
        blocked
    );
    // A blocked user has no input field.
    assert!(env.client.send_text(9, "hello").await.is_err());
    env.client.unblock(9).await.expect("unblock");
    env.api
        .ok("sendMessage", json!({ "chat_id": 9, "text": "hi again" }))
        .await;
}

#[tokio::test]
async fn keyboard_rejections() {
    let env = start().await;
    user(&env, 7).await;
    let with_markup =
        |markup: Value| json!({ "chat_id": 7, "text": "pick", "reply_markup": markup });

    // "é" is two bytes: 32 of them are exactly 64 bytes.
    let at_limit = "é".repeat(32);
    env.api
        .ok("sendMessage", with_markup(keyboard(&[&at_limit])))
        .await;
    let over = format!("{at_limit}e");
    assert_eq!(over.chars().count(), 33);
    assert_eq!(
        env.api
            .err("sendMessage", with_markup(keyboard(&[&over])))
            .await,
        (BAD, "Bad Request: BUTTON_DATA_INVALID".to_owned())
    );
    assert_eq!(
        env.api
            .err("sendMessage", with_markup(json!({ "inline_keyboard": [[{ "text": "x" }]] })))
            .await,
        (
            BAD,
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                .to_owned()
        )
    );
    let (code, _) = env
        .api
        .err(
            "sendMessage",
            with_markup(json!({ "inline_keyboard": [[{ "text": "x", "callback_data": "a", "url": "https://a.org" }]] })),
        )
        .await;
    assert_eq!(code, BAD);
    let (code, _) = env
        .api
        .err(
            "sendMessage",
            with_markup(json!({ "inline_keyboard": [[{ "text": "", "callback_data": "a" }]] })),
        )
        .await;
    assert_eq!(code, BAD);
    // reply_markup may come as a JSON string (forms) and url buttons work.
    let url_button =
        json!({ "inline_keyboard": [[{ "text": "site", "url": "https://example.org" }]] });
    let sent = env
        .api
        .ok(
            "sendMessage",
            with_markup(Value::String(url_button.to_string())),
        )
        .await;
    assert_eq!(sent["reply_markup"], url_button);
    // Removing a reply keyboard is accepted and attaches nothing.
    let removed = env
        .api
        .ok(
            "sendMessage",
            with_markup(json!({ "remove_keyboard": true })),
        )
        .await;
    assert!(removed.get("reply_markup").is_none());
}

#[tokio::test]
async fn edits_and_stale_buttons() {
    let env = start().await;
    user(&env, 7).await;
    let first = env
        .api
        .ok(
            "sendMessage",
            json!({ "chat_id": 7, "text": "Q1", "reply_markup": keyboard(&["a", "b"]) }),
        )
        .await;
    let first_id = first["message_id"].as_i64().expect("id");
    let second = env
        .api
        .ok(
            "sendMessage",
            json!({ "chat_id": 7, "text": "Q2", "reply_markup": keyboard(&["c"]) }),
        )
        .await;
    let second_id = second["message_id"].as_i64().expect("id");

    // The old message still shows its keyboard: tapping it is a stale tap.
    env.client
        .press(7, first_id, "a")
        .await
        .expect("stale press is possible");

    let not_modified = (
        BAD,
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"
            .to_owned(),
    );
    assert_eq!(
        env.api
            .err(
                "editMessageText",
                json!({ "chat_id": 7, "message_id": first_id, "text": "Q1", "reply_markup": keyboard(&["a", "b"]) }),
            )
            .await,
        not_modified
    );
    // Same visible text through different markup is still "not modified".
    assert_eq!(
        env.api
            .err(
                "editMessageText",
                json!({ "chat_id": 7, "message_id": first_id, "text": "Q&#49;", "parse_mode": "HTML",
                        "reply_markup": keyboard(&["a", "b"]) }),
            )
            .await,
        not_modified
    );
    assert_eq!(
        env.api
            .err(
                "editMessageText",
                json!({ "chat_id": 7, "message_id": 99, "text": "x" })
            )
            .await,
        (BAD, "Bad Request: message to edit not found".to_owned())
    );
    assert_eq!(
        env.api
            .err(
                "editMessageText",
                json!({ "chat_id": 7, "message_id": 1, "text": "x" })
            )
            .await,
        (BAD, "Bad Request: message can't be edited".to_owned())
    );
    assert_eq!(
        env.api
            .err(
                "editMessageText",
                json!({ "chat_id": 7, "message_id": first_id, "text": "x".repeat(4097) }),
            )
            .await,
        (BAD, "Bad Request: MESSAGE_TOO_LONG".to_owned())
    );

    // Editing the text without reply_markup removes the keyboard, as in Telegram.
    let edited = env
        .api
        .ok(
            "editMessageText",
            json!({ "chat_id": 7, "message_id": first_id, "text": "Q1 (closed)" }),
        )
        .await;
    assert_eq!(edited["text"], json!("Q1 (closed)"));
    assert!(edited.get("reply_markup").is_none());
    assert!(edited["edit_date"].is_i64());
    assert!(env.client.press(7, first_id, "a").await.is_err());

    let markup = env
        .api
        .ok(
            "editMessageReplyMarkup",
            json!({ "chat_id": 7, "message_id": second_id, "reply_markup": keyboard(&["d"]) }),
        )
        .await;
    assert_eq!(markup["reply_markup"], keyboard(&["d"]));
    assert_eq!(
        env.api
            .err(
                "editMessageReplyMarkup",
                json!({ "chat_id": 7, "message_id": second_id, "reply_markup": keyboard(&["d"]) }),
            )
            .await,
        not_modified
    );

    let events = env
        .client
        .events(7, 0, Duration::ZERO)
        .await
        .expect("events");
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![
            EventKind::Message,
            EventKind::Message,
            EventKind::EditText,
            EventKind::EditMarkup
        ]
    );
    assert!(events[2].buttons.is_empty());
    assert_eq!(events[3].button_data(), vec!["d"]);

    let chat = env.client.chat(7).await.expect("chat");
    assert_eq!(chat.len(), 3);
    assert_eq!(chat[0].from, Side::User);
    assert_eq!(chat[0].plain_text, "/start");
    assert_eq!(chat[1].from, Side::Bot);
    assert_eq!(chat[1].plain_text, "Q1 (closed)");
    assert!(chat[1].edited);
    assert!(chat[1].buttons.is_empty());
    assert_eq!(chat[2].buttons[0][0].data.as_deref(), Some("d"));
}

#[tokio::test]
async fn user_media_and_edits_become_updates() {
    let env = start().await;
    user(&env, 5).await;
    let start_update = env.api.updates(0, 0).await;
    let mut offset = start_update[0]["update_id"].as_i64().expect("id") + 1;

    env.client.send_sticker(5).await.expect("sticker");
    env.client.send_photo(5).await.expect("photo");
    env.client.send_voice(5).await.expect("voice");
    env.client
        .send_location(5, 48.85, 2.35)
        .await
        .expect("location");
    let text = env.client.send_text(5, "first draft").await.expect("text");
    let edit = env
        .client
        .edit_text(5, text.message_id, "second draft")
        .await
        .expect("edit");
    assert_eq!(edit.message_id, text.message_id);

    let updates = env.api.updates(offset, 0).await;
    assert_eq!(updates.len(), 6);
    assert_eq!(updates[0]["message"]["sticker"]["type"], json!("regular"));
    assert!(
        updates[1]["message"]["photo"]
            .as_array()
            .is_some_and(|p| p.len() == 2)
    );
    assert_eq!(
        updates[2]["message"]["voice"]["mime_type"],
        json!("audio/ogg")
    );
    assert_eq!(updates[3]["message"]["location"]["latitude"], json!(48.85));
    assert_eq!(updates[5]["edited_message"]["text"], json!("second draft"));
    assert!(updates[5]["edited_message"]["edit_date"].is_i64());
    let ids: Vec<i64> = updates
        .iter()
        .filter_map(|u| u["update_id"].as_i64())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    offset = ids[5] + 1;
    assert!(env.api.updates(offset, 0).await.is_empty());
}

#[tokio::test]
async fn documents_both_ways() {
    let env = start().await;
    user(&env, 3).await;
    let csv = b"name,answer\nAda,yes\n";
    env.client
        .send_document(3, "answers.csv", "text/csv", csv)
        .await
        .expect("upload");
    let updates = env.api.updates(0, 0).await;
    let document = &updates[1]["message"]["document"];
    assert_eq!(document["file_name"], json!("answers.csv"));
    assert_eq!(document["mime_type"], json!("text/csv"));
    assert_eq!(document["file_size"], json!(csv.len()));
    let file = env
        .api
        .ok("getFile", json!({ "file_id": document["file_id"] }))
        .await;
    let path = file["file_path"].as_str().expect("file_path");
    let bytes = env
        .api
        .http
        .get(format!("{}/file/bot{TOKEN}/{path}", env.api.base))
        .send()
        .await
        .expect("download")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(&bytes[..], csv);
    assert_eq!(
        env.api.err("getFile", json!({ "file_id": "nope" })).await,
        (BAD, "Bad Request: invalid file_id".to_owned())
    );

    // The bot sends a document as multipart/form-data, like teloxide.
    let form = reqwest::multipart::Form::new()
        .text("chat_id", "3")
        .text("caption", "<b>Export</b>")
        .text("parse_mode", "HTML")
        .part(
            "document",
            reqwest::multipart::Part::bytes(b"a;b\n1;2\n".to_vec()).file_name("export.csv"),
        );
    let response = env
        .api
        .http
        .post(format!("{}/bot{TOKEN}/sendDocument", env.api.base))
        .multipart(form)
        .send()
        .await
        .expect("sendDocument");
    let value: Value = response.json().await.expect("json");
    assert_eq!(value["ok"], json!(true), "{value}");
    assert_eq!(value["result"]["caption"], json!("Export"));
    assert_eq!(
        value["result"]["document"]["file_name"],
        json!("export.csv")
    );

    let events = env
        .client
        .events(3, 0, Duration::from_secs(1))
        .await
        .expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::Document);
    assert_eq!(events[0].file_name.as_deref(), Some("export.csv"));
    assert_eq!(events[0].plain_text, "Export");
    let file_id = events[0].file_id.clone().expect("file_id");
    assert_eq!(
        env.client.document(&file_id).await.expect("bytes"),
        b"a;b\n1;2\n"
    );

    // A caption over 1024 characters is refused.
    let form = reqwest::multipart::Form::new()
        .text("chat_id", "3")
        .text("caption", "c".repeat(1025))
        .part(
            "document",
            reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("x.txt"),
        );
    let value: Value = env
        .api
        .http
        .post(format!("{}/bot{TOKEN}/sendDocument", env.api.base))
        .multipart(form)
        .send()
        .await
        .expect("sendDocument")
        .json()
        .await
        .expect("json");
    assert_eq!(
        value["description"],
        json!("Bad Request: message caption is too long")
    );

    let chat = env.client.chat(3).await.expect("chat");
    assert_eq!(chat[1].kind, MessageKind::Document);
    assert_eq!(chat[2].kind, MessageKind::Document);
    assert_eq!(chat[2].from, Side::Bot);
}

#[tokio::test]
async fn long_polls_wait_and_wake() {
    let env = start().await;
    env.client
        .register_user(&NewUser::new(11, "Eve"))
        .await
        .expect("register");

    // getUpdates with a timeout returns as soon as an update exists.
    let api = Api {
        http: reqwest::Client::new(),
        base: env.api.base.clone(),
    };
    let poll = tokio::spawn(async move {
        let started = Instant::now();
        let updates = api.updates(0, 10).await;
        (updates, started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    env.client.send_text(11, "wake up").await.expect("send");
    let (updates, waited) = poll.await.expect("poll task");
    assert_eq!(updates.len(), 1);
    assert!(waited < Duration::from_secs(5), "{waited:?}");

    // An empty poll returns [] at its timeout.
    let offset = updates[0]["update_id"].as_i64().expect("id") + 1;
    let started = Instant::now();
    assert!(env.api.updates(offset, 1).await.is_empty());
    assert!(started.elapsed() >= Duration::from_millis(900));

    // User event polls wake when the bot acts.
    let client = env.client.clone();
    let events = tokio::spawn(async move { client.events(11, 0, Duration::from_secs(10)).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    env.api
        .ok("sendMessage", json!({ "chat_id": 11, "text": "hello" }))
        .await;
    let events = events.await.expect("task").expect("events");
    assert_eq!(events.len(), 1);
    assert!(
        env.client
            .events(11, events[0].seq, Duration::from_millis(300))
            .await
            .expect("events")
            .is_empty()
    );

    // A second getUpdates supersedes a waiting one with 409, like Telegram.
    let api = Api {
        http: reqwest::Client::new(),
        base: env.api.base.clone(),
    };
    let first = tokio::spawn(async move {
        api.err("getUpdates", json!({ "offset": offset, "timeout": 10 }))
            .await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(env.api.updates(offset, 0).await.is_empty());
    let (code, description) = first.await.expect("task");
    assert_eq!(code, 409);
    assert!(description.starts_with("Conflict: terminated by other getUpdates request"));
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let env = start_with(SandboxConfig {
        max_messages_per_second_per_chat: Some(1.0),
        ..SandboxConfig::default()
    })
    .await;
    user(&env, 4).await;
    env.api
        .ok("sendMessage", json!({ "chat_id": 4, "text": "one" }))
        .await;
    let (status, value) = env
        .api
        .call("sendMessage", json!({ "chat_id": 4, "text": "two" }))
        .await;
    assert_eq!(status, 429);
    assert_eq!(
        value,
        json!({
            "ok": false,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": { "retry_after": 1 },
        })
    );
}

#[tokio::test]
async fn update_ids_start_above_earlier_runs() {
    let first = start().await;
    user(&first, 1).await;
    let earlier = first.api.updates(0, 0).await[0]["update_id"]
        .as_i64()
        .expect("id");
    tokio::time::sleep(Duration::from_millis(250)).await;
    let second = start().await;
    user(&second, 1).await;
    let later = second.api.updates(0, 0).await[0]["update_id"]
        .as_i64()
        .expect("id");
    assert!(later > earlier, "{later} <= {earlier}");
    assert!(later < i64::from(i32::MAX));
}

/// Many users at once: every user message reaches the bot exactly once and
/// every bot reply reaches the right user, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_users_lose_nothing() {
    const USERS: i64 = 200;
    const ROUNDS: usize = 10;
    let env = start().await;
    let started = Instant::now();

    // A minimal echo bot on the raw Bot API.
    let api = Api {
        http: reqwest::Client::new(),
        base: env.api.base.clone(),
    };
    let bot = tokio::spawn(async move {
        let mut offset = 0i64;
        let mut seen = 0usize;
        while seen < USERS as usize * (ROUNDS + 1) {
            let updates = api.updates(offset, 5).await;
            for update in updates {
                offset = update["update_id"].as_i64().expect("id") + 1;
                seen += 1;
                let message = &update["message"];
                let chat = message["chat"]["id"].clone();
                let text = message["text"].as_str().unwrap_or("").to_owned();
                api.ok(
                    "sendMessage",
                    json!({ "chat_id": chat, "text": format!("echo {text}"), "reply_markup": keyboard(&["ok"]) }),
                )
                .await;
            }
        }
        seen
    });

    let mut crowd = Vec::new();
    for id in 1..=USERS {
        let client = env.client.clone();
        crowd.push(tokio::spawn(async move {
            client
                .register_user(&NewUser::new(id, format!("U{id}")))
                .await
                .expect("register");
            let mut after = 0;
            for round in 0..=ROUNDS {
                client
                    .send_text(id, &format!("{id}-{round}"))
                    .await
                    .expect("send");
                let events = client
                    .events(id, after, Duration::from_secs(30))
                    .await
                    .expect("events");
                assert_eq!(events.len(), 1, "user {id} round {round}");
                assert_eq!(events[0].plain_text, format!("echo {id}-{round}"));
                after = events[0].seq;
            }
        }));
    }
    for task in crowd {
        task.await.expect("user task");
    }
    assert_eq!(bot.await.expect("bot"), USERS as usize * (ROUNDS + 1));
    let stats = env.sandbox.stats();
    assert_eq!(stats.updates_delivered, USERS as u64 * (ROUNDS as u64 + 1));
    assert_eq!(stats.messages_from_bot, USERS as u64 * (ROUNDS as u64 + 1));
    assert!(stats.rejections.is_empty(), "{:?}", stats.rejections);
    let elapsed = started.elapsed();
    eprintln!("{USERS} users x {} interactions in {elapsed:?}", ROUNDS + 1);
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
    let _ = env.addr;
}

mod teloxide_compat {
    use super::*;
    use teloxide::ApiError;
    use teloxide::RequestError;
    use teloxide::net::Download;
    use teloxide::prelude::*;
    use teloxide::types::{
        InlineKeyboardButton, InlineKeyboardMarkup, MediaKind, MessageId, MessageKind as TgKind,
        ParseMode, UpdateKind,
    };

    fn bot(env: &Env) -> Bot {
        let url = reqwest::Url::parse(&sandbox::base_url(env.addr)).expect("url");
        Bot::new(TOKEN).set_api_url(url)
    }

    fn api_error(result: Result<Message, RequestError>) -> ApiError {
        match result {
            Err(RequestError::Api(e)) => e,
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn teloxide_parses_everything_the_sandbox_sends() {
        let env = start().await;
        let bot = bot(&env);

        let me = bot.get_me().await.expect("getMe");
        assert_eq!(me.username(), "assent_sandbox_bot");
        assert!(
            bot.get_webhook_info()
                .await
                .expect("webhook info")
                .url
                .is_none()
        );
        bot.delete_webhook().await.expect("deleteWebhook");
        bot.set_my_commands([teloxide::types::BotCommand::new("start", "Start")])
            .await
            .expect("setMyCommands");

        env.client
            .register_user(&NewUser::new(77, "Grace"))
            .await
            .expect("register");
        env.client
            .send_text(77, "/start token")
            .await
            .expect("text");
        let chat = ChatId(77);

        let keyboard = InlineKeyboardMarkup::new([[
            InlineKeyboardButton::callback("Yes", "vote:yes"),
            InlineKeyboardButton::callback("No", "vote:no"),
        ]]);
        let sent = bot
            .send_message(chat, "<b>Do you agree?</b> <i>1 &lt; 2</i>")
            .parse_mode(ParseMode::Html)
            .reply_markup(keyboard.clone())
            .await
            .expect("sendMessage");
        assert_eq!(sent.text(), Some("Do you agree? 1 < 2"));
        assert_eq!(sent.reply_markup(), Some(&keyboard));

        let edited = bot
            .edit_message_text(chat, sent.id, "<b>Do you agree?</b> (edited)")
            .parse_mode(ParseMode::Html)
            .reply_markup(keyboard.clone())
            .await
            .expect("editMessageText");
        assert_eq!(edited.text(), Some("Do you agree? (edited)"));
        assert!(edited.edit_date().is_some());

        env.client
            .press(77, sent.id.0 as i64, "vote:yes")
            .await
            .expect("press");
        env.client.send_sticker(77).await.expect("sticker");
        env.client.send_photo(77).await.expect("photo");
        env.client.send_voice(77).await.expect("voice");
        env.client
            .send_location(77, 1.5, 2.5)
            .await
            .expect("location");
        let csv = b"a,b\n1,2\n";
        env.client
            .send_document(77, "in.csv", "text/csv", csv)
            .await
            .expect("document");
        let text = env.client.send_text(77, "typo").await.expect("text");
        env.client
            .edit_text(77, text.message_id, "fixed")
            .await
            .expect("edit");

        let updates = bot.get_updates().timeout(1).await.expect("getUpdates");
        assert_eq!(updates.len(), 9);
        for update in &updates {
            assert!(
                !matches!(update.kind, UpdateKind::Error(_)),
                "unparsed update: {update:?}"
            );
        }
        let UpdateKind::Message(start) = &updates[0].kind else {
            panic!("{:?}", updates[0])
        };
        assert_eq!(start.text(), Some("/start token"));
        assert_eq!(start.chat.id, chat);
        assert!(start.chat.is_private());
        assert!(start.from.as_ref().is_some_and(|u| !u.is_bot));

        let UpdateKind::CallbackQuery(query) = &updates[1].kind else {
            panic!("{:?}", updates[1])
        };
        assert_eq!(query.data.as_deref(), Some("vote:yes"));
        let pressed_on = query.regular_message().expect("accessible message");
        assert_eq!(pressed_on.id, sent.id);
        assert_eq!(pressed_on.text(), Some("Do you agree? (edited)"));

        let media = |i: usize| match &updates[i].kind {
            UpdateKind::Message(m) => match &m.kind {
                TgKind::Common(common) => common.media_kind.clone(),
                other => panic!("not a common message: {other:?}"),
            },
            other => panic!("not a message: {other:?}"),
        };
        assert!(matches!(media(2), MediaKind::Sticker(_)));
        assert!(matches!(media(3), MediaKind::Photo(_)));
        assert!(matches!(media(4), MediaKind::Voice(_)));
        assert!(matches!(media(5), MediaKind::Location(_)));
        let MediaKind::Document(document) = media(6) else {
            panic!("document")
        };
        assert_eq!(document.document.file_name.as_deref(), Some("in.csv"));
        assert!(matches!(media(7), MediaKind::Text(_)));
        let UpdateKind::EditedMessage(fixed) = &updates[8].kind else {
            panic!("{:?}", updates[8])
        };
        assert_eq!(fixed.text(), Some("fixed"));

        // Downloads work through teloxide's own helpers.
        let file = bot
            .get_file(document.document.file.id.clone())
            .await
            .expect("getFile");
        let mut downloaded = Vec::new();
        bot.download_file(&file.path, &mut downloaded)
            .await
            .expect("download");
        assert_eq!(downloaded, csv);

        bot.answer_callback_query(query.id.clone())
            .text("Thanks")
            .await
            .expect("answer");
        match bot.answer_callback_query(query.id.clone()).await {
            Err(RequestError::Api(ApiError::Unknown(description))) => assert_eq!(
                description,
                "Bad Request: query is too old and response timeout expired or query ID is invalid"
            ),
            Err(RequestError::Api(ApiError::InvalidQueryId)) => {}
            other => panic!("second answer: {other:?}"),
        }

        // Confirming with the offset empties the queue.
        let last = updates.last().expect("updates").id.0 as i32;
        assert!(
            bot.get_updates()
                .offset(last + 1)
                .await
                .expect("getUpdates")
                .is_empty()
        );

        // Rejections map to teloxide's ApiError variants.
        assert_eq!(
            api_error(bot.send_message(chat, "").await),
            ApiError::MessageTextIsEmpty
        );
        assert_eq!(
            api_error(bot.send_message(chat, "x".repeat(4097)).await),
            ApiError::MessageIsTooLong
        );
        assert!(matches!(
            api_error(
                bot.send_message(chat, "<b>x")
                    .parse_mode(ParseMode::Html)
                    .await
            ),
            ApiError::CantParseEntities(_)
        ));
        let long_data =
            InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("x", "d".repeat(65))]]);
        assert_eq!(
            api_error(bot.send_message(chat, "x").reply_markup(long_data).await),
            ApiError::ButtonDataInvalid
        );
        assert_eq!(
            api_error(
                bot.edit_message_text(chat, sent.id, "<b>Do you agree?</b> (edited)")
                    .parse_mode(ParseMode::Html)
                    .reply_markup(keyboard.clone())
                    .await
            ),
            ApiError::MessageNotModified
        );
        assert_eq!(
            api_error(bot.edit_message_text(chat, MessageId(9999), "x").await),
            ApiError::MessageToEditNotFound
        );
        assert_eq!(
            api_error(bot.send_message(ChatId(31337), "x").await),
            ApiError::ChatNotFound
        );
        env.client.block(77).await.expect("block");
        assert_eq!(
            api_error(bot.send_message(chat, "x").await),
            ApiError::BotBlocked
        );
        env.client.unblock(77).await.expect("unblock");

        // sendDocument goes out as multipart with an attach:// reference.
        let doc = bot
            .send_document(
                chat,
                teloxide::types::InputFile::memory(b"x,y\n".to_vec()).file_name("out.csv"),
            )
            .caption("<b>Export</b>")
            .parse_mode(ParseMode::Html)
            .await
            .expect("sendDocument");
        let MediaKind::Document(sent_doc) = (match &doc.kind {
            TgKind::Common(c) => c.media_kind.clone(),
            other => panic!("{other:?}"),
        }) else {
            panic!("not a document")
        };
        assert_eq!(sent_doc.caption.as_deref(), Some("Export"));
        assert_eq!(
            env.client
                .document(&sent_doc.document.file.id.0)
                .await
                .expect("bytes"),
            b"x,y\n"
        );
    }

    /// The bot's usual setup, a teloxide Dispatcher with long polling, works
    /// against the sandbox (getWebhookInfo, getUpdates with offsets
    /// and allowed_updates, graceful shutdown).
    #[tokio::test]
    async fn teloxide_dispatcher_polls_the_sandbox() {
        let env = start().await;
        let handler = Update::filter_message().endpoint(|bot: Bot, msg: Message| async move {
            let text = msg.text().unwrap_or_default().to_owned();
            bot.send_message(msg.chat.id, format!("pong: {text}"))
                .await?;
            respond(())
        });
        let mut dispatcher = Dispatcher::builder(bot(&env), handler).build();
        let shutdown = dispatcher.shutdown_token();
        let running = tokio::spawn(async move { dispatcher.dispatch().await });

        env.client
            .register_user(&NewUser::new(21, "Alan"))
            .await
            .expect("register");
        let mut after = 0;
        for text in ["ping", "again"] {
            env.client.send_text(21, text).await.expect("send");
            let events = env
                .client
                .events(21, after, Duration::from_secs(20))
                .await
                .expect("events");
            assert_eq!(events.len(), 1);
            assert_eq!(events[0].plain_text, format!("pong: {text}"));
            after = events[0].seq;
        }
        shutdown.shutdown().expect("dispatcher is running").await;
        running.await.expect("dispatcher task");
        assert_eq!(env.sandbox.pending_updates(), 0);
        let stats = env.sandbox.stats();
        assert_eq!(stats.updates_delivered, 2);
        assert!(
            stats.method_calls.contains_key("getWebhookInfo"),
            "{:?}",
            stats.method_calls
        );
        assert!(stats.method_calls.contains_key("getUpdates"));
        assert!(stats.rejections.is_empty(), "{:?}", stats.rejections);
    }

    #[tokio::test]
    async fn teloxide_sees_retry_after() {
        let env = start_with(SandboxConfig {
            max_messages_per_second_per_chat: Some(1.0),
            ..SandboxConfig::default()
        })
        .await;
        user(&env, 12).await;
        let bot = bot(&env);
        bot.send_message(ChatId(12), "one").await.expect("first");
        match bot.send_message(ChatId(12), "two").await {
            Err(RequestError::RetryAfter(seconds)) => assert_eq!(seconds.seconds(), 1),
            other => panic!("expected RetryAfter, got {other:?}"),
        }
    }
}
