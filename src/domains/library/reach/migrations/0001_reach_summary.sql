CREATE TABLE "reach_summary" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dim" text NOT NULL,
	"key" text NOT NULL,
	"resource_id" uuid,
	"state_code" text,
	"community_id" uuid,
	"community_only" boolean NOT NULL,
	"total_investigations" integer NOT NULL,
	"unique_investigations" integer NOT NULL,
	"total_requests" integer NOT NULL,
	"unique_requests" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "reach_summary_dim_idx" ON "reach_summary" USING btree ("dim","state_code");--> statement-breakpoint
CREATE INDEX "reach_summary_community_idx" ON "reach_summary" USING btree ("community_id");--> statement-breakpoint
-- A rebuild of the dashboards' figures drops the cached dashboards (tag `reach`) on every server.
CREATE TRIGGER reach_summary_announce_change AFTER INSERT OR UPDATE OR DELETE ON "reach_summary"
  FOR EACH STATEMENT EXECUTE FUNCTION smh_announce_tags('=reach');
