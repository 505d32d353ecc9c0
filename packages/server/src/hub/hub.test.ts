import { describe, expect, it } from 'vitest';
import { CallboardError, type CallEvent } from '@callboard/core';
import { createSimulatedProvider } from '@callboard/core/simulated';
import { createFakeClock } from '@callboard/core/testing';
import type { BusMessage } from '../bus/bus.js';
import { createMemoryStore } from '../store/index.js';
import { createHub } from './hub.js';

function ringing(key: string): CallEvent {
  const at = '2026-11-20T10:00:00.000Z';
  return { v: 1, type: 'call.status', key, provider: 'twilio', providerCallId: 'CA1', occurredAt: at, receivedAt: at, status: 'ringing', direction: 'inbound', from: '+1555', to: '+1666' };
}

describe('createHub', () => {
  it('stores and publishes a new event once, and a duplicate not at all', async () => {
    const hub = createHub({ store: createMemoryStore() });
    const published: BusMessage[] = [];
    hub.bus.subscribe((message) => published.push(message));
    const first = await hub.ingest([ringing('twilio:CA1:0:ringing')]);
    const again = await hub.ingest([ringing('twilio:CA1:0:ringing')]);
    expect(first[0]?.status).toBe('stored');
    expect(again[0]?.status).toBe('duplicate');
    expect(published).toHaveLength(1);
    expect(published[0]!.call?.status).toBe('ringing');
    await hub.close();
  });

  it('places a call through the default provider, stamping its events with the new call id', async () => {
    const clock = createFakeClock(Date.parse('2026-11-20T10:00:00Z'));
    const simulated = createSimulatedProvider({ clock });
    const hub = createHub({ store: createMemoryStore(), providers: { simulated }, clock, generateCallId: () => 'call_fixed' });
    const detach = hub.start();
    const placed = await hub.initiate({ to: '+15550001111' });
    expect(placed.callId).toBe('call_fixed');
    expect(placed.call).toMatchObject({ id: 'call_fixed', status: 'queued', provider: 'simulated', to: '+15550001111' });
    // The provider's later events reach the same call through the attached sink.
    clock.advance(10 * 60_000);
    await expect.poll(async () => (await hub.store.getCall('call_fixed'))?.status).not.toBe('queued');
    expect((await hub.store.callEvents('call_fixed')).length).toBeGreaterThan(1);
    detach();
    await hub.close();
  });

  it('refuses to place a call through a provider that is not configured', async () => {
    const hub = createHub({ store: createMemoryStore() });
    const error = await hub.initiate({ to: '+1555', provider: 'nope' }).catch((e: unknown) => e);
    expect(CallboardError.isInstance(error) && error.code).toBe('INVALID_ARGUMENT');
    await hub.close();
  });

  it('answers NOT_FOUND for terminating or deleting an unknown call', async () => {
    const hub = createHub({ store: createMemoryStore() });
    for (const action of [() => hub.terminate('missing'), () => hub.delete('missing')]) {
      const error = await action().catch((e: unknown) => e);
      expect(CallboardError.isInstance(error) && error.code).toBe('NOT_FOUND');
    }
    await hub.close();
  });

  it('deletes a call and publishes its call.deleted event', async () => {
    const hub = createHub({ store: createMemoryStore() });
    await hub.ingest([ringing('twilio:CA1:0:ringing')]);
    const published: BusMessage[] = [];
    hub.bus.subscribe((message) => published.push(message));
    const stored = await hub.delete('CA1');
    expect(stored.event.type).toBe('call.deleted');
    expect(published.map((m) => m.stored.event.type)).toEqual(['call.deleted']);
    expect(await hub.store.getCall('CA1')).toBeUndefined();
    await hub.close();
  });
});
