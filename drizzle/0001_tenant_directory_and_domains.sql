CREATE TABLE "tenant_domain" (
	"domain" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_domain_lower_case" CHECK ("tenant_domain"."domain" = lower("tenant_domain"."domain"))
);
--> statement-breakpoint
ALTER TABLE "tenant" ADD COLUMN "microsoft_tenant_id" text;--> statement-breakpoint
ALTER TABLE "tenant_domain" ADD CONSTRAINT "tenant_domain_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_domain_tenant_id_idx" ON "tenant_domain" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_microsoft_tenant_id_key" ON "tenant" USING btree ("microsoft_tenant_id");