-- The MCP gateway keeps verified principals for up to 60 seconds (lib/mcp/principal-cache.ts). Every change that can
-- revoke or narrow one is announced on the channel `gatehouse_credentials` with the workspace's (tenant's) id, and
-- each instance drops that workspace's cached principals when it hears it. A notification is delivered when its
-- transaction commits; several for one workspace in one transaction are delivered once. Inserts are not announced:
-- a new row cannot revoke or narrow a principal already verified. Updates that change only `last_used_at` (written
-- by the gateway itself, at most once a minute), or nothing at all, are not announced either, or every use would
-- empty the cache.
CREATE FUNCTION "gatehouse_notify_credentials"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tenant_column text := TG_ARGV[0];
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - 'last_used_at') = (to_jsonb(NEW) - 'last_used_at') THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('gatehouse_credentials', to_jsonb(OLD) ->> tenant_column);
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) ->> tenant_column) IS DISTINCT FROM (to_jsonb(OLD) ->> tenant_column) THEN
    PERFORM pg_notify('gatehouse_credentials', to_jsonb(NEW) ->> tenant_column);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A machine's secret names its machine, not its workspace. When the machine itself is being deleted its row is gone
-- already, and the machine's own trigger has announced the workspace.
CREATE FUNCTION "gatehouse_notify_machine_secret"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gatehouse_credentials', m."tenant_id") FROM "machine" m WHERE m."id" = OLD."machine_id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A person's address reaches the upstream through an API key's principal: a change is announced to every workspace
-- they belong to. Deleting a person cascades to their memberships, whose own trigger announces each workspace.
CREATE FUNCTION "gatehouse_notify_user_email"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gatehouse_credentials', tm."tenant_id") FROM "tenant_membership" tm WHERE tm."user_id" = OLD."id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "tenant_credentials_changed" AFTER UPDATE OR DELETE ON "tenant"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_notify_credentials"('id');
--> statement-breakpoint
CREATE TRIGGER "tenant_membership_credentials_changed" AFTER UPDATE OR DELETE ON "tenant_membership"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_notify_credentials"('tenant_id');
--> statement-breakpoint
CREATE TRIGGER "mcp_access_config_credentials_changed" AFTER UPDATE OR DELETE ON "mcp_access_config"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_notify_credentials"('tenant_id');
--> statement-breakpoint
CREATE TRIGGER "mcp_provisioned_user_credentials_changed" AFTER UPDATE OR DELETE ON "mcp_provisioned_user"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_notify_credentials"('tenant_id');
--> statement-breakpoint
CREATE TRIGGER "personal_api_key_credentials_changed" AFTER UPDATE OR DELETE ON "personal_api_key"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_notify_credentials"('tenant_id');
--> statement-breakpoint
CREATE TRIGGER "entra_service_principal_credentials_changed" AFTER UPDATE OR DELETE ON "entra_service_principal"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_notify_credentials"('tenant_id');
--> statement-breakpoint
CREATE TRIGGER "machine_credentials_changed" AFTER UPDATE OR DELETE ON "machine"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_notify_credentials"('tenant_id');
--> statement-breakpoint
CREATE TRIGGER "machine_secret_credentials_changed" AFTER UPDATE OR DELETE ON "machine_secret"
  FOR EACH ROW EXECUTE FUNCTION "gatehouse_notify_machine_secret"();
--> statement-breakpoint
CREATE TRIGGER "user_email_changed" AFTER UPDATE OF "email" ON "user"
  FOR EACH ROW WHEN (OLD."email" IS DISTINCT FROM NEW."email")
  EXECUTE FUNCTION "gatehouse_notify_user_email"();
