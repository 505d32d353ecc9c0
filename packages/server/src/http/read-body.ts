import { httpError } from './http-error.js';

/**
 * Reads a request body as UTF-8 text, refusing more than `limitBytes`: a declared
 * `Content-Length` above the limit is refused before a byte is read, and a chunked body is
 * cancelled as soon as it passes the limit (`PAYLOAD_TOO_LARGE`).
 */
export async function readBody(request: Request, limitBytes: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    const length = Number(declared);
    if (!Number.isSafeInteger(length) || length < 0) throw httpError('BAD_REQUEST', 'Content-Length is not a number');
    if (length > limitBytes) throw tooLarge(limitBytes);
    // The length is known and allowed (the server reads exactly that many bytes): read it in one go.
    try {
      return await request.text();
    } catch (error) {
      if (isTooLarge(error)) throw tooLarge(limitBytes);
      throw httpError('BAD_REQUEST', 'The request body could not be read');
    }
  }
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limitBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limitBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (isTooLarge(error)) throw tooLarge(limitBytes);
    throw httpError('BAD_REQUEST', 'The request body could not be read');
  } finally {
    reader.releaseLock();
  }
  return decode(chunks, total);
}

const decoder = new TextDecoder();

function decode(chunks: Uint8Array[], total: number): string {
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(bytes);
}

function tooLarge(limitBytes: number) {
  return httpError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limitBytes} bytes`, { limitBytes });
}

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'PAYLOAD_TOO_LARGE';
}
