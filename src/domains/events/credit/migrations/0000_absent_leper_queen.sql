CREATE TABLE "event_certificate_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"issued_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"event_id" uuid,
	"registration_id" uuid,
	"user_id" uuid,
	"credit_type_id" uuid,
	"status" text DEFAULT 'valid' NOT NULL,
	"replaces_id" uuid,
	"attendee_name" text NOT NULL,
	"licence_number" text,
	"activity_title" text NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"format" text NOT NULL,
	"location" text,
	"credit_label" text NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	"provider_name" text NOT NULL,
	"approval_statement" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"retain_until" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_credit_claims" (
	"registration_id" uuid PRIMARY KEY NOT NULL,
	"credit_type_id" uuid NOT NULL,
	"chosen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_evaluation_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"session_id" uuid,
	"submitted_on" date DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_evaluation_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"session_id" uuid,
	"overall" integer NOT NULL,
	"presenter" integer,
	"relevance" integer NOT NULL,
	"objectives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"comment" text,
	CONSTRAINT "event_evaluation_responses_ratings_check" CHECK (overall between 1 and 5 and relevance between 1 and 5 and (presenter is null or presenter between 1 and 5))
);
--> statement-breakpoint
ALTER TABLE "event_certificate_runs" ADD CONSTRAINT "event_certificate_runs_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_certificate_runs" ADD CONSTRAINT "event_certificate_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_certificates" ADD CONSTRAINT "event_certificates_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_certificates" ADD CONSTRAINT "event_certificates_registration_id_event_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."event_registrations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_certificates" ADD CONSTRAINT "event_certificates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_certificates" ADD CONSTRAINT "event_certificates_credit_type_id_event_credit_types_id_fk" FOREIGN KEY ("credit_type_id") REFERENCES "public"."event_credit_types"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_certificates" ADD CONSTRAINT "event_certificates_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_credit_claims" ADD CONSTRAINT "event_credit_claims_registration_id_event_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."event_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_credit_claims" ADD CONSTRAINT "event_credit_claims_credit_type_id_event_credit_types_id_fk" FOREIGN KEY ("credit_type_id") REFERENCES "public"."event_credit_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_evaluation_receipts" ADD CONSTRAINT "event_evaluation_receipts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_evaluation_receipts" ADD CONSTRAINT "event_evaluation_receipts_registration_id_event_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."event_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_evaluation_receipts" ADD CONSTRAINT "event_evaluation_receipts_session_id_event_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."event_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_evaluation_responses" ADD CONSTRAINT "event_evaluation_responses_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_evaluation_responses" ADD CONSTRAINT "event_evaluation_responses_session_id_event_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."event_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_certificate_runs_event_idx" ON "event_certificate_runs" USING btree ("event_id","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "event_certificates_code_idx" ON "event_certificates" USING btree ("code");--> statement-breakpoint
CREATE INDEX "event_certificates_event_idx" ON "event_certificates" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "event_certificates_user_idx" ON "event_certificates" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "event_certificates_registration_idx" ON "event_certificates" USING btree ("registration_id","credit_type_id");--> statement-breakpoint
CREATE INDEX "event_certificates_retention_idx" ON "event_certificates" USING btree ("retain_until");--> statement-breakpoint
CREATE UNIQUE INDEX "event_certificates_one_valid_idx" ON "event_certificates" USING btree ("registration_id","credit_type_id") WHERE status = 'valid';--> statement-breakpoint
CREATE UNIQUE INDEX "event_evaluation_receipts_session_idx" ON "event_evaluation_receipts" USING btree ("registration_id","session_id") WHERE session_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "event_evaluation_receipts_event_once_idx" ON "event_evaluation_receipts" USING btree ("registration_id") WHERE session_id is null;--> statement-breakpoint
CREATE INDEX "event_evaluation_receipts_event_idx" ON "event_evaluation_receipts" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_evaluation_responses_session_idx" ON "event_evaluation_responses" USING btree ("event_id","session_id");