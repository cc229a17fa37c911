DROP INDEX actions_relationship_due_idx;
CREATE INDEX actions_relationship_due_idx ON actions (coaching_relationship_id, is_open, due_key, id);
