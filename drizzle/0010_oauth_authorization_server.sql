CREATE TABLE "oauth_consent" (
	"user_id" text NOT NULL,
	"client_id" text NOT NULL,
	"tenant_id" text,
	"grant_id" text NOT NULL,
	"scopes" text NOT NULL,
	"resource" text NOT NULL,
	"client_name" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "oauth_consent_user_id_client_id_pk" PRIMARY KEY("user_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "oauth_model" (
	"model" text NOT NULL,
	"id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"grant_id" text,
	"user_code" text,
	"uid" text,
	"expires_at" timestamp with time zone,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "oauth_model_model_id_pk" PRIMARY KEY("model","id")
);
--> statement-breakpoint
CREATE TABLE "oauth_signing_key" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"sealed_private_jwk" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "oauth_consent_grant_id_idx" ON "oauth_consent" USING btree ("grant_id");--> statement-breakpoint
CREATE INDEX "oauth_model_grant_id_idx" ON "oauth_model" USING btree ("grant_id");--> statement-breakpoint
CREATE INDEX "oauth_model_uid_idx" ON "oauth_model" USING btree ("model","uid");--> statement-breakpoint
CREATE INDEX "oauth_model_user_code_idx" ON "oauth_model" USING btree ("model","user_code");--> statement-breakpoint
CREATE INDEX "oauth_model_expires_at_idx" ON "oauth_model" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "oauth_signing_key_created_at_idx" ON "oauth_signing_key" USING btree ("created_at");