//! HTTP routes: the Bot API (`/bot<token>/<method>`, `/file/bot<token>/…`)
//! and the user API (`/sandbox/…`).

use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::time::Instant;

use super::Sandbox;
use super::error::ApiError;
use super::params::{MAX_BODY_BYTES, Params};
use super::state::{UserContent, canonical_method};
use super::wire::{
    EditText, EventsQuery, NewUser, Press, SendDocument, SendLocation, SendText, UserRef,
    base64_decode,
};

/// Long polls never wait longer than this, whatever the client asks.
const MAX_POLL_SECONDS: f64 = 600.0;

pub fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/sandbox/users", post(register_user))
        .route("/sandbox/send_text", post(send_text))
        .route("/sandbox/send_sticker", post(send_sticker))
        .route("/sandbox/send_photo", post(send_photo))
        .route("/sandbox/send_voice", post(send_voice))
        .route("/sandbox/send_location", post(send_location))
        .route("/sandbox/send_document", post(send_document))
        .route("/sandbox/edit_text", post(edit_text))
        .route("/sandbox/press", post(press))
        .route("/sandbox/block", post(block))
        .route("/sandbox/unblock", post(unblock))
        .route("/sandbox/events", get(events))
        .route("/sandbox/chat", get(chat))
        .route("/sandbox/documents/{file_id}", get(document))
        .route("/sandbox/stats", get(stats))
        .route("/file/{bot}/{*file_path}", get(download))
        .route("/{bot}/{method}", any(bot_method))
        .fallback(|| async { ApiError::not_found() })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(sandbox)
}

// ------------------------------------------------------------------ Bot API

/// `/bot<token>/<method>`: 404 if the path is not a bot path at all, 401 if
/// the token is wrong, like api.telegram.org.
fn check_token(sandbox: &Sandbox, segment: &str) -> Result<(), ApiError> {
    let token = segment
        .strip_prefix("bot")
        .ok_or_else(ApiError::not_found)?;
    if token != sandbox.shared.token {
        return Err(ApiError::unauthorized());
    }
    Ok(())
}

async fn bot_method(
    State(sandbox): State<Sandbox>,
    Path((bot, method)): Path<(String, String)>,
    req: Request,
) -> Response {
    if let Err(e) = check_token(&sandbox, &bot) {
        return e.into_response();
    }
    let result = match Params::from_request(req).await {
        Ok(params) if method.eq_ignore_ascii_case("getUpdates") => {
            get_updates(&sandbox, &method, &params).await
        }
        Ok(params) => {
            let mut state = sandbox.lock();
            *state
                .stats
                .method_calls
                .entry(canonical_method(&method))
                .or_default() += 1;
            match state.call(&method, &params) {
                Some(result) => result,
                None => {
                    tracing::warn!(%method, "sandbox: Bot API method not implemented");
                    Err(ApiError::not_found())
                }
            }
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(value) => Json(json!({ "ok": true, "result": value })).into_response(),
        Err(e) => {
            tracing::debug!(%method, error = %e, "sandbox: rejected bot call");
            *sandbox
                .lock()
                .stats
                .rejections
                .entry(e.description.clone())
                .or_default() += 1;
            e.into_response()
        }
    }
}

const CONFLICT: &str = "Conflict: terminated by other getUpdates request; make sure that only one \
                        bot instance is running";

/// Long polling: returns at once if updates are pending, else waits up to
/// `timeout` seconds for the first one.
async fn get_updates(sandbox: &Sandbox, method: &str, params: &Params) -> Result<Value, ApiError> {
    let offset = params.int("offset")?;
    let limit = params.int("limit")?.unwrap_or(100).clamp(1, 100) as usize;
    let timeout = params
        .int("timeout")?
        .unwrap_or(0)
        .clamp(0, MAX_POLL_SECONDS as i64) as u64;
    let allowed = match params.json("allowed_updates") {
        Ok(Some(Value::Array(kinds))) => Some(
            kinds
                .into_iter()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect::<Vec<_>>(),
        ),
        Ok(_) => None,
        Err(_) => {
            return Err(ApiError::bad_request(
                "can't parse allowed_updates JSON array",
            ));
        }
    };

    let (notify, generation) = {
        let mut state = sandbox.lock();
        *state
            .stats
            .method_calls
            .entry(canonical_method(method))
            .or_default() += 1;
        state.poll_generation += 1;
        if let Some(offset) = offset {
            state.confirm(offset);
        }
        if let Some(allowed) = allowed {
            state.set_allowed_updates(allowed);
        }
        (state.updates_notify.clone(), state.poll_generation)
    };
    // Wake an older poll so it notices it was superseded.
    notify.notify_waiters();

    let deadline = Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = notify.notified();
        tokio::pin!(notified);
        // Register before looking at the state, so an update pushed in
        // between still wakes us.
        notified.as_mut().enable();
        {
            let mut state = sandbox.lock();
            if state.poll_generation != generation {
                return Err(ApiError::new(409, CONFLICT));
            }
            let batch = state.take_batch(limit);
            if !batch.is_empty() || timeout == 0 {
                return Ok(Value::Array(batch));
            }
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return Ok(json!([]));
        }
    }
}

