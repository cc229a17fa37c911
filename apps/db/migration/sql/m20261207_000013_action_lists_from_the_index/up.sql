-- Lists of actions across a person's relationships read each relationship's first keys from this
-- index alone, then the rows of the page: the index also holds who an action is for and its status,
-- which those lists narrow by, so that the keys need no visit to the table.
DROP INDEX actions_relationship_due_idx;
CREATE INDEX actions_relationship_due_idx ON actions (coaching_relationship_id, is_open, due_key, id, assignee, status);
