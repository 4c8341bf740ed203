//! Errors in the Bot API's own shape: `{"ok":false,"error_code":…,"description":…}`.
//!
//! The descriptions are Telegram's, byte for byte, because teloxide maps them
//! to `ApiError` variants by exact string comparison.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A rejection, rendered as Telegram renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: u16,
    pub description: String,
    /// Only for 429: seconds to wait, sent as `parameters.retry_after`.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: u16, description: impl Into<String>) -> ApiError {
        ApiError {
            code,
            description: description.into(),
            retry_after: None,
        }
    }

    pub fn bad_request(detail: impl AsRef<str>) -> ApiError {
        ApiError::new(400, format!("Bad Request: {}", detail.as_ref()))
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(401, "Unauthorized")
    }

    pub fn not_found() -> ApiError {
        ApiError::new(404, "Not Found")
    }

    pub fn chat_not_found() -> ApiError {
        ApiError::bad_request("chat not found")
    }

    pub fn blocked() -> ApiError {
        ApiError::new(403, "Forbidden: bot was blocked by the user")
    }

    pub fn text_empty() -> ApiError {
        ApiError::bad_request("message text is empty")
    }

    pub fn cant_parse_entities(detail: &str) -> ApiError {
        ApiError::bad_request(format!("can't parse entities: {detail}"))
    }

    pub fn too_many_requests(retry_after: u64) -> ApiError {
        ApiError {
            code: 429,
            description: format!("Too Many Requests: retry after {retry_after}"),
            retry_after: Some(retry_after),
        }
    }

    pub fn body(&self) -> serde_json::Value {
        let mut body = json!({
            "ok": false,
            "error_code": self.code,
            "description": self.description,
        });
        if let Some(retry_after) = self.retry_after {
            body["parameters"] = json!({ "retry_after": retry_after });
        }
        body
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.description)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::BAD_REQUEST);
        (status, axum::Json(self.body())).into_response()
    }
}
