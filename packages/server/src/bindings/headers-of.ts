import type { IncomingMessage } from 'node:http';

/** The request's headers as a Fetch `Headers` (HTTP/2 pseudo-headers left out). */
export function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // HTTP/2 pseudo-headers are not headers.
    if (name.charCodeAt(0) !== 58) headers.append(name, raw[i + 1]!);
  }
  return headers;
}
