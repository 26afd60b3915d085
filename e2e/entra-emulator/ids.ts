import { createHash, randomBytes, randomUUID } from "node:crypto";

/**
 * A GUID computed from stable inputs. Generated directory objects (groups, service principals) must keep their ids
 * across restarts, or a broker that stored them would see a different directory after every `npm run emulator`.
 */
export function deterministicGuid(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function newGuid(): string {
  return randomUUID();
}

/** An unguessable opaque value (codes, refresh tokens, handles), base64url so it needs no escaping anywhere. */
export function opaqueValue(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}
