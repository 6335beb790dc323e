CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"ancestor_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"state_code" text,
	"nces_id" text,
	"city" text,
	"address" text,
	"zip" text,
	"grade_low" text,
	"grade_high" text,
	"locale_code" text,
	"enrollment" integer,
	"website" text,
	"description" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_parent_id_organisations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_nces_idx" ON "organisations" USING btree ("kind","nces_id");--> statement-breakpoint
CREATE INDEX "organisations_parent_idx" ON "organisations" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "organisations_kind_state_idx" ON "organisations" USING btree ("kind","state_code");--> statement-breakpoint
CREATE INDEX "organisations_ancestors_idx" ON "organisations" USING gin ("ancestor_ids");--> statement-breakpoint
CREATE INDEX "organisations_name_search_idx" ON "organisations" USING gin (to_tsvector('simple', "name" || ' ' || coalesce("city", '')));