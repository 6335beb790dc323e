CREATE TABLE "research_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"applicant_id" uuid NOT NULL,
	"project_title" text NOT NULL,
	"institution" text NOT NULL,
	"purpose" text NOT NULL,
	"irb_number" text NOT NULL,
	"irb_file_id" uuid,
	"irb_file_name" text NOT NULL,
	"instrument_keys" text[] NOT NULL,
	"school_years" text[] NOT NULL,
	"data_use_accepted" boolean NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"expires_on" date,
	"decline_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "research_applications" ADD CONSTRAINT "research_applications_applicant_id_users_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_applications" ADD CONSTRAINT "research_applications_irb_file_id_stored_files_id_fk" FOREIGN KEY ("irb_file_id") REFERENCES "public"."stored_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research_applications" ADD CONSTRAINT "research_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "research_applications_applicant_idx" ON "research_applications" USING btree ("applicant_id","created_at");--> statement-breakpoint
CREATE INDEX "research_applications_pending_idx" ON "research_applications" USING btree ("created_at") WHERE status = 'pending';