/// `GET /file/bot<token>/<file_path>`: files users uploaded (and the bot's own).
async fn download(
    State(sandbox): State<Sandbox>,
    Path((bot, file_path)): Path<(String, String)>,
) -> Response {
    if let Err(e) = check_token(&sandbox, &bot) {
        return e.into_response();
    }
    let file = sandbox.lock().file_by_path(&file_path).cloned();
    match file {
        Some(file) => {
            let mime = file
                .mime_type
                .unwrap_or_else(|| "application/octet-stream".to_owned());
            (StatusCode::OK, [(CONTENT_TYPE, mime)], file.bytes).into_response()
        }
        None => ApiError::not_found().into_response(),
    }
}

// ----------------------------------------------------------------- user API

fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::new(400, format!("invalid request body: {e}")))
}

/// Counts a user-side rejection and renders any result.
fn reply<T: serde::Serialize>(sandbox: &Sandbox, result: Result<T, ApiError>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(e) => {
            *sandbox
                .lock()
                .stats
                .user_rejections
                .entry(e.description.clone())
                .or_default() += 1;
            e.into_response()
        }
    }
}

async fn register_user(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    let result = body::<NewUser>(&bytes)
        .and_then(|user| sandbox.lock().register_user(user))
        .map(|()| json!({ "ok": true }));
    reply(&sandbox, result)
}

fn user_send(sandbox: &Sandbox, user_id: i64, content: UserContent) -> Response {
    let result = sandbox.lock().user_send(user_id, content);
    reply(sandbox, result)
}

async fn send_text(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    match body::<SendText>(&bytes) {
        Ok(req) => user_send(&sandbox, req.user_id, UserContent::Text(req.text)),
        Err(e) => reply::<()>(&sandbox, Err(e)),
    }
}

/// A message without content of its own (sticker, photo, voice): only who sends it.
fn user_send_media(sandbox: &Sandbox, bytes: &Bytes, content: UserContent) -> Response {
    match body::<UserRef>(bytes) {
        Ok(req) => user_send(sandbox, req.user_id, content),
        Err(e) => reply::<()>(sandbox, Err(e)),
    }
}

async fn send_sticker(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    user_send_media(&sandbox, &bytes, UserContent::Sticker)
}

async fn send_photo(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    user_send_media(&sandbox, &bytes, UserContent::Photo)
}

async fn send_voice(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    user_send_media(&sandbox, &bytes, UserContent::Voice)
}

async fn send_location(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    match body::<SendLocation>(&bytes) {
        Ok(req) => user_send(
            &sandbox,
            req.user_id,
            UserContent::Location {
                latitude: req.latitude,
                longitude: req.longitude,
            },
        ),
        Err(e) => reply::<()>(&sandbox, Err(e)),
    }
}

