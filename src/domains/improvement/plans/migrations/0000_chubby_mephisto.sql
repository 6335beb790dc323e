CREATE TABLE "improvement_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"domain_key" text,
	"instrument_id" uuid,
	"priority_indicator_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"source_response_id" uuid,
	"aim_what" text,
	"aim_how_much" text,
	"aim_by_when" date,
	"aim_for_whom" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_id" uuid,
	"due_on" date,
	"status" text DEFAULT 'notStarted' NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_driver_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_cycles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"change_idea_id" uuid NOT NULL,
	"previous_cycle_id" uuid,
	"title" text NOT NULL,
	"stage" text DEFAULT 'plan' NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"objective" text,
	"questions" text,
	"prediction" text,
	"plan_who" text,
	"plan_what" text,
	"plan_when" text,
	"plan_where" text,
	"data_to_collect" text,
	"what_happened" text,
	"problems" text,
	"observations" text,
	"results" text,
	"decision" text,
	"next_steps" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "improvement_goals" ADD CONSTRAINT "improvement_goals_project_id_improvement_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."improvement_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_projects" ADD CONSTRAINT "improvement_projects_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_projects" ADD CONSTRAINT "improvement_projects_source_response_id_responses_id_fk" FOREIGN KEY ("source_response_id") REFERENCES "public"."responses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_projects" ADD CONSTRAINT "improvement_projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_projects" ADD CONSTRAINT "improvement_projects_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_steps" ADD CONSTRAINT "improvement_steps_project_id_improvement_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."improvement_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_steps" ADD CONSTRAINT "improvement_steps_goal_id_improvement_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."improvement_goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_steps" ADD CONSTRAINT "improvement_steps_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_driver_nodes" ADD CONSTRAINT "improvement_driver_nodes_project_id_improvement_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."improvement_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_driver_nodes" ADD CONSTRAINT "improvement_driver_nodes_parent_id_improvement_driver_nodes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."improvement_driver_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_cycles" ADD CONSTRAINT "improvement_cycles_project_id_improvement_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."improvement_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_cycles" ADD CONSTRAINT "improvement_cycles_change_idea_id_improvement_driver_nodes_id_fk" FOREIGN KEY ("change_idea_id") REFERENCES "public"."improvement_driver_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_cycles" ADD CONSTRAINT "improvement_cycles_previous_cycle_id_improvement_cycles_id_fk" FOREIGN KEY ("previous_cycle_id") REFERENCES "public"."improvement_cycles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "improvement_goals_project_idx" ON "improvement_goals" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "improvement_projects_org_idx" ON "improvement_projects" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "improvement_steps_project_idx" ON "improvement_steps" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "improvement_steps_goal_idx" ON "improvement_steps" USING btree ("goal_id");--> statement-breakpoint
CREATE INDEX "improvement_driver_nodes_project_idx" ON "improvement_driver_nodes" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "improvement_driver_nodes_parent_idx" ON "improvement_driver_nodes" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "improvement_cycles_project_idx" ON "improvement_cycles" USING btree ("project_id","starts_on");--> statement-breakpoint
CREATE INDEX "improvement_cycles_idea_idx" ON "improvement_cycles" USING btree ("change_idea_id");--> statement-breakpoint
CREATE INDEX "improvement_cycles_previous_idx" ON "improvement_cycles" USING btree ("previous_cycle_id");