DROP TABLE one_time_links;
-- An empty hash matches no password, so accounts still waiting for theirs stay locked.
UPDATE users SET password_hash = '' WHERE password_hash IS NULL;
ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL;
