CREATE TABLE "personal_api_key" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"lookup_id" text NOT NULL,
	"hash" text NOT NULL,
	"scopes" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "personal_api_key_expiry_after_creation" CHECK ("personal_api_key"."expires_at" > "personal_api_key"."created_at")
);
--> statement-breakpoint
ALTER TABLE "personal_api_key" ADD CONSTRAINT "personal_api_key_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_api_key" ADD CONSTRAINT "personal_api_key_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "personal_api_key_lookup_id_key" ON "personal_api_key" USING btree ("lookup_id");--> statement-breakpoint
CREATE INDEX "personal_api_key_user_id_idx" ON "personal_api_key" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "personal_api_key_tenant_id_idx" ON "personal_api_key" USING btree ("tenant_id");