-- What cached network pages depend on (platform migration 0006 explains tags;
-- src/domains/improvement/networks/cache-tags.ts names them for the code):
--   network:<community id>     the network's settings, member teams, shared measures and shared changes
--   network:any                which networks exist and which teams are in them (a person's list)
--   network-measure:<id>       the values reported for one shared measure (dashboard, team charts)
-- A reminder sent changes no page, so network_reminders announces nothing.
CREATE TRIGGER network_settings_announce_change AFTER INSERT OR UPDATE OR DELETE ON "network_settings"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('network:community_id');
--> statement-breakpoint
CREATE TRIGGER network_teams_announce_change AFTER INSERT OR UPDATE OR DELETE ON "network_teams"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('network:community_id', '=network:any');
--> statement-breakpoint
CREATE TRIGGER network_measures_announce_change AFTER INSERT OR UPDATE OR DELETE ON "network_measures"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('network:community_id', 'network-measure:id');
--> statement-breakpoint
CREATE TRIGGER network_values_announce_change AFTER INSERT OR UPDATE OR DELETE ON "network_values"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('network-measure:measure_id');
--> statement-breakpoint
CREATE TRIGGER network_shared_changes_announce_change AFTER INSERT OR UPDATE OR DELETE ON "network_shared_changes"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('network:community_id');
