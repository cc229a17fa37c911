-- Sessions that reach people: a standing meeting link per relationship that a session may
-- override, a calendar SEQUENCE per session, what mail each person wants, and the outbox that
-- every notification leaves through (written in the transaction of the change that causes it).

-- Any provider's link (Zoom, Meet, Teams, Jitsi...); the api takes https only.
ALTER TABLE coaching_relationships ADD COLUMN meeting_url text;
ALTER TABLE coaching_relationships ADD CONSTRAINT coaching_relationships_meeting_url_https
    CHECK (meeting_url IS NULL OR meeting_url LIKE 'https://%');
ALTER TABLE coaching_sessions ADD COLUMN meeting_url text;
ALTER TABLE coaching_sessions ADD CONSTRAINT coaching_sessions_meeting_url_https
    CHECK (meeting_url IS NULL OR meeting_url LIKE 'https://%');
-- RFC 5545 SEQUENCE of the session's calendar entry: raised whenever what calendars show of it
-- changes, so that an update replaces the entry people already have.
ALTER TABLE coaching_sessions ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0;

-- What mail a person wants: about sessions scheduled, moved or cancelled by the other
-- participant, about actions assigned to them, a reminder before each session, a weekly digest.
CREATE TYPE session_reminder AS ENUM ('off', 'hour_before', 'day_before');
ALTER TABLE users ADD COLUMN mail_scheduling boolean NOT NULL DEFAULT true;
ALTER TABLE users ADD COLUMN mail_actions boolean NOT NULL DEFAULT true;
ALTER TABLE users ADD COLUMN session_reminder session_reminder NOT NULL DEFAULT 'day_before';
ALTER TABLE users ADD COLUMN weekly_digest boolean NOT NULL DEFAULT false;

-- Mail waiting to be sent, sent, or given up on. A worker in each api claims due rows with
-- FOR UPDATE SKIP LOCKED for a lease (claim + claimed_until), sends, then marks them sent; a
-- claim whose api died mid-send expires and another api takes the row over.
CREATE TYPE outbox_state AS ENUM ('pending', 'sent', 'dead');
CREATE TABLE outbox (
    id               uuid         NOT NULL DEFAULT gen_random_uuid(),
    kind             text         NOT NULL,
    recipient_id     uuid         NOT NULL,
    payload          jsonb        NOT NULL,
    event_key        text,
    state            outbox_state NOT NULL DEFAULT 'pending',
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL DEFAULT now(),
    claim            uuid,
    claimed_until    timestamptz,
    last_error       text,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    CONSTRAINT outbox_pkey PRIMARY KEY (id),
    CONSTRAINT outbox_recipient_id_fkey FOREIGN KEY (recipient_id)
        REFERENCES users (id) ON DELETE CASCADE,
    -- Work found due (a reminder, a digest) is written once however many apis find it.
    CONSTRAINT outbox_event_key_key UNIQUE (event_key)
);
CREATE INDEX outbox_due_idx ON outbox (state, next_attempt_at);
CREATE INDEX outbox_recipient_id_idx ON outbox (recipient_id);

-- A private calendar feed per person: the digest of the token in its address (the address is the
-- only key). A new one replaces the old; deleting the row revokes it.
CREATE TABLE calendar_feeds (
    user_id       uuid        NOT NULL,
    token_digest  text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT calendar_feeds_pkey PRIMARY KEY (user_id),
    CONSTRAINT calendar_feeds_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT calendar_feeds_token_digest_key UNIQUE (token_digest)
);

-- Reminders look for sessions about to start, across all relationships.
CREATE INDEX coaching_sessions_starts_at_idx ON coaching_sessions (starts_at);
