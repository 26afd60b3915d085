CREATE TABLE "entra_service_principal" (
	"tenant_id" text NOT NULL,
	"app_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"scopes" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "entra_service_principal_tenant_id_app_id_pk" PRIMARY KEY("tenant_id","app_id"),
	CONSTRAINT "entra_service_principal_lower_case" CHECK ("entra_service_principal"."app_id" = lower("entra_service_principal"."app_id"))
);
--> statement-breakpoint
CREATE TABLE "group_mapping" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"position" integer NOT NULL,
	"group_id" text NOT NULL,
	"role" "tenant_role" NOT NULL,
	"scopes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text
);
--> statement-breakpoint
ALTER TABLE "tenant_membership" ADD COLUMN "group_scopes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "entra_service_principal" ADD CONSTRAINT "entra_service_principal_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_mapping" ADD CONSTRAINT "group_mapping_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "entra_service_principal_id_key" ON "entra_service_principal" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_mapping_tenant_group_key" ON "group_mapping" USING btree ("tenant_id","group_id");--> statement-breakpoint
CREATE INDEX "group_mapping_tenant_position_idx" ON "group_mapping" USING btree ("tenant_id","position");