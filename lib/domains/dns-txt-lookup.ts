import { Resolver } from "node:dns/promises";

/**
 * TXT records of a name, through the resolver the settings name (`DNS_RESOLVER`, `host:port`) or the system's.
 * The answer is one of three: the records; "none" (the name or its TXT records do not exist); or "unreachable"
 * (DNS did not answer, or answered with a failure) — which must never count as the record being gone.
 */
export type TxtLookup = (name: string) => Promise<{ kind: "records"; values: string[] } | { kind: "none" } | { kind: "unreachable" }>;

export function dnsTxtLookup(resolverAddress: string | undefined, options: { timeoutMs?: number } = {}): TxtLookup {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 3000, tries: 2 });
  if (resolverAddress) resolver.setServers([resolverAddress]);
  return async (name) => {
    try {
      // Each TXT record may be split in several strings (RFC 1035 §3.3.14); its value is their concatenation.
      return { kind: "records", values: (await resolver.resolveTxt(name)).map((strings) => strings.join("")) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return code === "ENOTFOUND" || code === "ENODATA" ? { kind: "none" } : { kind: "unreachable" };
    }
  };
}
