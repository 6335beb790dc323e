-- A reply notifies every follower of its topic in one statement. Announced row by row (0004),
-- that was one notice per follower, and each notice reaches every listening connection of every
-- app server. A statement's notifications:<user> tags now go out together: one notice holds up to
-- 100 tags separated by spaces (a notice's payload is limited to 8000 bytes).
CREATE OR REPLACE FUNCTION smh_announce_notification_recipients() RETURNS trigger AS $$
DECLARE
  recipients uuid[];
  batch text;
BEGIN
  -- A trigger with transition tables serves one kind of statement: each names the tables it has.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT user_id) INTO recipients FROM changed_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT user_id) INTO recipients FROM previous_rows;
  ELSE
    SELECT array_agg(DISTINCT user_id) INTO recipients
    FROM (SELECT user_id FROM changed_rows UNION SELECT user_id FROM previous_rows) either;
  END IF;
  FOR batch IN
    SELECT string_agg('notifications:' || id, ' ')
    FROM (SELECT id, (row_number() OVER () - 1) / 100 AS chunk FROM unnest(recipients) AS id) numbered
    GROUP BY chunk
  LOOP
    PERFORM pg_notify('smh_changes', batch);
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS community_notifications_announce_change ON "community_notifications";
--> statement-breakpoint
CREATE TRIGGER community_notifications_announce_inserted AFTER INSERT ON "community_notifications"
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_notification_recipients();
--> statement-breakpoint
CREATE TRIGGER community_notifications_announce_updated AFTER UPDATE ON "community_notifications"
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_notification_recipients();
--> statement-breakpoint
CREATE TRIGGER community_notifications_announce_deleted AFTER DELETE ON "community_notifications"
  REFERENCING OLD TABLE AS previous_rows
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_notification_recipients();
