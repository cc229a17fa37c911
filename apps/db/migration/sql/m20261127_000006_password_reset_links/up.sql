-- Links that reset a forgotten password, and links that confirm a new email address: the
-- address waits in new_email until its owner opens the link sent there.

ALTER TABLE one_time_links ADD COLUMN new_email text;

ALTER TABLE one_time_links DROP CONSTRAINT one_time_links_purpose_known;
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_purpose_known
    CHECK (purpose IN ('set_password', 'reset_password', 'confirm_email'));
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_new_email_for_confirm_email
    CHECK ((purpose = 'confirm_email') = (new_email IS NOT NULL));
