-- Deliberation: statements (seeded from the file or written by participants), votes on them with
-- history, and a second round of answers for questions asked again after deliberation.

CREATE TABLE statements (
    id              bigserial PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    stage_id        text NOT NULL,
    -- Seeds come from the file and carry their text in every language there; a participant's
    -- statement carries its own text, in its author's language.
    seed_id         text,
    author_id       bigint REFERENCES participants (id) ON DELETE CASCADE,
    text            text,
    language        text,
    status          text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    reason          text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    decided_by      bigint,
    -- Current votes, kept in step with `votes` so choosing the next card reads one row per
    -- statement instead of counting every vote on every update.
    agree           integer NOT NULL DEFAULT 0,
    disagree        integer NOT NULL DEFAULT 0,
    pass            integer NOT NULL DEFAULT 0,
    CHECK ((seed_id IS NULL) <> (text IS NULL)),
    UNIQUE (consultation_id, stage_id, seed_id)
);
CREATE INDEX statements_by_consultation ON statements (consultation_id, stage_id);
CREATE INDEX statements_pending ON statements (created_at, id) WHERE status = 'pending';

CREATE TABLE votes (
    id              bigserial PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    statement_id    bigint NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    participant_id  bigint NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    vote            text NOT NULL CHECK (vote IN ('agree', 'disagree', 'pass')),
    voted_at        timestamptz NOT NULL DEFAULT now(),
    superseded_at   timestamptz
);
CREATE UNIQUE INDEX votes_one_current ON votes (participant_id, statement_id) WHERE superseded_at IS NULL;
CREATE INDEX votes_by_statement ON votes (statement_id) WHERE superseded_at IS NULL;

-- Round 2 holds the answers to a stage asked again (`repeat_of`), beside round 1.
ALTER TABLE answers ADD COLUMN round smallint NOT NULL DEFAULT 1 CHECK (round IN (1, 2));
DROP INDEX answers_one_current;
CREATE UNIQUE INDEX answers_one_current ON answers (participant_id, question_id, round) WHERE superseded_at IS NULL;
