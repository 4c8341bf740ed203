//! Pseudonyms: a keyed hash of the Telegram user id, per consultation, so analysis tables never
//! hold the id and the same person gets unrelated pseudonyms in two consultations.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use sqlx::PgPool;

use super::StoreError;

/// The key, from `ASSENT_PSEUDONYM_KEY` if set (keeps it outside the database), else one
/// generated once and kept in `settings` so pseudonyms survive restarts.
#[derive(Clone)]
pub struct PseudonymKey(Vec<u8>);

impl PseudonymKey {
    pub async fn load(pool: &PgPool) -> Result<Self, StoreError> {
        if let Ok(key) = std::env::var("ASSENT_PSEUDONYM_KEY")
            && !key.is_empty()
        {
            return Ok(PseudonymKey(key.into_bytes()));
        }
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('pseudonym_key', $1) ON CONFLICT DO NOTHING",
        )
        .bind(hex::encode(bytes))
        .execute(pool)
        .await?;
        let stored: String =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'pseudonym_key'")
                .fetch_one(pool)
                .await?;
        Ok(PseudonymKey(stored.into_bytes()))
    }

    pub fn from_bytes(bytes: &[u8]) -> Self {
        PseudonymKey(bytes.to_vec())
    }

    pub fn pseudonym(&self, consultation_id: i64, telegram_user_id: u64) -> String {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        };
        mac.update(format!("{consultation_id}:{telegram_user_id}").as_bytes());
        letters(&mac.finalize().into_bytes()[..16])
    }
}

/// Each half-byte as a letter `a`–`p`: a pseudonym made of letters can never be mistaken for,
/// or accidentally contain, a Telegram id in an export.
fn letters(bytes: &[u8]) -> String {
    bytes
        .iter()
        .flat_map(|b| [b >> 4, b & 0x0f])
        .map(|nibble| char::from(b'a' + nibble))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_differ_per_consultation_and_hide_the_id() {
        let key = PseudonymKey::from_bytes(b"k");
        let a = key.pseudonym(1, 4242);
        assert_eq!(a, key.pseudonym(1, 4242));
        assert_ne!(a, key.pseudonym(2, 4242));
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| ('a'..='p').contains(&c)), "{a}");
    }
}
