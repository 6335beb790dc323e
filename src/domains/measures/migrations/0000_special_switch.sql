CREATE TABLE "assessment_scores" (
	"response_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"instrument_key" text NOT NULL,
	"variant" text NOT NULL,
	"school_year" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"domain_scores" jsonb NOT NULL,
	"composite" double precision
);
--> statement-breakpoint
CREATE TABLE "instrument_items" (
	"instrument_id" uuid NOT NULL,
	"section_key" text NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"type" text NOT NULL,
	"prompt_en" text NOT NULL,
	"prompt_es" text NOT NULL,
	"hint_en" text,
	"hint_es" text,
	"options" jsonb,
	"within_enrollment" boolean DEFAULT false NOT NULL,
	CONSTRAINT "instrument_items_instrument_id_key_pk" PRIMARY KEY("instrument_id","key")
);
--> statement-breakpoint
CREATE TABLE "instrument_sections" (
	"instrument_id" uuid NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"title_en" text NOT NULL,
	"title_es" text NOT NULL,
	"intro_en" text,
	"intro_es" text,
	"scored" boolean NOT NULL,
	"guidance" jsonb,
	CONSTRAINT "instrument_sections_instrument_id_key_pk" PRIMARY KEY("instrument_id","key")
);
--> statement-breakpoint
CREATE TABLE "instruments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"variant" text NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"title_en" text NOT NULL,
	"title_es" text NOT NULL,
	"description_en" text NOT NULL,
	"description_es" text NOT NULL,
	"scale" jsonb,
	"bands" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"definition_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "latest_scores" (
	"organisation_id" uuid NOT NULL,
	"instrument_key" text NOT NULL,
	"variant" text NOT NULL,
	"school_year" text NOT NULL,
	"response_id" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"domain_scores" jsonb NOT NULL,
	"composite" double precision,
	CONSTRAINT "latest_scores_organisation_id_instrument_key_variant_school_year_pk" PRIMARY KEY("organisation_id","instrument_key","variant","school_year")
);
--> statement-breakpoint
CREATE TABLE "participation" (
	"scope_id" uuid NOT NULL,
	"instrument_key" text NOT NULL,
	"variant" text NOT NULL,
	"school_year" text NOT NULL,
	"organisations" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "participation_scope_id_instrument_key_variant_school_year_pk" PRIMARY KEY("scope_id","instrument_key","variant","school_year")
);
--> statement-breakpoint
CREATE TABLE "response_sections" (
	"response_id" uuid NOT NULL,
	"section_key" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "response_sections_response_id_section_key_pk" PRIMARY KEY("response_id","section_key")
);
--> statement-breakpoint
CREATE TABLE "responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"instrument_id" uuid NOT NULL,
	"instrument_key" text NOT NULL,
	"variant" text NOT NULL,
	"school_year" text NOT NULL,
	"time_point" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "score_aggregates" (
	"scope_id" uuid NOT NULL,
	"instrument_key" text NOT NULL,
	"variant" text NOT NULL,
	"school_year" text NOT NULL,
	"domain_key" text NOT NULL,
	"sum" double precision DEFAULT 0 NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "score_aggregates_scope_id_instrument_key_variant_school_year_domain_key_pk" PRIMARY KEY("scope_id","instrument_key","variant","school_year","domain_key")
);
--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_items" ADD CONSTRAINT "instrument_items_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_sections" ADD CONSTRAINT "instrument_sections_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_sections" ADD CONSTRAINT "response_sections_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_scores_org_idx" ON "assessment_scores" USING btree ("organisation_id","instrument_key","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "instruments_key_variant_version_idx" ON "instruments" USING btree ("key","variant","version");--> statement-breakpoint
CREATE UNIQUE INDEX "responses_point_idx" ON "responses" USING btree ("organisation_id","instrument_id","school_year","time_point");--> statement-breakpoint
CREATE INDEX "responses_org_key_idx" ON "responses" USING btree ("organisation_id","instrument_key","school_year");