-- One-time links (choose your password; later invitations and resets) and accounts that have no
-- password yet: such an account cannot log in until its owner opens a link and chooses one.

ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

-- The id is the SHA-256 of the token in the link, so a leaked table does not leak usable links.
-- A link works once (used_at) and until expires_at, which its purpose decides.
CREATE TABLE one_time_links (
    id          text        NOT NULL,
    user_id     uuid        NOT NULL,
    purpose     text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT one_time_links_pkey PRIMARY KEY (id),
    CONSTRAINT one_time_links_purpose_known CHECK (purpose IN ('set_password')),
    CONSTRAINT one_time_links_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX one_time_links_user_id_idx ON one_time_links (user_id);
