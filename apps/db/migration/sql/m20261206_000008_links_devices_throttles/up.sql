-- Links that lose their reason, remembered devices, limits shared by every api replica, and
-- super admins made only by the schema's owner.

-- A password link an organization admin minted names them: it is checked again when used, and
-- retired when the member's or the admin's memberships change (the trigger below).
ALTER TABLE one_time_links ADD COLUMN created_by uuid;
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_created_by_fkey FOREIGN KEY (created_by)
    REFERENCES users (id) ON DELETE CASCADE;
CREATE INDEX one_time_links_created_by_idx ON one_time_links (created_by);

-- A link mailed to an account's old address after an email change: it moves the account back
-- (new_email holds the address it moves to).
ALTER TABLE one_time_links DROP CONSTRAINT one_time_links_purpose_known;
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_purpose_known
    CHECK (purpose IN ('set_password', 'reset_password', 'confirm_email', 'revert_email'));
ALTER TABLE one_time_links DROP CONSTRAINT one_time_links_new_email_for_confirm_email;
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_new_email_for_email_links
    CHECK ((purpose IN ('confirm_email', 'revert_email')) = (new_email IS NOT NULL));

CREATE FUNCTION retire_admin_links_of_member() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    -- OLD is NULL on INSERT and NEW on DELETE; IN ignores the NULL.
    UPDATE one_time_links SET used_at = now()
    WHERE used_at IS NULL AND created_by IS NOT NULL
      AND (user_id IN (OLD.user_id, NEW.user_id) OR created_by IN (OLD.user_id, NEW.user_id));
    RETURN NULL;
END
$$;
CREATE TRIGGER organization_memberships_retire_admin_links
    AFTER INSERT OR UPDATE OR DELETE ON organization_memberships
    FOR EACH ROW EXECUTE FUNCTION retire_admin_links_of_member();

-- Whether the account's owner proved the address: false for an account made through an
-- invitation link that an admin handed over (no mail), until a mailed link is used.
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT true;
-- Whether the invitation's link went by mail to the address (so whoever uses it owns the address).
ALTER TABLE invitations ADD COLUMN link_mailed boolean NOT NULL DEFAULT false;

-- Devices that signed in before: the id is the SHA-256 of the token in the device cookie. A
-- correct password from such a device is not held back by failures from elsewhere.
CREATE TABLE login_devices (
    id             text        NOT NULL,
    user_id        uuid        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_login_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT login_devices_pkey PRIMARY KEY (id),
    CONSTRAINT login_devices_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX login_devices_user_id_idx ON login_devices (user_id);

-- Rate limits every api process shares (a token bucket per key, GCRA): the bucket is full again
-- at full_at; each attempt moves it one interval later, and an attempt is refused while full_at
-- lies more than a burst of intervals ahead.
CREATE TABLE throttle_buckets (
    key      text        NOT NULL,
    full_at  timestamptz NOT NULL,
    CONSTRAINT throttle_buckets_pkey PRIMARY KEY (key)
);
CREATE INDEX throttle_buckets_full_at_idx ON throttle_buckets (full_at);

-- Only the owner of users (the migrator: `api admin create --super-admin`) or a superuser makes
-- a super admin; the api's application role, which writes rows, cannot by DML alone.
CREATE FUNCTION refuse_super_admin_by_others() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.is_super_admin AND (TG_OP = 'INSERT' OR NOT OLD.is_super_admin)
       AND NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        RAISE EXCEPTION 'only the schema owner makes super admins (api admin create --super-admin)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER users_super_admin_only_by_owner
    BEFORE INSERT OR UPDATE OF is_super_admin ON users
    FOR EACH ROW EXECUTE FUNCTION refuse_super_admin_by_others();
