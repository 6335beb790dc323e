CREATE TABLE "event_rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"name" text NOT NULL,
	"capacity" integer
);
--> statement-breakpoint
CREATE TABLE "event_session_presenters" (
	"session_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	CONSTRAINT "event_session_presenters_session_id_position_pk" PRIMARY KEY("session_id","position")
);
--> statement-breakpoint
CREATE TABLE "event_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"proposal_id" uuid,
	"title" text NOT NULL,
	"abstract" text DEFAULT '' NOT NULL,
	"learning_objectives" text DEFAULT '' NOT NULL,
	"format" text NOT NULL,
	"mode" text NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"track_id" uuid,
	"room_id" uuid,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"capacity" integer,
	"counts_for_credit" boolean DEFAULT true NOT NULL,
	"credit_hours" numeric(4, 2),
	"attendance_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_sessions_times_check" CHECK (ends_at is null or starts_at is null or ends_at > starts_at)
);
--> statement-breakpoint
ALTER TABLE "event_rooms" ADD CONSTRAINT "event_rooms_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_session_presenters" ADD CONSTRAINT "event_session_presenters_session_id_event_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."event_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_session_presenters" ADD CONSTRAINT "event_session_presenters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_sessions" ADD CONSTRAINT "event_sessions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_sessions" ADD CONSTRAINT "event_sessions_track_id_event_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."event_tracks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_sessions" ADD CONSTRAINT "event_sessions_room_id_event_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."event_rooms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_rooms_event_idx" ON "event_rooms" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_session_presenters_user_idx" ON "event_session_presenters" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "event_sessions_event_idx" ON "event_sessions" USING btree ("event_id","starts_at");--> statement-breakpoint
CREATE INDEX "event_sessions_room_idx" ON "event_sessions" USING btree ("room_id","starts_at");