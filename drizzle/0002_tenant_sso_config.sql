CREATE TYPE "public"."sso_kind" AS ENUM('entra', 'oidc');--> statement-breakpoint
CREATE TABLE "tenant_sso_config" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"kind" "sso_kind" DEFAULT 'entra' NOT NULL,
	"entra_tenant_id" text,
	"issuer_url" text,
	"client_id" text,
	"client_secret_encrypted" text,
	"client_secret_expires_at" timestamp with time zone,
	"admin_role_value" text DEFAULT 'Gatehouse.Admin' NOT NULL,
	"member_role_value" text DEFAULT 'Gatehouse.Member' NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "tenant_sso_config_enabled_complete" CHECK (not "tenant_sso_config"."enabled" or ("tenant_sso_config"."client_id" is not null and "tenant_sso_config"."client_secret_encrypted" is not null))
);
--> statement-breakpoint
ALTER TABLE "tenant_sso_config" ADD CONSTRAINT "tenant_sso_config_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;