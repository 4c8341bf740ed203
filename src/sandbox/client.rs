//! A typed client for the sandbox's user API: what a simulated user can do
//! in a Telegram app, plus the observations a test or the crowd needs.

use std::net::SocketAddr;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::wire::{
    ChatEntry, EditText, Event, NewUser, Press, Pressed, SandboxStats, SendDocument, SendLocation,
    SendText, Sent, UserRef, base64_encode,
};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("sandbox request failed: {0}")]
    Http(#[from] reqwest::Error),
    /// The sandbox refused: e.g. pressing a button that is not there.
    #[error("sandbox rejected the request ({status}): {description}")]
    Rejected { status: u16, description: String },
}

#[derive(Debug, Clone)]
pub struct SandboxClient {
    base: String,
    http: reqwest::Client,
}

impl SandboxClient {
    /// `base_url` like "http://127.0.0.1:8081" (a trailing slash is fine).
    pub fn new(base_url: impl Into<String>) -> SandboxClient {
        SandboxClient::with_http_client(base_url, reqwest::Client::new())
    }

    pub fn from_addr(addr: SocketAddr) -> SandboxClient {
        SandboxClient::new(super::base_url(addr))
    }

    /// Shares a connection pool with other clients.
    pub fn with_http_client(base_url: impl Into<String>, http: reqwest::Client) -> SandboxClient {
        let base = base_url.into().trim_end_matches('/').to_owned();
        SandboxClient { base, http }
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    async fn decode<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, ClientError> {
        let status = response.status();
        if status.is_success() {
            return Ok(response.json::<T>().await?);
        }
        let text = response.text().await.unwrap_or_default();
        // Errors come as {"ok":false,"error_code":…,"description":…}.
        let description = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| {
                v.get("description")
                    .and_then(|d| d.as_str())
                    .map(str::to_owned)
            })
            .unwrap_or(text);
        Err(ClientError::Rejected {
            status: status.as_u16(),
            description,
        })
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        let response = self
            .http
            .post(format!("{}/sandbox/{path}", self.base))
            .json(body)
            .send()
            .await?;
        Self::decode(response).await
    }

    async fn post_unit<B: Serialize>(&self, path: &str, body: &B) -> Result<(), ClientError> {
        self.post::<B, serde_json::Value>(path, body)
            .await
            .map(|_| ())
    }

    /// `POST /sandbox/users`.
    pub async fn register_user(&self, user: &NewUser) -> Result<(), ClientError> {
        self.post_unit("users", user).await
    }

    /// `POST /sandbox/send_text`; "/start abc" arrives as a command.
    pub async fn send_text(&self, user_id: i64, text: &str) -> Result<Sent, ClientError> {
        self.post(
            "send_text",
            &SendText {
                user_id,
                text: text.to_owned(),
            },
        )
        .await
    }

    pub async fn send_sticker(&self, user_id: i64) -> Result<Sent, ClientError> {
        self.post("send_sticker", &UserRef { user_id }).await
    }

    pub async fn send_photo(&self, user_id: i64) -> Result<Sent, ClientError> {
        self.post("send_photo", &UserRef { user_id }).await
    }

    pub async fn send_voice(&self, user_id: i64) -> Result<Sent, ClientError> {
        self.post("send_voice", &UserRef { user_id }).await
    }

    pub async fn send_location(
        &self,
        user_id: i64,
        latitude: f64,
        longitude: f64,
    ) -> Result<Sent, ClientError> {
        self.post(
            "send_location",
            &SendLocation {
                user_id,
                latitude,
                longitude,
            },
        )
        .await
    }

    /// `POST /sandbox/send_document` with arbitrary bytes.
    pub async fn send_document(
        &self,
        user_id: i64,
        file_name: &str,
        mime_type: &str,
        content: &[u8],
    ) -> Result<Sent, ClientError> {
        let body = SendDocument {
            user_id,
            file_name: file_name.to_owned(),
            mime_type: mime_type.to_owned(),
            content_base64: Some(base64_encode(content)),
            content: None,
            caption: None,
        };
        self.post("send_document", &body).await
    }

    /// `POST /sandbox/edit_text`: the user edits one of their text messages.
    pub async fn edit_text(
        &self,
        user_id: i64,
        message_id: i64,
        text: &str,
    ) -> Result<Sent, ClientError> {
        self.post(
            "edit_text",
            &EditText {
                user_id,
                message_id,
                text: text.to_owned(),
            },
        )
        .await
    }

    /// `POST /sandbox/press`: taps the inline button with this callback data.
    pub async fn press(
        &self,
        user_id: i64,
        message_id: i64,
        data: &str,
    ) -> Result<Pressed, ClientError> {
        self.post(
            "press",
            &Press {
                user_id,
                message_id,
                data: data.to_owned(),
            },
        )
        .await
    }

    pub async fn block(&self, user_id: i64) -> Result<(), ClientError> {
        self.post_unit("block", &UserRef { user_id }).await
    }

    pub async fn unblock(&self, user_id: i64) -> Result<(), ClientError> {
        self.post_unit("unblock", &UserRef { user_id }).await
    }

    /// `GET /sandbox/events`: what the bot did in this user's chat after
    /// `after` (a `seq`), waiting up to `timeout` for the first event.
    pub async fn events(
        &self,
        user_id: i64,
        after: u64,
        timeout: Duration,
    ) -> Result<Vec<Event>, ClientError> {
        let response = self
            .http
            .get(format!("{}/sandbox/events", self.base))
            .query(&[
                ("user_id", user_id.to_string()),
                ("after", after.to_string()),
                ("timeout", timeout.as_secs_f64().to_string()),
            ])
            .send()
            .await?;
        Self::decode(response).await
    }

    /// `GET /sandbox/chat`: the whole conversation, bot messages as edited.
    pub async fn chat(&self, user_id: i64) -> Result<Vec<ChatEntry>, ClientError> {
        let response = self
            .http
            .get(format!("{}/sandbox/chat", self.base))
            .query(&[("user_id", user_id)])
            .send()
            .await?;
        Self::decode(response).await
    }

    /// `GET /sandbox/documents/<file_id>`: the bytes of a file (e.g. an export).
    pub async fn document(&self, file_id: &str) -> Result<Vec<u8>, ClientError> {
        let mut url =
            reqwest::Url::parse(&format!("{}/sandbox/documents/", self.base)).map_err(|e| {
                ClientError::Rejected {
                    status: 0,
                    description: format!("bad base URL: {e}"),
                }
            })?;
        url.path_segments_mut()
            .map_err(|()| ClientError::Rejected {
                status: 0,
                description: "bad base URL".to_owned(),
            })?
            .pop_if_empty()
            .push(file_id);
        let response = self.http.get(url).send().await?;
        let status = response.status();
        if status.is_success() {
            return Ok(response.bytes().await?.to_vec());
        }
        Self::decode::<()>(response).await.map(|()| Vec::new())
    }

    pub async fn stats(&self) -> Result<SandboxStats, ClientError> {
        let response = self
            .http
            .get(format!("{}/sandbox/stats", self.base))
            .send()
            .await?;
        Self::decode(response).await
    }
}
