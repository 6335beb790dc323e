-- What cached library pages depend on (src/domains/library/resources/cache-tags.ts):
--   library-resource:<id>  one resource, its versions and its review trail (its page)
--   library:any            what lists, search, facets and "resources for this domain" show
CREATE TRIGGER library_resources_announce_change AFTER INSERT OR UPDATE OR DELETE ON "library_resources"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('library-resource:id', '=library:any');
--> statement-breakpoint
CREATE TRIGGER library_resource_versions_announce_change AFTER INSERT OR UPDATE OR DELETE ON "library_resource_versions"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('library-resource:resource_id');
--> statement-breakpoint
CREATE TRIGGER library_resource_reviews_announce_change AFTER INSERT OR UPDATE OR DELETE ON "library_resource_reviews"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('library-resource:resource_id');
