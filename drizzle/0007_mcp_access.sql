CREATE TABLE "mcp_access_config" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"entra_tenant_id" text NOT NULL,
	"audience" text NOT NULL,
	"required_scope" text DEFAULT 'mcp.access' NOT NULL,
	"accept_v1_tokens" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "mcp_access_config_lower_case" CHECK ("mcp_access_config"."entra_tenant_id" = lower("mcp_access_config"."entra_tenant_id") and "mcp_access_config"."audience" = lower("mcp_access_config"."audience"))
);
--> statement-breakpoint
CREATE TABLE "mcp_provisioned_user" (
	"tenant_id" text NOT NULL,
	"oid" text NOT NULL,
	"email" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "mcp_provisioned_user_tenant_id_oid_pk" PRIMARY KEY("tenant_id","oid"),
	CONSTRAINT "mcp_provisioned_user_lower_case" CHECK ("mcp_provisioned_user"."oid" = lower("mcp_provisioned_user"."oid") and "mcp_provisioned_user"."email" = lower("mcp_provisioned_user"."email"))
);
--> statement-breakpoint
ALTER TABLE "mcp_access_config" ADD CONSTRAINT "mcp_access_config_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mcp_provisioned_user" ADD CONSTRAINT "mcp_provisioned_user_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mcp_provisioned_user" ADD CONSTRAINT "mcp_provisioned_user_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mcp_access_config_directory_audience_key" ON "mcp_access_config" USING btree ("entra_tenant_id","audience");--> statement-breakpoint
CREATE INDEX "mcp_provisioned_user_email_idx" ON "mcp_provisioned_user" USING btree ("tenant_id","email");--> statement-breakpoint
CREATE INDEX "mcp_provisioned_user_user_id_idx" ON "mcp_provisioned_user" USING btree ("user_id");