async fn send_document(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    let content = body::<SendDocument>(&bytes).and_then(|req| {
        let data = match (req.content_base64, req.content) {
            (Some(b64), None) => base64_decode(&b64)
                .map_err(|e| ApiError::new(400, format!("content_base64: {e}")))?,
            (None, Some(text)) => text.into_bytes(),
            _ => {
                return Err(ApiError::new(
                    400,
                    "give exactly one of content_base64 and content",
                ));
            }
        };
        Ok((
            req.user_id,
            UserContent::Document {
                file_name: req.file_name,
                mime_type: req.mime_type,
                bytes: Bytes::from(data),
                caption: req.caption,
            },
        ))
    });
    match content {
        Ok((user_id, content)) => user_send(&sandbox, user_id, content),
        Err(e) => reply::<()>(&sandbox, Err(e)),
    }
}

async fn edit_text(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    let result = body::<EditText>(&bytes).and_then(|req| {
        sandbox
            .lock()
            .user_edit_text(req.user_id, req.message_id, req.text)
    });
    reply(&sandbox, result)
}

async fn press(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    let result = body::<Press>(&bytes).and_then(|req| {
        sandbox
            .lock()
            .user_press(req.user_id, req.message_id, &req.data)
    });
    reply(&sandbox, result)
}

async fn block(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    let result = body::<UserRef>(&bytes)
        .and_then(|req| sandbox.lock().set_blocked(req.user_id, true))
        .map(|()| json!({ "ok": true }));
    reply(&sandbox, result)
}

async fn unblock(State(sandbox): State<Sandbox>, bytes: Bytes) -> Response {
    let result = body::<UserRef>(&bytes)
        .and_then(|req| sandbox.lock().set_blocked(req.user_id, false))
        .map(|()| json!({ "ok": true }));
    reply(&sandbox, result)
}

fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query
        .map(|Query(q)| q)
        .map_err(|e| ApiError::new(400, format!("invalid query: {}", e.body_text())))
}

async fn events(
    State(sandbox): State<Sandbox>,
    q: Result<Query<EventsQuery>, QueryRejection>,
) -> Response {
    let result = async {
        let q = query(q)?;
        let notify = sandbox.lock().chat_notify(q.user_id)?;
        let wait = if q.timeout.is_finite() {
            q.timeout.clamp(0.0, MAX_POLL_SECONDS)
        } else {
            0.0
        };
        let deadline = Instant::now() + Duration::from_secs_f64(wait);
        loop {
            let notified = notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let events = sandbox.lock().events_after(q.user_id, q.after)?;
            if !events.is_empty() || wait == 0.0 {
                return Ok(events);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return Ok(Vec::new());
            }
        }
    }
    .await;
    reply(&sandbox, result)
}

#[derive(Deserialize)]
struct ChatQuery {
    user_id: i64,
}

async fn chat(
    State(sandbox): State<Sandbox>,
    q: Result<Query<ChatQuery>, QueryRejection>,
) -> Response {
    let result = query(q).and_then(|q| sandbox.lock().transcript(q.user_id));
    reply(&sandbox, result)
}

async fn document(State(sandbox): State<Sandbox>, Path(file_id): Path<String>) -> Response {
    let file = sandbox.lock().file_by_id(&file_id).cloned();
    match file {
        Some(file) => {
            let mime = file
                .mime_type
                .unwrap_or_else(|| "application/octet-stream".to_owned());
            (StatusCode::OK, [(CONTENT_TYPE, mime)], file.bytes).into_response()
        }
        None => reply::<()>(
            &sandbox,
            Err(ApiError::new(404, format!("no file {file_id:?}"))),
        ),
    }
}

async fn stats(State(sandbox): State<Sandbox>) -> Response {
    Json(sandbox.stats()).into_response()
}
