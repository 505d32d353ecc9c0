import type { IncomingMessage } from 'node:http';
import { CallboardError } from '@callboard/core';
import { headersOf } from './headers-of.js';

function tooLarge(limitBytes: number): CallboardError {
  return new CallboardError({ code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${limitBytes} bytes` });
}

const decoder = new TextDecoder();

/**
 * A `Request` over a Node `IncomingMessage`, built lazily: a real `Request` (with a streaming,
 * capped body and the abort signal) is made only when something other than `method`, `url`,
 * `headers` or the body readers is used. Building one up front costs more than the rest of a
 * webhook; this keeps the common path to plain reads of the socket. `instanceof Request` holds.
 */
export class NodeRequest {
  readonly method: string;
  readonly url: string;
  #req: IncomingMessage;
  #limitBytes: number;
  #signal: () => AbortSignal;
  #headers: Headers | undefined;
  #real: Request | undefined;
  #stream: { release(): void } | undefined;
  #read = false;

  constructor(req: IncomingMessage, url: string, limitBytes: number, signal: () => AbortSignal) {
    this.#req = req;
    this.url = url;
    this.method = req.method ?? 'GET';
    this.#limitBytes = limitBytes;
    this.#signal = signal;
  }

  get headers(): Headers {
    return (this.#headers ??= headersOf(this.#req));
  }

  /** Whether the request has a body at all (HTTP/1.1: a non-zero Content-Length, or chunked). */
  #hasBody(): boolean {
    if (this.method === 'GET' || this.method === 'HEAD') return false;
    const length = this.#req.headers['content-length'];
    return length === undefined ? this.#req.headers['transfer-encoding'] !== undefined : length !== '0';
  }

  #materialize(): Request {
    if (this.#real) return this.#real;
    const init: RequestInit & { duplex?: 'half' } = { method: this.method, headers: this.headers, signal: this.#signal() };
    if (this.#hasBody() && !this.#read) {
      const body = nodeBodyStream(this.#req, this.#limitBytes);
      this.#stream = body;
      init.body = body.stream;
      init.duplex = 'half';
    }
    this.#real = new Request(this.url, init);
    return this.#real;
  }

  /** Stops feeding the body stream (called once the answer is out). */
  release(): void {
    this.#stream?.release();
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (!this.#hasBody()) return null;
    return this.#materialize().body;
  }

  get bodyUsed(): boolean {
    return this.#real ? this.#real.bodyUsed : this.#read;
  }

  get signal(): AbortSignal {
    return this.#materialize().signal;
  }

  /** The body's bytes, straight from the socket (capped), unless a stream was already made. */
  async #bytes(): Promise<Uint8Array> {
    if (this.#real) return new Uint8Array(await this.#real.arrayBuffer());
    if (this.#read) throw new TypeError('Body has already been used');
    this.#read = true;
    if (!this.#hasBody()) return new Uint8Array(0);
    const req = this.#req;
    const limitBytes = this.#limitBytes;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let total = 0;
      const cleanup = () => {
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('error', onError);
      };
      const onData = (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total > limitBytes) {
          cleanup();
          req.pause();
          reject(tooLarge(limitBytes));
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = () => {
        cleanup();
        resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      req.on('data', onData);
      req.once('end', onEnd);
      req.once('error', onError);
    });
  }

  async text(): Promise<string> {
    return decoder.decode(await this.#bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  blob(): Promise<Blob> {
    return this.#materialize().blob();
  }

  formData(): Promise<FormData> {
    return this.#materialize().formData();
  }

  clone(): Request {
    return this.#materialize().clone();
  }

  get cache(): RequestCache {
    return this.#materialize().cache;
  }
  get credentials(): RequestCredentials {
    return this.#materialize().credentials;
  }
  get destination(): RequestDestination {
    return this.#materialize().destination;
  }
  get integrity(): string {
    return this.#materialize().integrity;
  }
  get keepalive(): boolean {
    return this.#materialize().keepalive;
  }
  get mode(): RequestMode {
    return this.#materialize().mode;
  }
  get redirect(): RequestRedirect {
    return this.#materialize().redirect;
  }
  get referrer(): string {
    return this.#materialize().referrer;
  }
  get referrerPolicy(): ReferrerPolicy {
    return this.#materialize().referrerPolicy;
  }
  get duplex(): string {
    return 'half';
  }
}
Object.setPrototypeOf(NodeRequest.prototype, Request.prototype);

/**
 * The body as a stream, and `release` to call once the answer is out: it stops feeding the
 * stream, so whatever Node drains from the socket afterwards is not kept in memory for a reader
 * that will never come. The socket is paused while the stream is full.
 */
function nodeBodyStream(req: IncomingMessage, limitBytes: number): { stream: ReadableStream<Uint8Array>; release: () => void } {
  let received = 0;
  let done = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (done) return;
          received += chunk.byteLength;
          if (received > limitBytes) {
            done = true;
            req.pause();
            controller.error(tooLarge(limitBytes));
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) req.pause();
        });
        req.once('end', () => {
          if (done) return;
          done = true;
          controller.close();
        });
        req.once('error', (error) => {
          if (done) return;
          done = true;
          controller.error(error);
        });
      },
      pull() {
        if (!done) req.resume();
      },
      cancel() {
        done = true;
        req.pause();
      },
    },
    { highWaterMark: 4 },
  );
  return {
    stream,
    release() {
      done = true;
    },
  };
}
