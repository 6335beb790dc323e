CREATE TABLE "catalogue_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"short_name" text NOT NULL,
	"name" text NOT NULL,
	"publisher" text NOT NULL,
	"summary_en" text NOT NULL,
	"summary_es" text,
	"focus_areas" text[] NOT NULL,
	"purposes" text[] NOT NULL,
	"reporters" text[] NOT NULL,
	"languages" text[] NOT NULL,
	"age_min" integer NOT NULL,
	"age_max" integer NOT NULL,
	"items" integer,
	"minutes" integer,
	"cost" text NOT NULL,
	"obtain_en" text NOT NULL,
	"obtain_es" text,
	"obtain_url" text,
	"evidence_en" text NOT NULL,
	"evidence_es" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "catalogue_measures" ADD CONSTRAINT "catalogue_measures_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_measures_slug_idx" ON "catalogue_measures" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "catalogue_measures_name_idx" ON "catalogue_measures" USING btree ("short_name");