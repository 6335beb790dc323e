-- A resource's page lists its files: a change to them is a change to the resource
-- (src/domains/library/resources/cache-tags.ts, library-resource:<id>).
CREATE TRIGGER library_resource_files_announce_change AFTER INSERT OR UPDATE OR DELETE ON "library_resource_files"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('library-resource:resource_id');
