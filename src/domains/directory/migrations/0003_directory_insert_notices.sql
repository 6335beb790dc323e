-- Cached directory pages (lists of states, districts, schools, partners) depend on the tag
-- directory:any. Changes and deletions already announce "*" (0002); new organisations, often
-- thousands in one import statement, announce the tag once per statement.
CREATE TRIGGER organisations_announce_insert AFTER INSERT ON "organisations"
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_tags('=directory:any');
