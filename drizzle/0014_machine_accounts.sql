CREATE TYPE "public"."machine_status" AS ENUM('active', 'disabled');--> statement-breakpoint
CREATE TABLE "machine_secret" (
	"id" text PRIMARY KEY NOT NULL,
	"machine_id" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "machine_secret_hash_not_empty" CHECK (length("machine_secret"."hash") > 0)
);
--> statement-breakpoint
CREATE TABLE "machine" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"client_id" text NOT NULL,
	"scopes" text NOT NULL,
	"status" "machine_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text,
	"last_used_at" timestamp with time zone,
	"credentials_revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "machine_secret" ADD CONSTRAINT "machine_secret_machine_id_machine_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machine"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine" ADD CONSTRAINT "machine_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "machine_secret_machine_id_idx" ON "machine_secret" USING btree ("machine_id");--> statement-breakpoint
CREATE UNIQUE INDEX "machine_client_id_key" ON "machine" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "machine_tenant_id_idx" ON "machine" USING btree ("tenant_id");