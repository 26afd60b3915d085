import { handleStaffAuthRequest } from "@/lib/web/staff-auth-route";

export const GET = handleStaffAuthRequest;
export const POST = handleStaffAuthRequest;
