CREATE TABLE "announcement_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sender_organisation_id" uuid,
	"sender_community_id" uuid,
	"title_en" text NOT NULL,
	"title_es" text,
	"body_en" text NOT NULL,
	"body_es" text,
	"stakeholder_roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"state_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"community_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"community_only" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_by" uuid,
	"sent_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"recipient_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "announcement_opt_outs" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "announcement_recipients" (
	"announcement_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"state_code" text,
	"stakeholder_role" text NOT NULL,
	"emailed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "announcement_recipients_announcement_id_user_id_pk" PRIMARY KEY("announcement_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "announcement_items" ADD CONSTRAINT "announcement_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_items" ADD CONSTRAINT "announcement_items_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_opt_outs" ADD CONSTRAINT "announcement_opt_outs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_recipients" ADD CONSTRAINT "announcement_recipients_announcement_id_announcement_items_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."announcement_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_recipients" ADD CONSTRAINT "announcement_recipients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "announcement_items_sent_idx" ON "announcement_items" USING btree ("sent_at");--> statement-breakpoint
CREATE INDEX "announcement_items_sender_org_idx" ON "announcement_items" USING btree ("sender_organisation_id");--> statement-breakpoint
CREATE INDEX "announcement_items_sender_community_idx" ON "announcement_items" USING btree ("sender_community_id");--> statement-breakpoint
CREATE INDEX "announcement_recipients_user_idx" ON "announcement_recipients" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "announcement_recipients_emailed_idx" ON "announcement_recipients" USING btree ("emailed_at");