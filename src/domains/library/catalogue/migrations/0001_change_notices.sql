-- What cached catalogue pages depend on (src/domains/library/catalogue/cache-tags.ts):
--   catalogue:any   any measure (the list, each measure's page, the comparison, the CSV)
-- The catalogue is small and edited rarely, so one tag for all of it is enough.
CREATE TRIGGER catalogue_measures_announce_change AFTER INSERT OR UPDATE OR DELETE ON "catalogue_measures"
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_tags('=catalogue:any');
