-- Recurring sessions: a series is a rhythm (every N weeks on the weekday of its first day, at a
-- time of day in its time zone, for a number of sessions or until a day); its sessions are
-- coaching_sessions rows, made when the series is, each knowing the day it belongs to (its
-- RECURRENCE-ID), which stays when that session alone is moved.
CREATE TABLE session_series (
    id                        uuid        NOT NULL DEFAULT gen_random_uuid(),
    coaching_relationship_id  uuid        NOT NULL,
    timezone                  text        NOT NULL,
    first_day                 date        NOT NULL,
    local_time                time        NOT NULL,
    every_weeks               integer     NOT NULL,
    occurrences               integer,
    last_day                  date,
    duration_minutes          integer     NOT NULL,
    title                     text,
    meeting_url               text,
    calendar_sequence         integer     NOT NULL DEFAULT 0,
    ended_at                  timestamptz,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT session_series_pkey PRIMARY KEY (id),
    CONSTRAINT session_series_coaching_relationship_id_fkey FOREIGN KEY (coaching_relationship_id)
        REFERENCES coaching_relationships (id) ON DELETE CASCADE,
    CONSTRAINT session_series_every_weeks_range CHECK (every_weeks BETWEEN 1 AND 12),
    CONSTRAINT session_series_one_end CHECK ((occurrences IS NULL) <> (last_day IS NULL)),
    CONSTRAINT session_series_occurrences_range CHECK (occurrences IS NULL OR occurrences BETWEEN 1 AND 104),
    CONSTRAINT session_series_duration_range CHECK (duration_minutes BETWEEN 1 AND 1440),
    CONSTRAINT session_series_meeting_url_https CHECK (meeting_url IS NULL OR meeting_url LIKE 'https://%')
);
CREATE INDEX session_series_coaching_relationship_id_idx ON session_series (coaching_relationship_id);

ALTER TABLE coaching_sessions ADD COLUMN series_id uuid;
ALTER TABLE coaching_sessions ADD COLUMN occurrence_day date;
ALTER TABLE coaching_sessions ADD CONSTRAINT coaching_sessions_series_id_fkey FOREIGN KEY (series_id)
    REFERENCES session_series (id) ON DELETE CASCADE;
ALTER TABLE coaching_sessions ADD CONSTRAINT coaching_sessions_occurrence_of_series
    CHECK ((series_id IS NULL) = (occurrence_day IS NULL));
ALTER TABLE coaching_sessions ADD CONSTRAINT coaching_sessions_series_occurrence_key
    UNIQUE (series_id, occurrence_day);
