import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCallLogger, type OutboxEntry } from '@callboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileOutbox } from './create-file-outbox.js';

const entry = (id: string, callId = 'c1'): OutboxEntry => ({
  id,
  callId,
  operation: 'call.transcript',
  method: 'PATCH',
  path: `/api/calls/${callId}/transcript`,
  body: { text: id },
  enqueuedAt: 1,
});

describe('createFileOutbox', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'callboard-outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads nothing when the file does not exist yet', async () => {
    expect(await createFileOutbox(path.join(dir, 'outbox.json')).load()).toEqual([]);
  });

  it('loads back exactly what was saved last, leaving no temporary files', async () => {
    const file = path.join(dir, 'outbox.json');
    const outbox = createFileOutbox(file);
    await outbox.save([entry('a'), entry('b')]);
    await outbox.save([entry('b'), entry('c', 'c2')]);
    expect(await createFileOutbox(file).load()).toEqual([entry('b'), entry('c', 'c2')]);
    expect(await readdir(dir)).toEqual(['outbox.json']);
  });

  it('refuses a file that is not an outbox with BAD_PAYLOAD', async () => {
    const file = path.join(dir, 'outbox.json');
    await writeFile(file, '{"not":"a list"}');
    await expect(createFileOutbox(file).load()).rejects.toMatchObject({ code: 'BAD_PAYLOAD' });
    await writeFile(file, 'garbage');
    await expect(createFileOutbox(file).load()).rejects.toMatchObject({ code: 'BAD_PAYLOAD' });
  });

  it('carries queued requests over a bot restart, with their idempotency keys', async () => {
    const file = path.join(dir, 'outbox.json');
    const received: Array<{ path: string; key: string | undefined }> = [];
    let server: Server = listenAnswering(received);
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    server.close();
    await once(server, 'close');

    // The first run queues two requests while the server is down, then exits.
    const first = createCallLogger({ url: `http://127.0.0.1:${port}`, apiKey: 'k', outbox: createFileOutbox(file), retry: { minDelayMs: 5, maxDelayMs: 5 } });
    await first.logCallStart({ callId: 'c1', type: 'inbound', caller: '1', receiver: '2' });
    await first.updateCallTranscript('c1', 'hello');
    await expect(first.close({ timeoutMs: 50 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const saved = JSON.parse(await readFile(file, 'utf8')) as OutboxEntry[];
    expect(saved.map((e) => e.operation)).toEqual(['call.start', 'call.transcript']);

    // The second run finds them in the file and delivers them, in order, with the same keys.
    server = listenAnswering(received, port);
    await once(server, 'listening');
    const second = createCallLogger({ url: `http://127.0.0.1:${port}`, apiKey: 'k', outbox: createFileOutbox(file) });
    await second.close();
    server.close();
    expect(received).toEqual([
      { path: '/api/calls', key: saved[0]!.id },
      { path: '/api/calls/c1/transcript', key: saved[1]!.id },
    ]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual([]);
  });
});

function listenAnswering(received: Array<{ path: string; key: string | undefined }>, port = 0): Server {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({ path: req.url ?? '', key: req.headers['idempotency-key'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return server.listen(port, '127.0.0.1');
}
