-- The reach dashboard counts announcements sent and people reached by month: a send starting or
-- ending (or a draft written) is a change to it. Recipients are written in batches between the
-- two; the row's own change at the end of the send is what announces them.
CREATE TRIGGER announcement_items_announce_change AFTER INSERT OR UPDATE OR DELETE ON "announcement_items"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('=announcement:any');
