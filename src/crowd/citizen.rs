//! One simulated citizen: reads what the bot shows, answers like a person would (with the
//! occasional pause, double tap, stale button, sticker or change of language), and writes to
//! the ledger only what the bot acknowledged.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use rand::rngs::SmallRng;
use rand::seq::{IndexedRandom, SliceRandom};

use super::ledger::Ledger;
use super::texts;
use crate::consultation::{Consultation, Id, Lang, QuestionKind};
use crate::engine::{AnswerValue, Callback};
use crate::sandbox::client::{ClientError, SandboxClient};
use crate::sandbox::{Event, EventKind, NewUser};

/// How long a citizen waits for the bot before asking again with /start.
const PATIENCE: Duration = Duration::from_secs(20);
/// How many times a citizen asks again before giving up.
const RETRIES: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum CitizenError {
    #[error(transparent)]
    Sandbox(#[from] ClientError),
    #[error(
        "citizen {0} got no answer from the bot after {RETRIES} tries; last message seen: {1:?}"
    )]
    Stuck(i64, String),
    #[error("the crowd cannot answer a {0} question yet")]
    Unsupported(&'static str),
}

/// What a bot message is, from the citizen's point of view.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    LanguageMenu,
    Notice { version: u32 },
    Question(Id),
    Card(Id),
    Closing,
    Other,
}

#[derive(Debug, Clone)]
struct Prompt {
    seen: Seen,
    message_id: i64,
    buttons: Vec<String>,
    /// Callback data of the buttons shown ticked (☑) on a multi-choice question.
    ticked: Vec<String>,
}

pub struct Citizen {
    pub id: i64,
    client: SandboxClient,
    consultation: Arc<Consultation>,
    ledger: Arc<Ledger>,
    rng: SmallRng,
    telegram_language: Option<String>,
    lang: Option<Lang>,
    after: u64,
    inbox: VecDeque<Event>,
    /// Keyboard edits not yet looked at (multi-choice ticks).
    markups: VecDeque<Event>,
    /// Answers given by button, by question message, until the bot ticks that message.
    pending: std::collections::HashMap<i64, (Id, AnswerValue)>,
    /// Buttons of prompts the bot sent again; pressing them later is a stale tap.
    old_buttons: Vec<(i64, String, Id)>,
    last_text_message: Option<i64>,
    last_seen: String,
    pub actions: usize,
}

pub enum Ending {
    Finished,
    Declined,
}

impl Citizen {
    pub fn new(
        id: i64,
        client: SandboxClient,
        consultation: Arc<Consultation>,
        ledger: Arc<Ledger>,
        rng: SmallRng,
        telegram_language: Option<String>,
    ) -> Self {
        Citizen {
            id,
            client,
            consultation,
            ledger,
            rng,
            telegram_language,
            lang: None,
            after: 0,
            inbox: VecDeque::new(),
            markups: VecDeque::new(),
            pending: std::collections::HashMap::new(),
            old_buttons: vec![],
            last_text_message: None,
            last_seen: String::new(),
            actions: 0,
        }
    }

    pub async fn run(mut self, invite: &str) -> Result<(Ending, usize), CitizenError> {
        let mut user = NewUser::new(self.id, format!("Citizen {}", self.id));
        user.language_code = self.telegram_language.clone();
        self.client.register_user(&user).await?;
        self.send_text(&format!("/start {invite}")).await?;
        let mut prompt = self.next_prompt(None).await?;
        loop {
            prompt = match prompt.seen.clone() {
                Seen::LanguageMenu => self.choose_language(&prompt).await?,
                Seen::Notice { version } => {
                    if self.rng.random_bool(0.03) {
                        self.press(
                            prompt.message_id,
                            &Callback::Notice {
                                version,
                                accept: false,
                            }
                            .encode(),
                        )
                        .await?;
                        return Ok((Ending::Declined, self.actions));
                    }
                    self.press(
                        prompt.message_id,
                        &Callback::Notice {
                            version,
                            accept: true,
                        }
                        .encode(),
                    )
                    .await?;
                    let next = self.next_prompt(Some(&prompt)).await?;
                    if matches!(next.seen, Seen::Question(_) | Seen::Card(_) | Seen::Closing) {
                        self.ledger.consented(self.id);
                    }
                    next
                }
                Seen::Card(card) => {
                    self.maybe_pause().await;
                    self.press(prompt.message_id, &Callback::Next { card }.encode())
                        .await?;
                    self.next_prompt(Some(&prompt)).await?
                }
                Seen::Question(q) => self.answer(&prompt, &q).await?,
                Seen::Closing => {
                    self.ledger.finished(self.id);
                    return Ok((Ending::Finished, self.actions));
                }
                Seen::Other => self.next_prompt(Some(&prompt)).await?,
            };
        }
    }

