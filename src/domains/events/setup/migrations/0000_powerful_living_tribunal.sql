CREATE TABLE "event_credit_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"profession" text NOT NULL,
	"label" text NOT NULL,
	"provider_name" text NOT NULL,
	"approval_statement" text NOT NULL,
	"retention_years" integer DEFAULT 6 NOT NULL,
	CONSTRAINT "event_credit_types_retention_check" CHECK (retention_years between 1 and 50)
);
--> statement-breakpoint
CREATE TABLE "event_tracks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"name_en" text NOT NULL,
	"name_es" text,
	"community_id" uuid,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"organiser_id" uuid NOT NULL,
	"title_en" text NOT NULL,
	"title_es" text,
	"summary_en" text DEFAULT '' NOT NULL,
	"summary_es" text,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"time_zone" text NOT NULL,
	"mode" text NOT NULL,
	"venue" text,
	"online_url" text,
	"capacity" integer,
	"ce_activity_title" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "events_dates_check" CHECK (ends_on >= starts_on),
	CONSTRAINT "events_capacity_check" CHECK (capacity is null or capacity > 0)
);
--> statement-breakpoint
ALTER TABLE "event_credit_types" ADD CONSTRAINT "event_credit_types_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_tracks" ADD CONSTRAINT "event_tracks_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_tracks" ADD CONSTRAINT "event_tracks_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_organiser_id_organisations_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_credit_types_event_idx" ON "event_credit_types" USING btree ("event_id","profession");--> statement-breakpoint
CREATE INDEX "event_tracks_event_idx" ON "event_tracks" USING btree ("event_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "events_slug_idx" ON "events" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "events_listing_idx" ON "events" USING btree ("status","starts_on");--> statement-breakpoint
CREATE INDEX "events_organiser_idx" ON "events" USING btree ("organiser_id");