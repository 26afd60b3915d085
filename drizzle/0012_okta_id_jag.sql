CREATE TABLE "id_jag_redemption" (
	"issuer" text NOT NULL,
	"jti" text NOT NULL,
	"client_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "id_jag_redemption_issuer_jti_pk" PRIMARY KEY("issuer","jti")
);
--> statement-breakpoint
CREATE TABLE "okta_org" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"issuer" text NOT NULL,
	"scope" text,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "oauth_client_registration" (
	"client_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"secret_rotated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "okta_org" ADD CONSTRAINT "okta_org_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "id_jag_redemption_expires_at_idx" ON "id_jag_redemption" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "okta_org_issuer_key" ON "okta_org" USING btree ("issuer");--> statement-breakpoint
CREATE INDEX "oauth_client_registration_created_at_idx" ON "oauth_client_registration" USING btree ("created_at");