    async fn send_text(&mut self, text: &str) -> Result<(), CitizenError> {
        self.actions += 1;
        let sent = self.client.send_text(self.id, text).await?;
        if !text.starts_with('/') {
            self.last_text_message = Some(sent.message_id);
        }
        Ok(())
    }

    async fn press(&mut self, message_id: i64, data: &str) -> Result<(), CitizenError> {
        self.actions += 1;
        match self.client.press(self.id, message_id, data).await {
            Ok(_) => Ok(()),
            // The keyboard changed under the thumb (an edit arrived first): a real client
            // would not have sent it either.
            Err(ClientError::Rejected { status: 400, .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    async fn maybe_pause(&mut self) {
        if self.rng.random_bool(0.05) {
            let ms = self.rng.random_range(100..1500);
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
    }

    /// The next bot message (not edits or toasts), waiting with patience and /start retries.
    async fn next_message(&mut self) -> Result<Event, CitizenError> {
        let mut tries = 0;
        loop {
            if let Some(ev) = self.inbox.pop_front() {
                return Ok(ev);
            }
            let events = self.client.events(self.id, self.after, PATIENCE).await?;
            if events.is_empty() {
                tries += 1;
                if tries > RETRIES {
                    return Err(CitizenError::Stuck(self.id, self.last_seen.clone()));
                }
                // Like a person who comes back later: /start resumes where they were.
                self.send_text("/start").await?;
                continue;
            }
            self.file(events);
        }
    }

    fn file(&mut self, events: Vec<Event>) {
        for ev in events {
            self.after = self.after.max(ev.seq);
            match ev.kind {
                EventKind::Message => {
                    self.last_seen = ev.plain_text.chars().take(120).collect();
                    self.inbox.push_back(ev);
                }
                EventKind::EditMarkup => self.markups.push_back(ev),
                EventKind::EditText if ev.plain_text.contains('✓') => {
                    if let Some((q, value)) = self.pending.remove(&ev.message_id) {
                        self.ledger.answered(self.id, q.as_str(), value);
                    }
                }
                _ => {}
            }
        }
    }

    /// Waits for the keyboard of `message_id` to show `option` ticked or not; returns false if
    /// it does not within a few seconds (the tap was lost, e.g. the bot restarted).
    async fn await_tick(
        &mut self,
        message_id: i64,
        data: &str,
        ticked: bool,
    ) -> Result<bool, CitizenError> {
        // Longer than the outbox lease, so an edit delayed by a bot restart still arrives.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            while let Some(ev) = self.markups.pop_front() {
                if ev.message_id != message_id {
                    continue;
                }
                let shown = ev
                    .buttons
                    .iter()
                    .flatten()
                    .find(|b| b.data.as_deref() == Some(data));
                if shown.is_some_and(|b| b.text.starts_with('☑') == ticked) {
                    return Ok(true);
                }
            }
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return Ok(false);
            }
            let events = self.client.events(self.id, self.after, left).await?;
            self.file(events);
        }
    }

    /// The next message that asks something of the citizen. `current` is the prompt being
    /// answered: a copy of it (after a /start) is skipped only when `skip_same` holds.
    async fn next_prompt(&mut self, current: Option<&Prompt>) -> Result<Prompt, CitizenError> {
        loop {
            let ev = self.next_message().await?;
            let prompt = self.classify(&ev);
            match &prompt.seen {
                Seen::Other => continue,
                seen if current
                    .is_some_and(|c| &c.seen == seen && c.message_id == prompt.message_id) =>
                {
                    continue;
                }
                _ => return Ok(prompt),
            }
        }
    }

    fn classify(&self, ev: &Event) -> Prompt {
        let buttons: Vec<String> = ev.button_data().into_iter().map(str::to_string).collect();
        let seen = buttons
            .iter()
            .find_map(|d| match Callback::decode(d)? {
                Callback::Language(_) => Some(Seen::LanguageMenu),
                Callback::Notice { version, .. } => Some(Seen::Notice { version }),
                Callback::Next { card } => Some(Seen::Card(card)),
                Callback::Forget { .. } => None,
                Callback::Choice { question, .. }
                | Callback::Toggle { question, .. }
                | Callback::Done { question }
                | Callback::Point { question, .. }
                | Callback::Skip { question } => Some(Seen::Question(question)),
                // The crowd does not meet these yet (issue 3 adds them to the demo).
                _ => None,
            })
            .unwrap_or_else(|| self.classify_text(&ev.plain_text));
        let ticked = ev
            .buttons
            .iter()
            .flatten()
            .filter(|b| b.text.starts_with('☑'))
            .filter_map(|b| b.data.clone())
            .collect();
        Prompt {
            seen,
            message_id: ev.message_id,
            buttons,
            ticked,
        }
    }

    /// Messages without buttons: a required text question, the closing, or anything else.
    fn classify_text(&self, text: &str) -> Seen {
        let c = &self.consultation;
        for q in &c.questions {
            if matches!(q.kind, QuestionKind::Text { .. })
                && q.text.0.values().any(|t| text.contains(t.as_str()))
            {
                return Seen::Question(q.id.clone());
            }
        }
        // assent ends every closing with its own "what happens next" line.
        let closing = crate::i18n::UI_LANGUAGES
            .iter()
            .any(|l| text.contains(&crate::i18n::t(l, "closing-next", &[])));
        if closing { Seen::Closing } else { Seen::Other }
    }

    async fn choose_language(&mut self, menu: &Prompt) -> Result<Prompt, CitizenError> {
        let codes: Vec<String> = menu
            .buttons
            .iter()
            .filter_map(|d| d.strip_prefix("l:").map(str::to_string))
            .collect();
        // The first button is the proposed language; most people take it.
        let pick = if self.rng.random_bool(0.8) {
            codes.first().cloned()
        } else {
            codes.choose(&mut self.rng).cloned()
        };
        let Some(code) = pick else {
            return self.next_prompt(Some(menu)).await;
        };
        self.lang = Some(Lang(code.clone()));
        self.press(menu.message_id, &Callback::Language(code).encode())
            .await?;
        self.next_prompt(Some(menu)).await
    }

    /// Answers the question in `prompt` and returns the prompt that follows, recording the
    /// answer in the ledger only once the bot has moved on (its acknowledgement).
    async fn answer(&mut self, prompt: &Prompt, qid: &Id) -> Result<Prompt, CitizenError> {
        if let Some(other) = self.mischief(prompt).await? {
            return Ok(other);
        }
        let Some((_, question)) = self.consultation.question(qid.as_str()) else {
            return self.next_prompt(Some(prompt)).await;
        };
        let question = question.clone();
        let skip = Callback::Skip {
            question: qid.clone(),
        }
        .encode();
        let value =
            if !question.required && prompt.buttons.contains(&skip) && self.rng.random_bool(0.1) {
                self.press(prompt.message_id, &skip).await?;
                AnswerValue::Skipped
            } else {
                match &question.kind {
                    QuestionKind::Single { options } => {
                        let option = options[self.rng.random_range(0..options.len())].id.clone();
                        let data = Callback::Choice {
                            question: qid.clone(),
                            option: option.clone(),
                        }
                        .encode();
                        self.tap(prompt.message_id, &data).await?;
                        AnswerValue::Choice(option)
                    }
                    QuestionKind::Likert { points, .. } => {
                        let point = self.rng.random_range(1..=*points);
                        self.tap(
                            prompt.message_id,
                            &Callback::Point {
                                question: qid.clone(),
                                point,
                            }
                            .encode(),
                        )
                        .await?;
                        AnswerValue::Point(point)
                    }
                    QuestionKind::Multi { options, min, max } => {
                        let count = self.rng.random_range(*min..=*max);
                        let mut chosen: Vec<&crate::consultation::Choice> =
                            options.iter().collect();
                        chosen.shuffle(&mut self.rng);
                        chosen.truncate(count);
                        let data_of = |o: &crate::consultation::Choice| {
                            Callback::Toggle {
                                question: qid.clone(),
                                option: o.id.clone(),
                            }
                            .encode()
                        };
                        // A question shown again after a /start keeps its ticks: untick what
                        // is not wanted, then tick what is.
                        let mut taps: Vec<(String, bool)> = options
                            .iter()
                            .map(|o| (data_of(o), chosen.iter().any(|c| c.id == o.id)))
                            .filter(|(data, want)| prompt.ticked.contains(data) != *want)
                            .collect();
                        taps.sort_by_key(|(_, want)| *want);
                        for (data, want) in taps {
                            // Like a person, tap and look: a tick that does not change (the tap
                            // was lost) is tapped again.
                            for _ in 0..3 {
                                self.press(prompt.message_id, &data).await?;
                                if self.await_tick(prompt.message_id, &data, want).await? {
                                    break;
                                }
                            }
                        }
                        self.tap(
                            prompt.message_id,
                            &Callback::Done {
                                question: qid.clone(),
                            }
                            .encode(),
                        )
                        .await?;
                        let ids = options
                            .iter()
                            .filter(|o| chosen.iter().any(|c| c.id == o.id))
                            .map(|o| o.id.clone());
                        AnswerValue::Choices(ids.collect())
                    }
                    QuestionKind::Text { max_length } => {
                        if self.rng.random_bool(0.1) {
                            // Too long on purpose: the bot must refuse it and keep the question.
                            self.send_text(&texts::too_long(*max_length)).await?;
                            self.next_message().await?;
                        }
                        let text = texts::answer(&mut self.rng, *max_length);
                        self.send_text(&text).await?;
                        AnswerValue::Text(crate::engine::step::clean_text(&text))
                    }
                    other => {
                        return Err(CitizenError::Unsupported(other.name()));
                    }
                }
            };
        if let AnswerValue::Text(_) = value {
            // A text has no button to confirm: the bot moving on is the acknowledgement.
            let next = self.next_prompt(Some(prompt)).await?;
            if next.seen != Seen::Question(qid.clone()) {
                self.ledger.answered(self.id, qid.as_str(), value);
            }
            return Ok(next);
        }
        // A button answer is acknowledged when the question's message turns into "✓ answer"
        // (a copy of the question sent twice after a crash may show up first; pressing it is
        // a stale tap, and only the message that really took the answer gets the tick).
        self.pending.insert(prompt.message_id, (qid.clone(), value));
        self.next_prompt(Some(prompt)).await
    }

    fn expects_text(&self, prompt: &Prompt) -> bool {
        match &prompt.seen {
            Seen::Question(q) => self
                .consultation
                .question(q.as_str())
                .is_some_and(|(_, q)| matches!(q.kind, QuestionKind::Text { .. })),
            _ => false,
        }
    }

    /// A tap, sometimes a double tap (the second must change nothing).
    async fn tap(&mut self, message_id: i64, data: &str) -> Result<(), CitizenError> {
        self.maybe_pause().await;
        self.press(message_id, data).await?;
        if self.rng.random_bool(0.05) {
            self.press(message_id, data).await?;
        }
        Ok(())
    }

    /// Occasionally does something unexpected before answering. Returns a new prompt when the
    /// mischief changed what is on screen (a /start or a language change re-sends the question).
    async fn mischief(&mut self, prompt: &Prompt) -> Result<Option<Prompt>, CitizenError> {
        let roll: f64 = self.rng.random();
        if roll < 0.02 {
            self.actions += 1;
            self.client.send_sticker(self.id).await?;
            self.next_message().await?;
        } else if roll < 0.04 && !self.expects_text(prompt) {
            self.send_text("maybe?").await?;
            self.next_message().await?;
        } else if roll < 0.05 {
            if let Some(mid) = self.last_text_message {
                self.actions += 1;
                // Each edit must change the text, or Telegram (and the sandbox) refuses it.
                let edited = format!("edited {}", self.actions);
                self.client.edit_text(self.id, mid, &edited).await?;
                self.next_message().await?;
            }
        } else if roll < 0.08 && !prompt.buttons.is_empty() {
            // Come back later: the bot shows the same question again; the old copy keeps its
            // buttons, which become stale once the question is answered.
            self.send_text("/start").await?;
            let again = self.next_prompt(Some(prompt)).await?;
            if let Seen::Question(q) = &prompt.seen {
                for data in &prompt.buttons {
                    self.old_buttons
                        .push((prompt.message_id, data.clone(), q.clone()));
                }
            }
            return Ok(Some(again));
        } else if roll < 0.10 {
            self.send_text("/language").await?;
            let menu = self.next_prompt(Some(prompt)).await?;
            if menu.seen == Seen::LanguageMenu {
                return Ok(Some(self.choose_language(&menu).await?));
            }
            return Ok(Some(menu));
        } else if roll < 0.14 {
            // Only buttons of questions already answered: an older copy of the current
            // question's message is still that question, not a stale button.
            let current = match &prompt.seen {
                Seen::Question(q) => Some(q.clone()),
                _ => None,
            };
            let stale: Vec<usize> = (0..self.old_buttons.len())
                .filter(|i| Some(&self.old_buttons[*i].2) != current.as_ref())
                .collect();
            if let Some(&i) = stale.choose(&mut self.rng) {
                let (mid, data, _) = self.old_buttons.swap_remove(i);
                self.press(mid, &data).await?;
            }
        }
        Ok(None)
    }
}
