import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCallLogger } from '@callboard/core';
import { createCallboardHandler, createHub, createMemoryStore, type Hub } from '@callboard/server';
import { createNodeListener } from '@callboard/server/node';
import { runBot } from './run-bot.js';

let hub: Hub;
let server: ReturnType<typeof createServer>;
let url = '';

beforeEach(async () => {
  hub = createHub({ store: createMemoryStore() });
  server = createServer(createNodeListener(createCallboardHandler({ hub })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await hub.close();
});

it('logs every conversation as a finished call with its transcript, outcome and satisfaction', async () => {
  const logger = createCallLogger({ url });
  const ids = await runBot({ logger, calls: 4, callId: (i) => `example-bot-${i}` });
  await logger.close();

  for (const [index, id] of ids.entries()) {
    const call = await hub.store.getCall(id);
    expect(call, id).toBeDefined();
    expect(call!.provider).toBe('bot');
    expect(call!.transcript.length).toBeGreaterThanOrEqual(4);
    expect(call!.transcript.every((segment) => segment.isFinal)).toBe(true);
    expect(call!.metadata.satisfaction).toBeTypeOf('number');
    expect(call!.durationSec).toBeGreaterThanOrEqual(1);
    // The third scripted conversation ends failed, the others succeed.
    expect(call!.status).toBe(index % 3 === 2 ? 'failed' : 'completed');
  }
  const first = await hub.store.getCall('example-bot-0');
  const live = (await hub.store.callEvents(first!.id)).filter((stored) => stored.event.type === 'call.live');
  expect(live).toHaveLength(1);
});
