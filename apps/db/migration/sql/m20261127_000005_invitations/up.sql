-- Invitations: an organization admin invites an email with a role; whoever holds the link joins
-- (a new person first chooses their name and password, an existing account accepts signed in).
-- token_digest is the SHA-256 of the token in the link, so a leaked table does not leak usable
-- links. A link works once (accepted_at), until expires_at, and not after revoked_at.
CREATE TABLE invitations (
    id               uuid              NOT NULL DEFAULT gen_random_uuid(),
    token_digest     text              NOT NULL,
    organization_id  uuid              NOT NULL,
    email            text              NOT NULL,
    role             organization_role NOT NULL,
    expires_at       timestamptz       NOT NULL,
    accepted_at      timestamptz,
    revoked_at       timestamptz,
    created_at       timestamptz       NOT NULL DEFAULT now(),
    CONSTRAINT invitations_pkey PRIMARY KEY (id),
    CONSTRAINT invitations_token_digest_key UNIQUE (token_digest),
    CONSTRAINT invitations_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX invitations_organization_id_idx ON invitations (organization_id);
