-- A person's teams are cached with who they are (platform migration 0002): announce changes.
CREATE TRIGGER memberships_announce_change AFTER INSERT OR UPDATE OR DELETE ON "memberships"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_person_change('user_id');
