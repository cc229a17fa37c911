-- Ending a coaching relationship keeps it as read-only history instead of deleting what was
-- written in it. NULL while the relationship is active.
ALTER TABLE coaching_relationships ADD COLUMN ended_at timestamptz;
