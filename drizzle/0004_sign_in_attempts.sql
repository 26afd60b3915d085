CREATE TABLE "sign_in_attempt" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sign_in_attempt_expires_at_idx" ON "sign_in_attempt" USING btree ("expires_at");