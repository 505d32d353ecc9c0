import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the test server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
}

/** What a scripted answer looks like; return undefined to let the server apply the request. */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A loopback stand-in for the Callboard bot-ingest API: it records every request, applies each
 * Idempotency-Key once (a replay is answered 200 and not applied again), answers 404 for a
 * call it has not seen started, and can be scripted to fail, or taken down and brought back
 * on the same port.
 */
export interface IngestTestServer {
  readonly url: string;
  readonly received: RecordedRequest[];
  /** Per call, the operations applied, in order: `start`, `transcript:<text>`, `end:<status>`, `event:<name>`. */
  readonly applied: Map<string, string[]>;
  /** How many times each key was applied (must be 1). */
  readonly applications: Map<string, number>;
  /** Answers before applying; the default applies everything. */
  script: (request: RecordedRequest) => ScriptedAnswer | undefined;
  /** Resolves once `count` requests have been received in all. */
  receivedCount(count: number): Promise<void>;
  /** Stops listening and drops every open connection (in-flight requests get no answer). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startIngestTestServer(): Promise<IngestTestServer> {
  const received: RecordedRequest[] = [];
  const applied = new Map<string, string[]>();
  const applications = new Map<string, number>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let listening = false;

  const server: Server = createServer(async (req, res) => {
    let request: RecordedRequest;
    try {
      request = await record(req);
    } catch {
      return; // the connection was dropped by down() mid-request
    }
    received.push(request);
    for (const waiter of waiters.filter((w) => received.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const answer = api.script(request) ?? apply(request);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '{}' : JSON.stringify(answer.body));
  });

  function apply(request: RecordedRequest): ScriptedAnswer {
    const key = request.idempotencyKey;
    if (key === undefined) return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'no Idempotency-Key' } } };
    if (applications.has(key)) return { status: 200, body: { replayed: true } };
    const [, , , encodedId, tail] = request.path.split('/');
    const callId = request.method === 'POST' && request.path === '/api/calls' ? String(request.body.callId) : decodeURIComponent(encodedId ?? '');
    const label =
      request.path === '/api/calls' ? 'start'
      : tail === 'transcript' ? `transcript:${String(request.body.text ?? JSON.stringify(request.body.segments))}`
      : tail === 'events' ? `event:${String(request.body.name)}`
      : `end:${String(request.body.status)}`;
    if (label !== 'start' && !applied.has(callId)) {
      return { status: 404, body: { error: { code: 'NOT_FOUND', message: `no call ${callId}` } } };
    }
    applications.set(key, (applications.get(key) ?? 0) + 1);
    applied.set(callId, [...(applied.get(callId) ?? []), label]);
    return { status: label === 'start' ? 201 : 200, body: { ok: true } };
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  listening = true;
  const port = (server.address() as AddressInfo).port;

  const api: IngestTestServer = {
    url: `http://127.0.0.1:${port}`,
    received,
    applied,
    applications,
    script: () => undefined,
    receivedCount(count) {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async down() {
      if (!listening) return;
      listening = false;
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
    async up() {
      if (listening) return;
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
      listening = true;
    },
    async close() {
      await api.down();
    },
  };
  return api;
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return {
    method: req.method ?? '',
    path: req.url ?? '',
    authorization: req.headers.authorization,
    contentType: req.headers['content-type'],
    idempotencyKey: req.headers['idempotency-key'] as string | undefined,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}
