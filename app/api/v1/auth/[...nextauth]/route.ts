import { handleTenantAuthRequest } from "@/lib/web/tenant-auth-route";

export const GET = handleTenantAuthRequest;
export const POST = handleTenantAuthRequest;
