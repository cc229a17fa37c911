-- The coaching domain: relationships, sessions and what is written in them.

CREATE TYPE progress_status AS ENUM ('not_started', 'in_progress', 'completed', 'wont_do', 'on_hold');

-- Stamps status_changed_at whenever status changes, so clients cannot forget to.
CREATE FUNCTION set_status_changed_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_changed_at := now();
    END IF;
    RETURN NEW;
END;
$$;

CREATE TABLE coaching_relationships (
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    organization_id  uuid        NOT NULL,
    coach_id         uuid        NOT NULL,
    coachee_id       uuid        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coaching_relationships_pkey PRIMARY KEY (id),
    CONSTRAINT coaching_relationships_organization_coach_coachee_key
        UNIQUE (organization_id, coach_id, coachee_id),
    CONSTRAINT coaching_relationships_distinct_people CHECK (coach_id <> coachee_id),
    CONSTRAINT coaching_relationships_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT coaching_relationships_coach_id_fkey FOREIGN KEY (coach_id)
        REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT coaching_relationships_coachee_id_fkey FOREIGN KEY (coachee_id)
        REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX coaching_relationships_coach_id_idx ON coaching_relationships (coach_id);
CREATE INDEX coaching_relationships_coachee_id_idx ON coaching_relationships (coachee_id);
CREATE TRIGGER coaching_relationships_set_updated_at BEFORE UPDATE ON coaching_relationships
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE coaching_sessions (
    id                        uuid        NOT NULL DEFAULT gen_random_uuid(),
    coaching_relationship_id  uuid        NOT NULL,
    starts_at                 timestamptz NOT NULL,
    duration_minutes          integer     NOT NULL,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coaching_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT coaching_sessions_duration_range CHECK (duration_minutes BETWEEN 1 AND 1440),
    CONSTRAINT coaching_sessions_coaching_relationship_id_fkey FOREIGN KEY (coaching_relationship_id)
        REFERENCES coaching_relationships (id) ON DELETE CASCADE
);
CREATE INDEX coaching_sessions_relationship_starts_at_idx
    ON coaching_sessions (coaching_relationship_id, starts_at);
CREATE TRIGGER coaching_sessions_set_updated_at BEFORE UPDATE ON coaching_sessions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE notes (
    id                   uuid        NOT NULL DEFAULT gen_random_uuid(),
    coaching_session_id  uuid        NOT NULL,
    author_id            uuid        NOT NULL,
    body                 text        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notes_pkey PRIMARY KEY (id),
    CONSTRAINT notes_body_not_blank CHECK (btrim(body) <> ''),
    CONSTRAINT notes_coaching_session_id_fkey FOREIGN KEY (coaching_session_id)
        REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    CONSTRAINT notes_author_id_fkey FOREIGN KEY (author_id)
        REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX notes_coaching_session_id_idx ON notes (coaching_session_id, created_at);
CREATE TRIGGER notes_set_updated_at BEFORE UPDATE ON notes
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE agreements (
    id                   uuid        NOT NULL DEFAULT gen_random_uuid(),
    coaching_session_id  uuid        NOT NULL,
    author_id            uuid        NOT NULL,
    body                 text        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agreements_pkey PRIMARY KEY (id),
    CONSTRAINT agreements_body_not_blank CHECK (btrim(body) <> ''),
    CONSTRAINT agreements_coaching_session_id_fkey FOREIGN KEY (coaching_session_id)
        REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    CONSTRAINT agreements_author_id_fkey FOREIGN KEY (author_id)
        REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX agreements_coaching_session_id_idx ON agreements (coaching_session_id, created_at);
CREATE TRIGGER agreements_set_updated_at BEFORE UPDATE ON agreements
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE actions (
    id                   uuid            NOT NULL DEFAULT gen_random_uuid(),
    coaching_session_id  uuid            NOT NULL,
    author_id            uuid            NOT NULL,
    body                 text            NOT NULL,
    due_on               date,
    status               progress_status NOT NULL DEFAULT 'not_started',
    status_changed_at    timestamptz     NOT NULL DEFAULT now(),
    created_at           timestamptz     NOT NULL DEFAULT now(),
    updated_at           timestamptz     NOT NULL DEFAULT now(),
    CONSTRAINT actions_pkey PRIMARY KEY (id),
    CONSTRAINT actions_body_not_blank CHECK (btrim(body) <> ''),
    CONSTRAINT actions_coaching_session_id_fkey FOREIGN KEY (coaching_session_id)
        REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    CONSTRAINT actions_author_id_fkey FOREIGN KEY (author_id)
        REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX actions_coaching_session_id_idx ON actions (coaching_session_id, created_at);
CREATE TRIGGER actions_set_updated_at BEFORE UPDATE ON actions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER actions_set_status_changed_at BEFORE UPDATE ON actions
    FOR EACH ROW EXECUTE FUNCTION set_status_changed_at();

CREATE TABLE goals (
    id                        uuid            NOT NULL DEFAULT gen_random_uuid(),
    coaching_relationship_id  uuid            NOT NULL,
    author_id                 uuid            NOT NULL,
    title                     text            NOT NULL,
    body                      text            NOT NULL DEFAULT '',
    status                    progress_status NOT NULL DEFAULT 'not_started',
    status_changed_at         timestamptz     NOT NULL DEFAULT now(),
    target_date               date,
    created_at                timestamptz     NOT NULL DEFAULT now(),
    updated_at                timestamptz     NOT NULL DEFAULT now(),
    CONSTRAINT goals_pkey PRIMARY KEY (id),
    CONSTRAINT goals_title_not_blank CHECK (btrim(title) <> ''),
    CONSTRAINT goals_coaching_relationship_id_fkey FOREIGN KEY (coaching_relationship_id)
        REFERENCES coaching_relationships (id) ON DELETE CASCADE,
    CONSTRAINT goals_author_id_fkey FOREIGN KEY (author_id)
        REFERENCES users (id) ON DELETE RESTRICT
);
CREATE INDEX goals_coaching_relationship_id_idx ON goals (coaching_relationship_id, created_at);
CREATE TRIGGER goals_set_updated_at BEFORE UPDATE ON goals
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER goals_set_status_changed_at BEFORE UPDATE ON goals
    FOR EACH ROW EXECUTE FUNCTION set_status_changed_at();

-- Sessions in which a goal was discussed.
CREATE TABLE coaching_session_goals (
    coaching_session_id  uuid        NOT NULL,
    goal_id              uuid        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT coaching_session_goals_pkey PRIMARY KEY (coaching_session_id, goal_id),
    CONSTRAINT coaching_session_goals_coaching_session_id_fkey FOREIGN KEY (coaching_session_id)
        REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    CONSTRAINT coaching_session_goals_goal_id_fkey FOREIGN KEY (goal_id)
        REFERENCES goals (id) ON DELETE CASCADE
);
CREATE INDEX coaching_session_goals_goal_id_idx ON coaching_session_goals (goal_id);
