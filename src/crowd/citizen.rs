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
use crate::consultation::{Consultation, Id, Lang, QuestionKind, StageKind};
use crate::engine::{AnswerValue, Answers, Callback, flow};

mod deliberation;
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
    Notice {
        version: u32,
    },
    Question(Id),
    Card(Id),
    /// A statement card (by statement id).
    Statement(i64),
    /// No card left in the statements stage (by stage index).
    DeckEnd(usize),
    /// The review of answers (by stage index).
    Review(usize),
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
    pending: std::collections::HashMap<i64, (Id, u8, AnswerValue)>,
    /// Buttons of prompts the bot sent again; pressing them later is a stale tap.
    old_buttons: Vec<(i64, String, Id)>,
    last_text_message: Option<i64>,
    last_seen: String,
    pub actions: usize,
    /// Questions that a `repeat_of` stage asks again.
    repeated: Vec<Id>,
    /// The citizen has left a statements stage: repeated questions now are round 2.
    past_deck: bool,
    /// The question (and round) the citizen chose to change from the review.
    changing: Option<(Id, u8)>,
    /// Whether the citizen already changed an answer from the review (people rarely do twice).
    reviewed: bool,
    /// Cards voted on: message, statement, vote; for changing a vote or a stale second tap.
    voted_cards: Vec<(i64, i64, crate::engine::Vote)>,
    /// Statements this citizen tried to write.
    attempts: usize,
    /// Where this citizen stands, from -1 to 1: it makes their votes lean one way.
    stance: f64,
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
        mut rng: SmallRng,
        telegram_language: Option<String>,
    ) -> Self {
        let repeated = consultation
            .repeated_questions()
            .map(|q| q.id.clone())
            .collect();
        let stance = rng.random_range(-1.0..=1.0);
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
            repeated,
            past_deck: false,
            changing: None,
            reviewed: false,
            voted_cards: vec![],
            attempts: 0,
            stance,
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
                    if !matches!(
                        next.seen,
                        Seen::LanguageMenu | Seen::Notice { .. } | Seen::Other
                    ) {
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
                Seen::Statement(statement) => self.on_card(&prompt, statement).await?,
                Seen::DeckEnd(stage) => self.leave_deck(&prompt, stage).await?,
                Seen::Review(stage) => self.on_review(&prompt, stage).await?,
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
            if matches!(ev.kind, EventKind::Message | EventKind::EditText) {
                self.note_vote(&ev);
            }
            match ev.kind {
                EventKind::Message => {
                    self.last_seen = ev.plain_text.chars().take(120).collect();
                    self.inbox.push_back(ev);
                }
                EventKind::EditMarkup => self.markups.push_back(ev),
                EventKind::EditText if ev.plain_text.contains('✓') => {
                    if let Some((q, round, value)) = self.pending.remove(&ev.message_id) {
                        self.acknowledged(&q, round, value);
                    }
                }
                _ => {}
            }
        }
    }

    /// Records an acknowledged answer, and withdraws the answers that the citizen's own answers
    /// now hide: the bot does the same when it walks past a question whose `show_if` turned
    /// false, and a person reading the questions would expect it.
    fn acknowledged(&mut self, question: &Id, round: u8, value: AnswerValue) {
        self.ledger
            .answered(self.id, question.as_str(), round, value);
        let mut answers = Answers::new();
        for ((q, r), v) in self.ledger.answers_of(self.id) {
            answers.set(Id(q), r, v);
        }
        let c = &self.consultation;
        for stage in 0..c.stages.len() {
            let mut item = 0;
            while let Some(flow::Item::Question {
                question, round, ..
            }) = flow::item_at(c, stage, item)
            {
                item += 1;
                if answers.get(&question.id, round).is_some()
                    && !flow::shown(c, &answers, question, round)
                {
                    self.ledger.withdrawn(self.id, question.id.as_str(), round);
                }
            }
        }
    }

    /// The round a question prompt belongs to, as the citizen can tell: what they chose to
    /// change in the review, else the second round for a repeated question after the deck.
    fn round_of(&self, question: &Id) -> u8 {
        match &self.changing {
            Some((q, round)) if q == question => *round,
            _ if self.past_deck && self.repeated.contains(question) => 2,
            _ => 1,
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
        self.await_button(message_id, data, |text| text.starts_with('☑') == ticked)
            .await
    }

    /// Waits for the keyboard of `message_id` to show the button `data` with a label that
    /// satisfies `shown`; false if it does not within a few seconds.
    async fn await_button(
        &mut self,
        message_id: i64,
        data: &str,
        shown: impl Fn(&str) -> bool,
    ) -> Result<bool, CitizenError> {
        // Longer than the outbox lease, so an edit delayed by a bot restart still arrives.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            while let Some(ev) = self.markups.pop_front() {
                if ev.message_id != message_id {
                    continue;
                }
                let button = ev
                    .buttons
                    .iter()
                    .flatten()
                    .find(|b| b.data.as_deref() == Some(data));
                if button.is_some_and(|b| shown(&b.text)) {
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
                Callback::Forget { .. } | Callback::Change { .. } | Callback::Write { .. } => None,
                Callback::Choice { question, .. }
                | Callback::Toggle { question, .. }
                | Callback::Done { question }
                | Callback::Point { question, .. }
                | Callback::Scale { question, .. }
                | Callback::Rank { question, .. }
                | Callback::RankReset { question }
                | Callback::Keep { question }
                | Callback::Skip { question } => Some(Seen::Question(question)),
                Callback::Vote { statement, .. } => Some(Seen::Statement(statement)),
                Callback::EndDeck { stage } => Some(Seen::DeckEnd(stage)),
                Callback::Submit { stage } => Some(Seen::Review(stage)),
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

    /// Messages without buttons: a required text or number question, the closing, or anything
    /// else.
    fn classify_text(&self, text: &str) -> Seen {
        let c = &self.consultation;
        for q in &c.questions {
            // A prompt has the question's words as a line of their own; the review lists them
            // after a number ("22. …"), and a long review comes in several messages.
            let own_line = |t: &String| text.lines().any(|line| line.trim() == t.trim());
            if matches!(
                q.kind,
                QuestionKind::Text { .. } | QuestionKind::Number { .. }
            ) && q.text.0.values().any(own_line)
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
    /// answer in the ledger only once the bot has acknowledged it.
    async fn answer(&mut self, prompt: &Prompt, qid: &Id) -> Result<Prompt, CitizenError> {
        if let Some(other) = self.mischief(prompt).await? {
            return Ok(other);
        }
        let Some((_, question)) = self.consultation.question(qid.as_str()) else {
            return self.next_prompt(Some(prompt)).await;
        };
        let question = question.clone();
        let round = self.round_of(qid);
        let skip = Callback::Skip {
            question: qid.clone(),
        }
        .encode();
        let keep = Callback::Keep {
            question: qid.clone(),
        }
        .encode();
        if prompt.buttons.contains(&keep) && self.rng.random_bool(0.5) {
            // Back at a question: half the time the earlier answer stands.
            self.press(prompt.message_id, &keep).await?;
            return self.next_prompt(Some(prompt)).await;
        }
        let value =
            if !question.required && prompt.buttons.contains(&skip) && self.rng.random_bool(0.1) {
                self.press(prompt.message_id, &skip).await?;
                AnswerValue::Skipped
            } else {
                self.give(prompt, qid, &question.kind).await?
            };
        if matches!(value, AnswerValue::Text(_) | AnswerValue::Number(_)) {
            // A typed answer has no button to confirm: the bot moving on is the
            // acknowledgement.
            let next = self.next_prompt(Some(prompt)).await?;
            if next.seen != Seen::Question(qid.clone()) {
                self.acknowledged(qid, round, value);
            }
            return Ok(next);
        }
        // A button answer is acknowledged when the question's message turns into "✓ answer"
        // (a copy of the question sent twice after a crash may show up first; pressing it is
        // a stale tap, and only the message that really took the answer gets the tick).
        self.pending
            .insert(prompt.message_id, (qid.clone(), round, value));
        self.next_prompt(Some(prompt)).await
    }

    /// Presses or types an answer of the question's kind; returns what was answered.
    async fn give(
        &mut self,
        prompt: &Prompt,
        qid: &Id,
        kind: &QuestionKind,
    ) -> Result<AnswerValue, CitizenError> {
        let message = prompt.message_id;
        Ok(match kind {
            QuestionKind::Single { options } => {
                let option = options[self.rng.random_range(0..options.len())].id.clone();
                let data = Callback::Choice {
                    question: qid.clone(),
                    option: option.clone(),
                };
                self.tap(message, &data.encode()).await?;
                AnswerValue::Choice(option)
            }
            QuestionKind::Likert { points, .. } => {
                let point = self.rng.random_range(1..=*points);
                let data = Callback::Point {
                    question: qid.clone(),
                    point,
                };
                self.tap(message, &data.encode()).await?;
                AnswerValue::Point(point)
            }
            QuestionKind::Scale { min, max, .. } => {
                let value = self.rng.random_range(*min..=*max);
                let data = Callback::Scale {
                    question: qid.clone(),
                    value,
                };
                self.tap(message, &data.encode()).await?;
                AnswerValue::Scale(value)
            }
            QuestionKind::Multi { options, min, max } => {
                self.choose_several(prompt, qid, options, *min, *max)
                    .await?
            }
            QuestionKind::Ranking { options } => self.rank(prompt, qid, options).await?,
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
            QuestionKind::Number {
                min, max, integer, ..
            } => self.type_number(*min, *max, *integer).await?,
        })
    }

    async fn choose_several(
        &mut self,
        prompt: &Prompt,
        qid: &Id,
        options: &[crate::consultation::Choice],
        min: usize,
        max: usize,
    ) -> Result<AnswerValue, CitizenError> {
        let count = self.rng.random_range(min..=max);
        let mut chosen: Vec<&crate::consultation::Choice> = options.iter().collect();
        chosen.shuffle(&mut self.rng);
        chosen.truncate(count);
        let data_of = |o: &crate::consultation::Choice| {
            Callback::Toggle {
                question: qid.clone(),
                option: o.id.clone(),
            }
            .encode()
        };
        // A question shown again (after /start or /back) keeps its ticks: untick what is not
        // wanted, then tick what is.
        let mut taps: Vec<(String, bool)> = options
            .iter()
            .map(|o| (data_of(o), chosen.iter().any(|c| c.id == o.id)))
            .filter(|(data, want)| prompt.ticked.contains(data) != *want)
            .collect();
        taps.sort_by_key(|(_, want)| *want);
        for (data, want) in taps {
            // Like a person, tap and look: a tick that does not change (the tap was lost) is
            // tapped again.
            for _ in 0..3 {
                self.press(prompt.message_id, &data).await?;
                if self.await_tick(prompt.message_id, &data, want).await? {
                    break;
                }
            }
        }
        let done = Callback::Done {
            question: qid.clone(),
        };
        self.tap(prompt.message_id, &done.encode()).await?;
        let ids = options
            .iter()
            .filter(|o| chosen.iter().any(|c| c.id == o.id))
            .map(|o| o.id.clone());
        Ok(AnswerValue::Choices(ids.collect()))
    }

    /// Presses the options in the order of preference; the bot places the last one itself.
    async fn rank(
        &mut self,
        prompt: &Prompt,
        qid: &Id,
        options: &[crate::consultation::Choice],
    ) -> Result<AnswerValue, CitizenError> {
        let mut order: Vec<Id> = options.iter().map(|o| o.id.clone()).collect();
        order.shuffle(&mut self.rng);
        let reset = Callback::RankReset {
            question: qid.clone(),
        }
        .encode();
        if prompt.buttons.contains(&reset) {
            // A ranking shown again keeps its partial order: start over.
            self.press(prompt.message_id, &reset).await?;
            let first = Callback::Rank {
                question: qid.clone(),
                option: order[0].clone(),
            }
            .encode();
            self.await_button(prompt.message_id, &first, |t| !t.starts_with("1. "))
                .await?;
        }
        let presses = order.len().saturating_sub(1);
        for (place, option) in order.iter().take(presses).enumerate() {
            let data = Callback::Rank {
                question: qid.clone(),
                option: option.clone(),
            }
            .encode();
            if place + 1 == presses {
                // The last press completes the ranking: its tick is the acknowledgement.
                self.tap(prompt.message_id, &data).await?;
                break;
            }
            let label = format!("{}. ", place + 1);
            for _ in 0..3 {
                self.press(prompt.message_id, &data).await?;
                if self
                    .await_button(prompt.message_id, &data, |t| t.starts_with(&label))
                    .await?
                {
                    break;
                }
            }
        }
        Ok(AnswerValue::Order(order))
    }

    /// Types a number, now and then after something the bot cannot read or that is out of
    /// range; Spanish and French speakers sometimes write a decimal comma.
    async fn type_number(
        &mut self,
        min: f64,
        max: f64,
        integer: bool,
    ) -> Result<AnswerValue, CitizenError> {
        let roll: f64 = self.rng.random();
        let wrong = if roll < 0.06 {
            Some("about ten".to_string())
        } else if roll < 0.10 {
            Some(format!("{}", (max + 1.0).floor()))
        } else {
            None
        };
        if let Some(wrong) = wrong {
            self.send_text(&wrong).await?;
            self.next_message().await?;
        }
        let (low, high) = (min.ceil() as i64, max.floor() as i64);
        let whole = self.rng.random_range(low..=high);
        let comma = self
            .lang
            .as_ref()
            .is_some_and(|l| matches!(l.as_str(), "es" | "fr"));
        let (typed, value) = if !integer && whole < high && self.rng.random_bool(0.3) {
            let typed = if comma {
                format!("{whole},5")
            } else {
                format!("{whole}.5")
            };
            (typed, whole as f64 + 0.5)
        } else {
            (whole.to_string(), whole as f64)
        };
        self.send_text(&typed).await?;
        Ok(AnswerValue::Number(crate::engine::Num(value)))
    }

    fn expects_text(&self, prompt: &Prompt) -> bool {
        match &prompt.seen {
            Seen::Question(q) => self
                .consultation
                .question(q.as_str())
                .is_some_and(|(_, q)| {
                    matches!(
                        q.kind,
                        QuestionKind::Text { .. } | QuestionKind::Number { .. }
                    )
                }),
            // Text in a statements stage is a statement.
            Seen::Statement(_) | Seen::DeckEnd(_) => true,
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
        } else if roll < 0.17
            && self.changing.is_none()
            && let Seen::Question(q) = &prompt.seen
            && self.can_go_back(q)
        {
            // Second thoughts: back to the previous question, shown with the current answer.
            self.send_text("/back").await?;
            return Ok(Some(self.next_prompt(Some(prompt)).await?));
        }
        Ok(None)
    }

    /// Whether `/back` at `question` has somewhere to go: an earlier question of its stage
    /// that this citizen answered in this round.
    fn can_go_back(&self, question: &Id) -> bool {
        let c = &self.consultation;
        let round = self.round_of(question);
        let answers = self.ledger.answers_of(self.id);
        c.stages.iter().any(|stage| match &stage.kind {
            StageKind::Questions { questions, .. } => {
                let ids: Vec<&Id> = questions
                    .iter()
                    .filter_map(|&i| c.questions.get(i).map(|q| &q.id))
                    .collect();
                ids.iter().position(|id| *id == question).is_some_and(|at| {
                    ids[..at]
                        .iter()
                        .any(|id| answers.contains_key(&(id.0.clone(), round)))
                })
            }
            _ => false,
        })
    }
}
