CREATE TABLE "data_sharing_choices" (
	"organisation_id" uuid NOT NULL,
	"school_year" text NOT NULL,
	"shared" boolean NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_sharing_choices_organisation_id_school_year_pk" PRIMARY KEY("organisation_id","school_year")
);
--> statement-breakpoint
ALTER TABLE "data_sharing_choices" ADD CONSTRAINT "data_sharing_choices_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- A school's sharing choice shows on its own pages: announce it like anything measured there.
-- (The aggregates it moves announce their own scopes through their triggers, 0001.)
CREATE TRIGGER data_sharing_choices_announce_insert AFTER INSERT ON "data_sharing_choices"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures-up:organisation_id');
--> statement-breakpoint
CREATE TRIGGER data_sharing_choices_announce_update AFTER UPDATE ON "data_sharing_choices"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION smh_announce_measures_changes('measures-up:organisation_id');
