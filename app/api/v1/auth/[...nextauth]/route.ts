import { tenantAuthHandlers } from "@/lib/auth/tenant-auth";

export const { GET, POST } = tenantAuthHandlers;
