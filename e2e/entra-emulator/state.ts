import type { Clock } from "./clock";
import type { Directory } from "./directory";
import type { GrantStore } from "./grant-store";
import type { GraphModes } from "./graph-mode";
import type { HostileModes } from "./hostile-modes";
import type { RequestLog } from "./request-log";
import type { SigningKeyRing } from "./signing-keys";

/** Everything one running emulator holds; every handler receives it, nothing is global. */
export type EmulatorState = {
  /** `https://localhost:<port>`: the authority host of every URL and issuer the emulator states. */
  origin: string;
  /**
   * Where a browser is sent: the authorize and sign-out URLs in discovery. `origin` itself, unless the emulator
   * also listens on plain http for browser pages (`browserHttp` in server.ts).
   */
  browserOrigin: string;
  directory: Directory;
  signingKeys: SigningKeyRing;
  grants: GrantStore;
  clock: Clock;
  requests: RequestLog;
  /** Clients answered with one thing wrong, for relying-party tests (hostile-modes.ts). */
  hostile: HostileModes;
  /** How Microsoft Graph answers: normally, throttled or down (graph-mode.ts). */
  graph: GraphModes;
};
