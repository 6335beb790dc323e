CREATE TABLE "reach_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"resource_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"user_hash" "bytea" NOT NULL,
	"session_hash" "bytea" NOT NULL,
	CONSTRAINT "reach_events_kind_check" CHECK (kind in ('investigation', 'request'))
);
--> statement-breakpoint
CREATE TABLE "reach_hash_keys" (
	"day" date PRIMARY KEY NOT NULL,
	"key" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reach_monthly" (
	"resource_id" uuid NOT NULL,
	"month" date NOT NULL,
	"total_investigations" integer DEFAULT 0 NOT NULL,
	"unique_investigations" integer DEFAULT 0 NOT NULL,
	"total_requests" integer DEFAULT 0 NOT NULL,
	"unique_requests" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reach_monthly_resource_id_month_pk" PRIMARY KEY("resource_id","month")
);
--> statement-breakpoint
CREATE INDEX "reach_events_time_idx" ON "reach_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "reach_monthly_month_idx" ON "reach_monthly" USING btree ("month");--> statement-breakpoint
-- Cached reach dashboards and "most used" orders depend on the tag `reach`: a roll-up (one
-- statement per run) drops them on every app server.
CREATE TRIGGER reach_monthly_announce_change AFTER INSERT OR UPDATE OR DELETE ON "reach_monthly"
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_tags('=reach');
