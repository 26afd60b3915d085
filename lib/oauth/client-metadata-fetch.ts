/**
 * Client ID Metadata Documents: a client names itself by an https URL and Gatehouse fetches the document there.
 * oidc-provider's fetch already has the guards the contract asks for — https only (`client_id` must be an https URL
 * with a path), no redirects followed, a 2.5 s deadline, at most 5 KiB, `client_id` equal to the URL, cached by
 * Cache-Control, and a connection to a private, loopback or link-local address destroyed before anything is
 * sent. This module decides only the exception: OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA (never in production) drops
 * the address guard so a test or a local client can serve its document from 127.0.0.1.
 */
export type MetadataFetch = (url: string | URL, init: RequestInit & { dispatcher?: unknown }) => Promise<Response>;

export function clientMetadataFetch(options: { allowLoopback: boolean; fetch?: MetadataFetch }): MetadataFetch {
  const underlying: MetadataFetch = options.fetch ?? ((url, init) => fetch(url, init));
  return (url, init) => {
    if (!options.allowLoopback) return underlying(url, init);
    const unguarded = { ...init };
    delete unguarded.dispatcher;
    return underlying(url, unguarded);
  };
}
