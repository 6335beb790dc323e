CREATE TABLE "event_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"formats" text[] NOT NULL,
	"guidance_en" text DEFAULT '' NOT NULL,
	"guidance_es" text,
	"deadline" timestamp with time zone NOT NULL,
	"rubric" jsonb NOT NULL,
	"reviews_per_proposal" integer DEFAULT 3 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_calls_reviews_check" CHECK (reviews_per_proposal between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "event_proposal_presenters" (
	"proposal_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"organisation" text NOT NULL,
	"email" text NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	CONSTRAINT "event_proposal_presenters_proposal_id_position_pk" PRIMARY KEY("proposal_id","position")
);
--> statement-breakpoint
CREATE TABLE "event_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"submitted_by" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"abstract" text NOT NULL,
	"learning_objectives" text NOT NULL,
	"audience_level" text NOT NULL,
	"track_id" uuid,
	"format" text NOT NULL,
	"accessibility_needs" text DEFAULT '' NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"submitted_at" timestamp with time zone,
	"decision" text,
	"decision_note" text DEFAULT '' NOT NULL,
	"decided_by" uuid,
	"released_at" timestamp with time zone,
	"response" text,
	"responded_at" timestamp with time zone,
	"session_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_review_conflicts" (
	"proposal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_review_conflicts_proposal_id_user_id_pk" PRIMARY KEY("proposal_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "event_reviewers" (
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_reviewers_event_id_user_id_pk" PRIMARY KEY("event_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "event_reviews" (
	"proposal_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"scores" jsonb,
	"comment_to_organisers" text DEFAULT '' NOT NULL,
	"comment_to_presenters" text DEFAULT '' NOT NULL,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "event_reviews_proposal_id_reviewer_id_pk" PRIMARY KEY("proposal_id","reviewer_id")
);
--> statement-breakpoint
ALTER TABLE "event_calls" ADD CONSTRAINT "event_calls_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_proposal_presenters" ADD CONSTRAINT "event_proposal_presenters_proposal_id_event_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."event_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_proposal_presenters" ADD CONSTRAINT "event_proposal_presenters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_proposals" ADD CONSTRAINT "event_proposals_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_proposals" ADD CONSTRAINT "event_proposals_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_proposals" ADD CONSTRAINT "event_proposals_track_id_event_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."event_tracks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_proposals" ADD CONSTRAINT "event_proposals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_review_conflicts" ADD CONSTRAINT "event_review_conflicts_proposal_id_event_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."event_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_review_conflicts" ADD CONSTRAINT "event_review_conflicts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_reviewers" ADD CONSTRAINT "event_reviewers_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_reviewers" ADD CONSTRAINT "event_reviewers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_reviewers" ADD CONSTRAINT "event_reviewers_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_reviews" ADD CONSTRAINT "event_reviews_proposal_id_event_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."event_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_reviews" ADD CONSTRAINT "event_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_calls_event_idx" ON "event_calls" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_proposal_presenters_user_idx" ON "event_proposal_presenters" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "event_proposal_presenters_email_idx" ON "event_proposal_presenters" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "event_proposals_event_idx" ON "event_proposals" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "event_proposals_submitter_idx" ON "event_proposals" USING btree ("submitted_by");--> statement-breakpoint
CREATE INDEX "event_review_conflicts_user_idx" ON "event_review_conflicts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "event_reviewers_user_idx" ON "event_reviewers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "event_reviews_reviewer_idx" ON "event_reviews" USING btree ("reviewer_id");