CREATE TABLE "library_resource_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_resource_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"change_note" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"type" text NOT NULL,
	"community_id" uuid,
	"community_only" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"publish_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"language" text DEFAULT 'en' NOT NULL,
	"translation_group_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"authors" text[] DEFAULT '{}'::text[] NOT NULL,
	"organisations" text[] DEFAULT '{}'::text[] NOT NULL,
	"licence" text DEFAULT '' NOT NULL,
	"external_url" text,
	"domain_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"tiers" integer[] DEFAULT '{}'::int[] NOT NULL,
	"audiences" text[] DEFAULT '{}'::text[] NOT NULL,
	"state_code" text,
	"year" integer NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"submitted_by" uuid,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('spanish', title), 'A')
        || setweight(to_tsvector('english', summary), 'B') || setweight(to_tsvector('spanish', summary), 'B')
        || setweight(to_tsvector('english', body), 'C') || setweight(to_tsvector('spanish', body), 'C')) STORED,
	CONSTRAINT "library_resources_community_only_check" CHECK (not community_only or community_id is not null)
);
--> statement-breakpoint
ALTER TABLE "library_resource_reviews" ADD CONSTRAINT "library_resource_reviews_resource_id_library_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."library_resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_resource_reviews" ADD CONSTRAINT "library_resource_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_resource_versions" ADD CONSTRAINT "library_resource_versions_resource_id_library_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."library_resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_resource_versions" ADD CONSTRAINT "library_resource_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_resources" ADD CONSTRAINT "library_resources_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_resources" ADD CONSTRAINT "library_resources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_resources" ADD CONSTRAINT "library_resources_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_resources" ADD CONSTRAINT "library_resources_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "library_resource_reviews_resource_idx" ON "library_resource_reviews" USING btree ("resource_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "library_resource_versions_number_idx" ON "library_resource_versions" USING btree ("resource_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "library_resources_slug_idx" ON "library_resources" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "library_resources_translation_idx" ON "library_resources" USING btree ("translation_group_id","language");--> statement-breakpoint
CREATE INDEX "library_resources_search_idx" ON "library_resources" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "library_resources_domains_idx" ON "library_resources" USING gin ("domain_keys");--> statement-breakpoint
CREATE INDEX "library_resources_status_idx" ON "library_resources" USING btree ("status","published_at");--> statement-breakpoint
CREATE INDEX "library_resources_community_idx" ON "library_resources" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "library_resources_due_idx" ON "library_resources" USING btree ("publish_at") WHERE status = 'in_review' and publish_at is not null;