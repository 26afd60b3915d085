import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Client ID Metadata Documents: a client names itself by an https URL and Gatehouse fetches the document there.
 * oidc-provider's fetch already brings most of the guards the contract asks for: `client_id` must be an https URL
 * with a path, no redirect is followed, a 2.5 s deadline, at most 5 KiB, the document's `client_id` equal to the
 * URL, cached by Cache-Control, and (with Node's own fetch) a connection to a special-use address destroyed before
 * anything is sent. This module adds the address rule in Gatehouse's own words, before any connection: the host
 * must not resolve to a private, loopback, link-local or otherwise special-use address — unless
 * OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA (refused in production) lets a test or a local client serve its document
 * from 127.0.0.1, in which case the library's guard is dropped too.
 */
export type MetadataFetch = (url: string | URL, init: RequestInit & { dispatcher?: unknown }) => Promise<Response>;
export type HostResolver = (hostname: string) => Promise<string[]>;

export class ClientMetadataAddressRefused extends Error {
  readonly code = "client_metadata_address_refused";
}

const SPECIAL_USE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const)
  SPECIAL_USE.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const)
  SPECIAL_USE.addSubnet(network, prefix, "ipv6");

/** Private, loopback, link-local, documentation, multicast and other addresses no public document lives at. */
export function isSpecialUseAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return SPECIAL_USE.check(mapped[1]!, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return SPECIAL_USE.check(address, family === 4 ? "ipv4" : "ipv6");
}

const systemResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export function clientMetadataFetch(options: { allowLoopback: boolean; fetch?: MetadataFetch; resolve?: HostResolver }): MetadataFetch {
  const underlying: MetadataFetch = options.fetch ?? ((url, init) => fetch(url, init));
  const resolve = options.resolve ?? systemResolver;
  return async (url, init) => {
    if (options.allowLoopback) {
      const unguarded = { ...init };
      delete unguarded.dispatcher;
      return underlying(url, unguarded);
    }
    const hostname = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
    const addresses = isIP(hostname) ? [hostname] : await resolve(hostname);
    if (addresses.length === 0 || addresses.some(isSpecialUseAddress)) throw new ClientMetadataAddressRefused(`${hostname} resolves to an address Gatehouse does not fetch from`);
    return underlying(url, init);
  };
}
