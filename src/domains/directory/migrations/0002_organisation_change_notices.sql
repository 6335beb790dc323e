-- Cached account pages show the names of a person's organisations. Renames are rare (and an
-- NCES re-import touches thousands of rows at once), so one notice per statement asks every
-- server to forget all cached pages.
CREATE TRIGGER organisations_announce_change AFTER UPDATE OR DELETE ON "organisations"
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_person_change();
