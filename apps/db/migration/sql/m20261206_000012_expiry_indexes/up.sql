-- The api's housekeeping deletes expired links, invitations and forgotten devices every few
-- minutes; without an index on when each expires it read these tables whole, and they grow with
-- every account and organization.
CREATE INDEX one_time_links_expires_at_idx ON one_time_links (expires_at);
CREATE INDEX invitations_expires_at_idx ON invitations (expires_at);
CREATE INDEX login_devices_last_login_at_idx ON login_devices (last_login_at);
