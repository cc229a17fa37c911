-- A super admin deactivates an account instead of deleting it (what the person wrote stays):
-- a deactivated account cannot log in or use links until reactivated. NULL while active.
ALTER TABLE users ADD COLUMN deactivated_at timestamptz;
