//! The organizer and coordinator of a simulated run: they use the bot's commands in their own
//! private chat, exactly as a person would.

use std::time::{Duration, Instant};

use crate::sandbox::client::{ClientError, SandboxClient};
use crate::sandbox::{Event, EventKind, NewUser};

#[derive(Debug, thiserror::Error)]
pub enum OrganizerError {
    #[error(transparent)]
    Sandbox(#[from] ClientError),
    #[error(
        "the bot did not answer the organizer within a minute (is it running, with ASSENT_ADMINS={0}?)"
    )]
    NoAnswer(i64),
    #[error("the bot did not save the consultation: {0}")]
    NotSaved(String),
    #[error("no invite link in the bot's answer: {0}")]
    NoInvite(String),
}

pub struct Organizer {
    client: SandboxClient,
    pub id: i64,
    after: u64,
}

impl Organizer {
    pub async fn join(client: SandboxClient, id: i64) -> Result<Organizer, OrganizerError> {
        let mut user = NewUser::new(id, "Organizer");
        user.language_code = Some("en".into());
        client.register_user(&user).await?;
        Ok(Organizer {
            client,
            id,
            after: 0,
        })
    }

    async fn next(&mut self, kind: EventKind) -> Result<Event, OrganizerError> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            for ev in self
                .client
                .events(self.id, self.after, Duration::from_secs(10))
                .await?
            {
                self.after = self.after.max(ev.seq);
                if ev.kind == kind {
                    return Ok(ev);
                }
            }
        }
        Err(OrganizerError::NoAnswer(self.id))
    }

    /// Sends the file as a document, then `/open`; returns the bot's two answers and the
    /// invite code from the link.
    pub async fn upload_and_open(
        &mut self,
        file_name: &str,
        source: &str,
        slug: &str,
    ) -> Result<(String, String, String), OrganizerError> {
        self.client
            .send_document(self.id, file_name, "application/toml", source.as_bytes())
            .await?;
        let saved = self.next(EventKind::Message).await?.plain_text;
        if !saved.starts_with("Saved") {
            return Err(OrganizerError::NotSaved(saved));
        }
        self.client
            .send_text(self.id, &format!("/open {slug}"))
            .await?;
        let opened = self.next(EventKind::Message).await?.plain_text;
        let code = invite_code(&opened).ok_or_else(|| OrganizerError::NoInvite(opened.clone()))?;
        Ok((saved, opened, code))
    }

    /// `/export csv SLUG`; returns the document's bytes.
    pub async fn export_csv(&mut self, slug: &str) -> Result<Vec<u8>, OrganizerError> {
        self.client
            .send_text(self.id, &format!("/export csv {slug}"))
            .await?;
        let doc = self.next(EventKind::Document).await?;
        Ok(self
            .client
            .document(doc.file_id.as_deref().unwrap_or_default())
            .await?)
    }
}

/// The `start` payload of a `t.me/<bot>?start=<code>` link inside a text.
pub fn invite_code(text: &str) -> Option<String> {
    let start = text.find("?start=")? + "?start=".len();
    let code: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    (!code.is_empty()).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_read_from_the_link() {
        assert_eq!(
            invite_code("Share: https://t.me/x_bot?start=Ab3_x-9. Done").as_deref(),
            Some("Ab3_x-9")
        );
        assert_eq!(invite_code("no link"), None);
    }
}
