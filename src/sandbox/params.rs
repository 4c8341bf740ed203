//! Bot API method parameters, from wherever the Bot API accepts them: the
//! query string, a JSON body, an urlencoded form or multipart/form-data.
//!
//! Form and multipart values are strings, so getters convert like Telegram
//! does ("123" is an integer, a JSON-encoded string is an object).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::{Map, Value};

use super::error::ApiError;

/// Largest request body accepted (Telegram's upload limit for bots is 50 MB).
pub const MAX_BODY_BYTES: usize = 50 * 1024 * 1024;

/// A file part of a multipart request.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

#[derive(Debug, Clone, Default)]
pub struct Params {
    fields: Map<String, Value>,
    files: HashMap<String, Upload>,
}

impl Params {
    /// Reads every parameter of a Bot API request.
    pub async fn from_request(req: Request) -> Result<Params, ApiError> {
        let mut params = Params::default();
        if let Some(query) = req.uri().query() {
            for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
                params
                    .fields
                    .insert(k.into_owned(), Value::String(v.into_owned()));
            }
        }
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();

        if content_type.starts_with("multipart/form-data") {
            let mut multipart = Multipart::from_request(req, &())
                .await
                .map_err(|e| ApiError::bad_request(format!("can't parse multipart body: {e}")))?;
            loop {
                let field = match multipart.next_field().await {
                    Ok(Some(field)) => field,
                    Ok(None) => break,
                    Err(e) => {
                        return Err(ApiError::bad_request(format!(
                            "can't parse multipart body: {e}"
                        )));
                    }
                };
                let Some(name) = field.name().map(str::to_owned) else {
                    continue;
                };
                let file_name = field.file_name().map(str::to_owned);
                let part_type = field.content_type().map(str::to_owned);
                let bytes = field.bytes().await.map_err(|e| {
                    ApiError::bad_request(format!("can't read multipart field: {e}"))
                })?;
                // A part with a filename is a file; the rest are plain values.
                if file_name.is_some() {
                    params.files.insert(
                        name,
                        Upload {
                            file_name,
                            content_type: part_type,
                            bytes,
                        },
                    );
                } else {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    params.fields.insert(name, Value::String(text));
                }
            }
            return Ok(params);
        }

        let body = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| ApiError::new(413, "Request Entity Too Large"))?;
        if body.is_empty() {
            return Ok(params);
        }
        if content_type.starts_with("application/json") {
            match serde_json::from_slice::<Value>(&body) {
                Ok(Value::Object(map)) => params.fields.extend(map),
                Ok(_) => return Err(ApiError::bad_request("parameters must be a JSON object")),
                Err(e) => return Err(ApiError::bad_request(format!("can't parse JSON: {e}"))),
            }
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            for (k, v) in url::form_urlencoded::parse(&body) {
                params
                    .fields
                    .insert(k.into_owned(), Value::String(v.into_owned()));
            }
        }
        Ok(params)
    }

    /// Builds parameters from a JSON object (unit tests).
    #[cfg(test)]
    pub fn from_json(value: Value) -> Params {
        let fields = match value {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        Params {
            fields,
            files: HashMap::new(),
        }
    }

    pub fn has(&self, name: &str) -> bool {
        !matches!(self.fields.get(name), None | Some(Value::Null))
    }

    /// A string parameter; numbers and booleans read as their text.
    pub fn string(&self, name: &str) -> Option<String> {
        match self.fields.get(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// An integer parameter; `Err` if present but not an integer.
    pub fn int(&self, name: &str) -> Result<Option<i64>, ApiError> {
        let invalid = || ApiError::bad_request(format!("invalid {name} specified"));
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(invalid),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s.trim().parse::<i64>().map(Some).map_err(|_| invalid()),
            Some(_) => Err(invalid()),
        }
    }

    pub fn bool(&self, name: &str) -> bool {
        match self.fields.get(name) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => matches!(s.as_str(), "true" | "True" | "1"),
            Some(Value::Number(n)) => n.as_i64().is_some_and(|n| n != 0),
            _ => false,
        }
    }

    /// A structured parameter, given either as JSON or as a JSON-encoded
    /// string (forms and multipart can only send strings).
    pub fn json(&self, name: &str) -> Result<Option<Value>, serde_json::Error> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => serde_json::from_str(s).map(Some),
            Some(other) => Ok(Some(other.clone())),
        }
    }

    pub fn upload(&self, name: &str) -> Option<&Upload> {
        self.files.get(name)
    }
}
