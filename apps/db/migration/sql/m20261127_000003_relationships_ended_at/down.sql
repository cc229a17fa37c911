ALTER TABLE coaching_relationships DROP COLUMN ended_at;
