CREATE TABLE "improvement_annotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL,
	"on_date" date NOT NULL,
	"text" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_astronomical_points" (
	"measure_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"note" text NOT NULL,
	"marked_by" uuid,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "improvement_astronomical_points_measure_id_period_start_pk" PRIMARY KEY("measure_id","period_start")
);
--> statement-breakpoint
CREATE TABLE "improvement_limit_phases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL,
	"from_period" date NOT NULL,
	"baseline_to" date,
	"reason" text NOT NULL,
	"cycle_id" uuid,
	"annotation_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "improvement_measure_values" (
	"measure_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"value" double precision NOT NULL,
	"denominator" double precision,
	"entered_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "improvement_measure_values_measure_id_period_start_pk" PRIMARY KEY("measure_id","period_start")
);
--> statement-breakpoint
CREATE TABLE "improvement_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"type" text NOT NULL,
	"period" text NOT NULL,
	"definition" text NOT NULL,
	"numerator_label" text,
	"denominator_label" text,
	"per_units" integer DEFAULT 1 NOT NULL,
	"goal" double precision,
	"count_chart" text DEFAULT 'c' NOT NULL,
	"rule_set" text DEFAULT 'perla' NOT NULL,
	"source" text DEFAULT 'entered' NOT NULL,
	"instrument_key" text,
	"domain_key" text,
	"baseline_from" date,
	"baseline_to" date,
	"baseline_frozen_by" uuid,
	"baseline_frozen_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "improvement_annotations" ADD CONSTRAINT "improvement_annotations_measure_id_improvement_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."improvement_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_astronomical_points" ADD CONSTRAINT "improvement_astronomical_points_measure_id_improvement_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."improvement_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_limit_phases" ADD CONSTRAINT "improvement_limit_phases_measure_id_improvement_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."improvement_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_limit_phases" ADD CONSTRAINT "improvement_limit_phases_cycle_id_improvement_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."improvement_cycles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_limit_phases" ADD CONSTRAINT "improvement_limit_phases_annotation_id_improvement_annotations_id_fk" FOREIGN KEY ("annotation_id") REFERENCES "public"."improvement_annotations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_measure_values" ADD CONSTRAINT "improvement_measure_values_measure_id_improvement_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."improvement_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_measures" ADD CONSTRAINT "improvement_measures_project_id_improvement_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."improvement_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "improvement_annotations_measure_idx" ON "improvement_annotations" USING btree ("measure_id","on_date");--> statement-breakpoint
CREATE INDEX "improvement_limit_phases_measure_idx" ON "improvement_limit_phases" USING btree ("measure_id","from_period");--> statement-breakpoint
CREATE INDEX "improvement_measures_project_idx" ON "improvement_measures" USING btree ("project_id","created_at");