/**
 * Counts what clients asked of the emulator, by kind of endpoint, so benchmarks and tests can assert how many
 * outbound calls the broker made (for example: one discovery and one key-set fetch for a hundred sign-ins).
 */
export const REQUEST_KINDS = ["discovery", "keys", "authorize", "login", "token", "userinfo", "logout", "graph", "other"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export type LoggedRequest = {
  kind: RequestKind;
  method: string;
  /** The path only: queries and bodies can carry codes and secrets. */
  path: string;
  status: number;
  at: string;
  grantType?: string;
};

export type RequestCounts = Record<RequestKind, number>;

const KEEP = 1000;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private totals = RequestLog.zero();
  /** Per kind and path, never trimmed like `entries`: "was this key set fetched again?" stays answerable. */
  private perPath = new Map<RequestKind, Map<string, number>>();

  record(entry: LoggedRequest): void {
    this.totals[entry.kind] += 1;
    const paths = this.perPath.get(entry.kind) ?? new Map<string, number>();
    paths.set(entry.path, (paths.get(entry.path) ?? 0) + 1);
    this.perPath.set(entry.kind, paths);
    this.entries.push(entry);
    if (this.entries.length > KEEP) this.entries.splice(0, this.entries.length - KEEP);
  }

  counts(): RequestCounts {
    return { ...this.totals };
  }

  /** How many requests of this kind each path received, e.g. key-set fetches per JWKS URL. */
  countsByPath(kind: RequestKind): Record<string, number> {
    return Object.fromEntries(this.perPath.get(kind) ?? []);
  }

  recent(limit = 100): LoggedRequest[] {
    return limit > 0 ? this.entries.slice(-limit) : [];
  }

  reset(): void {
    this.entries = [];
    this.totals = RequestLog.zero();
    this.perPath = new Map();
  }

  private static zero(): RequestCounts {
    return Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0])) as RequestCounts;
  }
}
