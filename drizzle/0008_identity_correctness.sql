CREATE TYPE "public"."sso_unmatched_role" AS ENUM('refuse', 'member');--> statement-breakpoint
CREATE TABLE "tenant_removal" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"removed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_by" text,
	CONSTRAINT "tenant_removal_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "unverified_email" text;--> statement-breakpoint
ALTER TABLE "tenant_sso_config" ADD COLUMN "role_claim" text DEFAULT 'roles' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_sso_config" ADD COLUMN "unmatched_role" "sso_unmatched_role" DEFAULT 'refuse' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_sso_config" ADD COLUMN "display_name" text;--> statement-breakpoint
ALTER TABLE "tenant_removal" ADD CONSTRAINT "tenant_removal_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_removal" ADD CONSTRAINT "tenant_removal_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_removal_user_id_idx" ON "tenant_removal" USING btree ("user_id");