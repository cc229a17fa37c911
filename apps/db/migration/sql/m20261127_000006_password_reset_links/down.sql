DELETE FROM one_time_links WHERE purpose IN ('reset_password', 'confirm_email');
ALTER TABLE one_time_links DROP CONSTRAINT one_time_links_new_email_for_confirm_email;
ALTER TABLE one_time_links DROP CONSTRAINT one_time_links_purpose_known;
ALTER TABLE one_time_links ADD CONSTRAINT one_time_links_purpose_known CHECK (purpose IN ('set_password'));
ALTER TABLE one_time_links DROP COLUMN new_email;
