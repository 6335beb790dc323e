-- What cached pages of events depend on (src/domains/events/setup/access.ts, program/cache-tags.ts):
--   event:<event id>   the event's row, its tracks and its credit types (its page, its program)
--   events             any event's row (the lists of events)
CREATE TRIGGER events_announce_change AFTER INSERT OR UPDATE OR DELETE ON "events"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('event:id', '=events');--> statement-breakpoint
CREATE TRIGGER event_tracks_announce_change AFTER INSERT OR UPDATE OR DELETE ON "event_tracks"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('event:event_id');--> statement-breakpoint
CREATE TRIGGER event_credit_types_announce_change AFTER INSERT OR UPDATE OR DELETE ON "event_credit_types"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('event:event_id');
