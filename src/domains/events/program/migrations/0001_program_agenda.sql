CREATE TABLE "event_agenda_feeds" (
	"user_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_agenda_feeds_user_id_event_id_pk" PRIMARY KEY("user_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "event_agenda_items" (
	"user_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_agenda_items_user_id_session_id_pk" PRIMARY KEY("user_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "event_programs" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid
);
--> statement-breakpoint
ALTER TABLE "event_agenda_feeds" ADD CONSTRAINT "event_agenda_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_agenda_feeds" ADD CONSTRAINT "event_agenda_feeds_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_agenda_items" ADD CONSTRAINT "event_agenda_items_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_agenda_items" ADD CONSTRAINT "event_agenda_items_session_id_event_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."event_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_agenda_items" ADD CONSTRAINT "event_agenda_items_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_programs" ADD CONSTRAINT "event_programs_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_programs" ADD CONSTRAINT "event_programs_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_agenda_feeds_token_idx" ON "event_agenda_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "event_agenda_items_event_idx" ON "event_agenda_items" USING btree ("event_id","user_id");--> statement-breakpoint
-- What cached program pages depend on (src/domains/events/program/cache-tags.ts):
--   program:<event id>   anything in the event's program (sessions, rooms, presenters, publication)
--   agenda:<user id>     a person's agenda
-- A presenter row names its session only, so its trigger looks the event up.
CREATE TRIGGER event_sessions_announce_change AFTER INSERT OR UPDATE OR DELETE ON "event_sessions"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('program:event_id');--> statement-breakpoint
CREATE TRIGGER event_rooms_announce_change AFTER INSERT OR UPDATE OR DELETE ON "event_rooms"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('program:event_id');--> statement-breakpoint
CREATE TRIGGER event_programs_announce_change AFTER INSERT OR UPDATE OR DELETE ON "event_programs"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('program:event_id');--> statement-breakpoint
CREATE TRIGGER event_agenda_items_announce_change AFTER INSERT OR UPDATE OR DELETE ON "event_agenda_items"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('agenda:user_id');--> statement-breakpoint
CREATE OR REPLACE FUNCTION event_session_presenters_announce() RETURNS trigger AS $$
DECLARE
  event text;
BEGIN
  SELECT s.event_id::text INTO event FROM event_sessions s
    WHERE s.id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.session_id ELSE NEW.session_id END);
  -- When the whole session is deleted its own trigger has announced the event already.
  IF event IS NOT NULL THEN
    PERFORM pg_notify('smh_changes', 'program:' || event);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER event_session_presenters_announce_change AFTER INSERT OR UPDATE OR DELETE ON "event_session_presenters"
  FOR EACH ROW EXECUTE FUNCTION event_session_presenters_announce();
