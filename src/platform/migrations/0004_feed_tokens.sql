CREATE TABLE "feed_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "feed_tokens_hash_idx" ON "feed_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "feed_tokens_user_idx" ON "feed_tokens" USING btree ("user_id");--> statement-breakpoint
-- The account page lists a person's feed links (with when each was last used): it is kept in
-- the per-person caches, so every change to them announces the person (see 0002).
CREATE TRIGGER feed_tokens_announce_change AFTER INSERT OR UPDATE OR DELETE ON "feed_tokens"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_person_change('user_id');
