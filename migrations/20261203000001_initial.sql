-- assent's schema. Analysis tables (participants, answers) hold a keyed hash of the Telegram
-- user id, never the id, a name or a username; the link needed to reach a participant lives
-- apart in `contacts` and `chat_sessions`.

CREATE TABLE settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE consultations (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE,
    status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    source      text NOT NULL,
    definition  jsonb NOT NULL,
    source_hash text NOT NULL,
    invite_code text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    opened_at   timestamptz,
    closed_at   timestamptz
);

CREATE TABLE participants (
    id                 bigserial PRIMARY KEY,
    consultation_id    bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    pseudonym          text NOT NULL,
    language           text,
    state              jsonb NOT NULL,
    notice_version     integer,
    notice_accepted_at timestamptz,
    notice_declined_at timestamptz,
    completed_at       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (consultation_id, pseudonym)
);

-- The only place a participant meets their Telegram chat; deleted on /forget and archive.
CREATE TABLE contacts (
    participant_id bigint PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    chat_id        bigint NOT NULL,
    unreachable_at timestamptz
);

-- Which consultation a private chat is taking part in right now.
CREATE TABLE chat_sessions (
    chat_id         bigint PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Answers with history: a changed answer supersedes the old row instead of overwriting it.
CREATE TABLE answers (
    id              bigserial PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    participant_id  bigint NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    question_id     text NOT NULL,
    value           jsonb NOT NULL,
    language        text NOT NULL,
    answered_at     timestamptz NOT NULL DEFAULT now(),
    superseded_at   timestamptz
);
CREATE UNIQUE INDEX answers_one_current ON answers (participant_id, question_id) WHERE superseded_at IS NULL;
CREATE INDEX answers_by_consultation ON answers (consultation_id, question_id) WHERE superseded_at IS NULL;

-- Telegram may deliver an update again (after a crash, or to a second replica).
CREATE TABLE processed_updates (
    bot_id       bigint NOT NULL,
    update_id    bigint NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bot_id, update_id)
);

-- Messages decided in a transaction and sent after it commits; a crash between the two is
-- repaired by the sender picking up rows whose lease expired.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    chat_id     bigint NOT NULL,
    effect      jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    lease_until timestamptz NOT NULL DEFAULT now(),
    attempts    integer NOT NULL DEFAULT 0,
    sent_at     timestamptz,
    failed_at   timestamptz,
    error       text
);
CREATE INDEX outbox_pending ON outbox (lease_until, id) WHERE sent_at IS NULL AND failed_at IS NULL;

CREATE TABLE audit_log (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    actor    bigint NOT NULL,
    action   text NOT NULL,
    detail   jsonb NOT NULL DEFAULT '{}'
);
