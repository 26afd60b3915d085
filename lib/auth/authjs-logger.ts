import type { NextAuthConfig } from "next-auth";

/**
 * Auth.js logs whole error objects, whose causes can carry provider responses. Gatehouse logs only the error's
 * type and message: enough to diagnose, never a token or a secret.
 */
export const authJsLogger: NonNullable<NextAuthConfig["logger"]> = {
  error(error) {
    const cause = (error as { cause?: { err?: Error } }).cause?.err;
    console.error(`[auth] ${error.name}: ${error.message}${cause ? ` (${cause.name}: ${cause.message})` : ""}`);
  },
  warn(code) {
    console.warn(`[auth] warning: ${code}`);
  },
  debug() {},
};
