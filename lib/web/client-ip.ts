import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "@/lib/server/client-ip-header";

/** The client's address as the Gatehouse server saw it (see CLIENT_IP_HEADER). */
export async function getClientIp(): Promise<string> {
  return (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
}
