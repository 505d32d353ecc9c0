/** How the handler learns the public URL providers signed. */
export interface PublicUrlOptions {
  /**
   * The public base URL of the server (`CALLBOARD_PUBLIC_URL`, e.g. `https://calls.example.com`).
   * The request's path and query are appended to it. Wins over forwarded headers.
   */
  publicUrl?: string | undefined;
  /** Trust `X-Forwarded-Proto` / `X-Forwarded-Host` (only behind a proxy you run). */
  trustProxy?: boolean | undefined;
}

/**
 * The URL a provider called, for signature checks. Signatures cover the URL exactly as
 * configured at the provider, and a TLS-terminating proxy changes scheme and host, so this is
 * never guessed: it is `publicUrl` + the request's path and query when configured, the
 * forwarded scheme and host only when the proxy is trusted, and otherwise the URL the request
 * arrived with.
 */
export function resolvePublicUrl(request: Request, url: URL, options: PublicUrlOptions): string {
  const pathAndQuery = url.pathname + url.search;
  if (options.publicUrl) return options.publicUrl.replace(/\/+$/, '') + pathAndQuery;
  if (options.trustProxy) {
    const proto = firstValue(request.headers.get('x-forwarded-proto'));
    const host = firstValue(request.headers.get('x-forwarded-host'));
    if (proto !== undefined || host !== undefined) {
      const scheme = proto === 'https' || proto === 'http' ? proto : url.protocol.slice(0, -1);
      return `${scheme}://${host ?? url.host}${pathAndQuery}`;
    }
  }
  return url.href;
}

/** The client-facing (leftmost) value of a comma-separated forwarded header. */
function firstValue(header: string | null): string | undefined {
  if (header === null) return undefined;
  const value = header.split(',')[0]!.trim().toLowerCase();
  return value === '' ? undefined : value;
}
