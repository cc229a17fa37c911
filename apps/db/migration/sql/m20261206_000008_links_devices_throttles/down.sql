DROP TRIGGER users_super_admin_only_by_owner ON users;
DROP FUNCTION refuse_super_admin_by_others();
DROP TABLE throttle_buckets;
DROP TABLE login_devices;
ALTER TABLE invitations DROP COLUMN link_mailed;
ALTER TABLE users DROP COLUMN email_verified;
DROP TRIGGER organization_memberships_retire_admin_links ON organization_memberships;
DROP FUNCTION retire_admin_links_of_member();
DELETE FROM one_time_links WHERE purpose = 'revert_email';
ALTER TABLE one_time_links DROP CONSTRAINT one_time_links_new_email_for_email_links;
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_new_email_for_confirm_email
    CHECK ((purpose = 'confirm_email') = (new_email IS NOT NULL));
ALTER TABLE one_time_links DROP CONSTRAINT one_time_links_purpose_known;
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_purpose_known
    CHECK (purpose IN ('set_password', 'reset_password', 'confirm_email'));
DROP INDEX one_time_links_created_by_idx;
ALTER TABLE one_time_links DROP CONSTRAINT one_time_links_created_by_fkey;
ALTER TABLE one_time_links DROP COLUMN created_by;
