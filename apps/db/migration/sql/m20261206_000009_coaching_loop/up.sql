-- The coaching loop: actions that belong to the relationship and follow the coachee into the
-- next session, an assignee and a goal per action, a session title and agenda, notes with a
-- version (an edit based on an old one is refused), private notes and drafts, and the status
-- history of each goal.

-- A session's optional title ("Quarterly review").
ALTER TABLE coaching_sessions ADD COLUMN title text;
ALTER TABLE coaching_sessions ADD CONSTRAINT coaching_sessions_title_not_blank
    CHECK (title IS NULL OR btrim(title) <> '');
-- Lets a row name a session and its relationship together, so that one foreign key proves both
-- belong to each other (likewise for goals below).
ALTER TABLE coaching_sessions ADD CONSTRAINT coaching_sessions_id_relationship_key
    UNIQUE (id, coaching_relationship_id);
ALTER TABLE goals ADD CONSTRAINT goals_id_relationship_key UNIQUE (id, coaching_relationship_id);

-- An action belongs to the relationship; coaching_session_id is the session where it was agreed.
CREATE TYPE action_assignee AS ENUM ('coach', 'coachee', 'both');
ALTER TABLE actions ADD COLUMN coaching_relationship_id uuid;
UPDATE actions SET coaching_relationship_id = sessions.coaching_relationship_id
    FROM coaching_sessions AS sessions WHERE sessions.id = actions.coaching_session_id;
ALTER TABLE actions ALTER COLUMN coaching_relationship_id SET NOT NULL;
ALTER TABLE actions ADD COLUMN assignee action_assignee NOT NULL DEFAULT 'coachee';
ALTER TABLE actions ADD COLUMN goal_id uuid;
ALTER TABLE actions DROP CONSTRAINT actions_coaching_session_id_fkey;
ALTER TABLE actions ADD CONSTRAINT actions_session_in_relationship_fkey
    FOREIGN KEY (coaching_session_id, coaching_relationship_id)
    REFERENCES coaching_sessions (id, coaching_relationship_id) ON DELETE CASCADE;
-- Deleting the goal keeps the action (the relationship column stays as it is).
ALTER TABLE actions ADD CONSTRAINT actions_goal_in_relationship_fkey
    FOREIGN KEY (goal_id, coaching_relationship_id)
    REFERENCES goals (id, coaching_relationship_id) ON DELETE SET NULL (goal_id);
-- An action's place in a list by due date (undated ones last) and whether it is still open (the
-- api's "open": not started, in progress or on hold), kept by the database, so that one index
-- walks a relationship's open (or done) actions soonest due first, without reading the others.
ALTER TABLE actions ADD COLUMN due_key date
    GENERATED ALWAYS AS (COALESCE(due_on, DATE '9999-12-31')) STORED;
ALTER TABLE actions ADD COLUMN is_open boolean
    GENERATED ALWAYS AS (status IN ('not_started', 'in_progress', 'on_hold')) STORED;
CREATE INDEX actions_relationship_due_idx ON actions (coaching_relationship_id, is_open, due_key, id);
-- A goal's progress: its actions counted by status from the index alone.
CREATE INDEX actions_goal_id_idx ON actions (goal_id, status);

-- Topics either participant brings to a session, in the order they are to be discussed.
CREATE TABLE agenda_topics (
    id                   uuid        NOT NULL DEFAULT gen_random_uuid(),
    coaching_session_id  uuid        NOT NULL,
    author_id            uuid        NOT NULL,
    body                 text        NOT NULL,
    position             integer     NOT NULL,
    discussed_at         timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agenda_topics_pkey PRIMARY KEY (id),
    CONSTRAINT agenda_topics_coaching_session_id_fkey FOREIGN KEY (coaching_session_id)
        REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    CONSTRAINT agenda_topics_author_id_fkey FOREIGN KEY (author_id)
        REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT agenda_topics_body_not_blank CHECK (btrim(body) <> '')
);
CREATE INDEX agenda_topics_coaching_session_id_idx ON agenda_topics (coaching_session_id, position);
CREATE TRIGGER agenda_topics_set_updated_at BEFORE UPDATE ON agenda_topics
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Each saved edit raises the version; an edit must name the version it started from.
ALTER TABLE notes ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE agreements ADD COLUMN version integer NOT NULL DEFAULT 1;
-- A coach's private note: only its author ever reads it.
ALTER TABLE notes ADD COLUMN private boolean NOT NULL DEFAULT false;

-- What someone was typing, saved as they type: a new note of a session (note_id NULL) or an edit
-- of one of their notes. One draft per author, session and note.
CREATE TABLE note_drafts (
    id                   uuid        NOT NULL DEFAULT gen_random_uuid(),
    author_id            uuid        NOT NULL,
    coaching_session_id  uuid        NOT NULL,
    note_id              uuid,
    body                 text        NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT note_drafts_pkey PRIMARY KEY (id),
    CONSTRAINT note_drafts_author_id_fkey FOREIGN KEY (author_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT note_drafts_coaching_session_id_fkey FOREIGN KEY (coaching_session_id)
        REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    CONSTRAINT note_drafts_note_id_fkey FOREIGN KEY (note_id)
        REFERENCES notes (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX note_drafts_author_session_note_key
    ON note_drafts (author_id, coaching_session_id, note_id) NULLS NOT DISTINCT;
CREATE INDEX note_drafts_coaching_session_id_idx ON note_drafts (coaching_session_id);
CREATE INDEX note_drafts_note_id_idx ON note_drafts (note_id);

-- Every status a goal has had, by whom and when; today's goals start with their current one.
CREATE TABLE goal_status_changes (
    id          uuid                     NOT NULL DEFAULT gen_random_uuid(),
    goal_id     uuid                     NOT NULL,
    status      progress_status          NOT NULL,
    changed_by  uuid,
    changed_at  timestamptz              NOT NULL DEFAULT now(),
    CONSTRAINT goal_status_changes_pkey PRIMARY KEY (id),
    CONSTRAINT goal_status_changes_goal_id_fkey FOREIGN KEY (goal_id)
        REFERENCES goals (id) ON DELETE CASCADE,
    CONSTRAINT goal_status_changes_changed_by_fkey FOREIGN KEY (changed_by)
        REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX goal_status_changes_goal_id_idx ON goal_status_changes (goal_id, changed_at);
INSERT INTO goal_status_changes (goal_id, status, changed_by, changed_at)
    SELECT id, status, author_id, status_changed_at FROM goals;
