DROP TABLE auth_sessions;
DROP TABLE organization_memberships;
DROP TABLE users;
DROP TABLE organizations;
DROP TYPE organization_role;
DROP FUNCTION set_updated_at();
