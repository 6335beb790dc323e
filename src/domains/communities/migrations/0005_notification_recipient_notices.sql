-- Every page a person reads counts their unread notifications in its header. Those pages depend
-- on the person's own id (platform/cache), so a notice that changes the count (a new one, one
-- read, one removed) announces its recipient's id as well as notifications:<user> (0004).
-- Sending the email (emailed_at) changes no count and announces nothing more.
CREATE TRIGGER community_notifications_announce_recipient
  AFTER INSERT OR DELETE OR UPDATE OF read_at, user_id ON "community_notifications"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('user_id');
