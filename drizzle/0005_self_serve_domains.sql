ALTER TABLE "tenant_domain" ADD COLUMN "challenge" text;--> statement-breakpoint
ALTER TABLE "tenant_domain" ADD COLUMN "checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_domain" ADD COLUMN "lost_at" timestamp with time zone;