-- Census pages show the recommendations beside the ratios and are cached until what they show
-- changes: any change to the table announces 'census-recommendations' (census/page-data.ts).
CREATE OR REPLACE FUNCTION insights_announce_recommendations() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('smh_changes', 'census-recommendations');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER census_recommendations_announce AFTER INSERT OR UPDATE OR DELETE ON "census_recommendations"
  FOR EACH STATEMENT EXECUTE FUNCTION insights_announce_recommendations();
