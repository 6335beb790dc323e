CREATE TABLE "network_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"definition" text NOT NULL,
	"type" text NOT NULL,
	"period" text NOT NULL,
	"numerator_label" text NOT NULL,
	"denominator_label" text,
	"rate_unit" integer,
	"goal" double precision,
	"starts_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_reminders" (
	"team_id" uuid NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"kind" text NOT NULL,
	"recipients" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_reminders_team_id_period_period_start_kind_pk" PRIMARY KEY("team_id","period","period_start","kind")
);
--> statement-breakpoint
CREATE TABLE "network_settings" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"team_naming" text DEFAULT 'letters' NOT NULL,
	"reporting_days" integer DEFAULT 10 NOT NULL,
	"reminder_days_before" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_shared_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"result" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"cycle_id" uuid,
	"measure_id" uuid,
	"shared_by" uuid,
	"shared_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"letter_index" integer NOT NULL,
	"status" text DEFAULT 'invited' NOT NULL,
	"invited_by" uuid,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "network_values" (
	"measure_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"numerator" double precision NOT NULL,
	"denominator" double precision,
	"value" double precision NOT NULL,
	"note" text,
	"entered_by" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_values_measure_id_team_id_period_start_pk" PRIMARY KEY("measure_id","team_id","period_start"),
	CONSTRAINT "network_values_denominator_positive" CHECK ("network_values"."denominator" is null or "network_values"."denominator" > 0)
);
--> statement-breakpoint
ALTER TABLE "network_measures" ADD CONSTRAINT "network_measures_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_measures" ADD CONSTRAINT "network_measures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_reminders" ADD CONSTRAINT "network_reminders_team_id_network_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."network_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_settings" ADD CONSTRAINT "network_settings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_shared_changes" ADD CONSTRAINT "network_shared_changes_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_shared_changes" ADD CONSTRAINT "network_shared_changes_team_id_network_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."network_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_shared_changes" ADD CONSTRAINT "network_shared_changes_measure_id_network_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."network_measures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_shared_changes" ADD CONSTRAINT "network_shared_changes_shared_by_users_id_fk" FOREIGN KEY ("shared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_teams" ADD CONSTRAINT "network_teams_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_teams" ADD CONSTRAINT "network_teams_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_teams" ADD CONSTRAINT "network_teams_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_teams" ADD CONSTRAINT "network_teams_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_values" ADD CONSTRAINT "network_values_measure_id_network_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."network_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_values" ADD CONSTRAINT "network_values_team_id_network_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."network_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_values" ADD CONSTRAINT "network_values_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "network_measures_community_idx" ON "network_measures" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "network_shared_changes_idx" ON "network_shared_changes" USING btree ("community_id","shared_at");--> statement-breakpoint
CREATE UNIQUE INDEX "network_teams_org_idx" ON "network_teams" USING btree ("community_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "network_teams_letter_idx" ON "network_teams" USING btree ("community_id","letter_index");--> statement-breakpoint
CREATE INDEX "network_teams_organisation_idx" ON "network_teams" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "network_values_period_idx" ON "network_values" USING btree ("measure_id","period_start");