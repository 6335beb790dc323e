CREATE TABLE "census_recommendations" (
	"role" text PRIMARY KEY NOT NULL,
	"students_per_fte" integer,
	"fte_per_school" double precision,
	"source_name" text NOT NULL,
	"source_url" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "census_school_facts" (
	"organisation_id" uuid NOT NULL,
	"school_year" text NOT NULL,
	"response_id" uuid NOT NULL,
	"scope_ids" uuid[] NOT NULL,
	"enrollment" integer,
	"fte_school" double precision[] NOT NULL,
	"fte_community" double precision[] NOT NULL,
	"tiers_offered" boolean[] NOT NULL,
	"screens" boolean,
	"grades_screened" text[],
	"students_screened" integer,
	"served_tier2" integer,
	"served_tier3" integer,
	"funding_sources" text[],
	"partners" integer,
	"partner_agreements" boolean,
	CONSTRAINT "census_school_facts_organisation_id_school_year_pk" PRIMARY KEY("organisation_id","school_year")
);
--> statement-breakpoint
CREATE INDEX "census_school_facts_scopes_idx" ON "census_school_facts" USING gin ("scope_ids");--> statement-breakpoint
CREATE INDEX "census_school_facts_year_idx" ON "census_school_facts" USING btree ("school_year");