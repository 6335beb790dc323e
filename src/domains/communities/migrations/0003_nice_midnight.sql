ALTER TABLE "community_notifications" ALTER COLUMN "summary" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "community_notifications" ADD COLUMN "params" jsonb DEFAULT '{}'::jsonb NOT NULL;