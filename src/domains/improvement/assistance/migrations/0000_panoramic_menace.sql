CREATE TABLE "ta_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"episode_id" uuid NOT NULL,
	"contact_date" date NOT NULL,
	"mode" text NOT NULL,
	"hours" numeric(5, 2) NOT NULL,
	"participants" jsonb NOT NULL,
	"summary" text NOT NULL,
	"logged_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ta_episodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"state_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"need" text NOT NULL,
	"urgency" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"intensity" text,
	"provider_id" uuid,
	"referral_kind" text,
	"referral_to" text,
	"referral_url" text,
	"decline_reason" text,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"triaged_by" uuid,
	"triaged_at" timestamp with time zone,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"outcome_note" text,
	"hours" numeric(9, 2) DEFAULT 0 NOT NULL,
	"contact_count" integer DEFAULT 0 NOT NULL,
	"score_before" double precision,
	"score_after" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ta_objectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"episode_id" uuid NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ta_surveys" (
	"episode_id" uuid PRIMARY KEY NOT NULL,
	"useful" integer NOT NULL,
	"timely" integer NOT NULL,
	"knowledgeable" integer NOT NULL,
	"would_recommend" integer NOT NULL,
	"comment" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ta_contacts" ADD CONSTRAINT "ta_contacts_episode_id_ta_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."ta_episodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_contacts" ADD CONSTRAINT "ta_contacts_logged_by_users_id_fk" FOREIGN KEY ("logged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_episodes" ADD CONSTRAINT "ta_episodes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_episodes" ADD CONSTRAINT "ta_episodes_state_id_organisations_id_fk" FOREIGN KEY ("state_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_episodes" ADD CONSTRAINT "ta_episodes_provider_id_users_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_episodes" ADD CONSTRAINT "ta_episodes_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_episodes" ADD CONSTRAINT "ta_episodes_triaged_by_users_id_fk" FOREIGN KEY ("triaged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_episodes" ADD CONSTRAINT "ta_episodes_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_objectives" ADD CONSTRAINT "ta_objectives_episode_id_ta_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."ta_episodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_objectives" ADD CONSTRAINT "ta_objectives_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_surveys" ADD CONSTRAINT "ta_surveys_episode_id_ta_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."ta_episodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ta_surveys" ADD CONSTRAINT "ta_surveys_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ta_contacts_episode_idx" ON "ta_contacts" USING btree ("episode_id","contact_date");--> statement-breakpoint
CREATE INDEX "ta_episodes_team_idx" ON "ta_episodes" USING btree ("organisation_id","requested_at");--> statement-breakpoint
CREATE INDEX "ta_episodes_state_idx" ON "ta_episodes" USING btree ("state_id","requested_at");--> statement-breakpoint
CREATE INDEX "ta_episodes_provider_idx" ON "ta_episodes" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "ta_episodes_waiting_after_idx" ON "ta_episodes" USING btree ("organisation_id") WHERE status = 'closed' and score_after is null;--> statement-breakpoint
CREATE INDEX "ta_objectives_episode_idx" ON "ta_objectives" USING btree ("episode_id","created_at");