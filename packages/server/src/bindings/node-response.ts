import type { ServerResponse } from 'node:http';
import { TEXT_BODY, type TextResponse } from '../http/responses.js';

/**
 * Writes a Fetch `Response` to a Node response: status, headers (each `Set-Cookie` apart), then
 * the body, streamed with backpressure (waits for `drain`) and stopped when the client goes away.
 * `keepAlive: false` closes the connection after the answer (used when the request body was not
 * read to its end, e.g. after a 413).
 */
export async function writeFetchResponse(response: Response, res: ServerResponse, options: { keepAlive?: boolean } = {}): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') headers[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (options.keepAlive === false) headers.connection = 'close';
  const text = (response as TextResponse)[TEXT_BODY];
  if (text !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(response.status, headers);
    res.end(text);
    return;
  }
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const onClose = () => void reader.cancel().catch(() => undefined);
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const resume = () => {
            res.off('drain', resume);
            res.off('close', resume);
            resolve();
          };
          res.on('drain', resume);
          res.on('close', resume);
        });
      }
      if (res.destroyed) break;
    }
    res.end();
  } catch {
    // The body stream failed after the status line went out: cut the connection so the client
    // sees a truncated answer rather than a complete-looking one.
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}
