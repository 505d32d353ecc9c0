import type { Call } from '@callboard/core';
import { describe, expect, it } from 'vitest';
import { keepsOneFastShape } from '../../__tests__/v8-shape.js';
import { botEventKeys } from './bot-event-keys.js';
import { botLiveEvents, botStartEvents, botTranscriptEvents, botUpdateEvents } from './build-bot-events.js';

function target(n: number) {
  return { providerCallId: `bot-${n}`, callId: `call_${n}`, receivedAt: '2026-11-21T10:00:00.000Z', keys: botEventKeys(undefined) };
}

const call = {} as Call;

describe('bot event builders', () => {
  it('build the events a request describes', () => {
    const [start] = botStartEvents(target(1), {
      direction: 'inbound',
      caller: '+15550001111',
      receiver: '+15550002222',
      status: 'completed',
      rawStatus: 'success',
      metadata: { tenant: 't1' },
    });
    expect(start).toMatchObject({ type: 'call.status', status: 'completed', from: '+15550001111', to: '+15550002222', hangupCauseRaw: 'success', metadata: { tenant: 't1' } });

    const update = botUpdateEvents(target(1), call, { status: 'completed', endTime: '2026-11-21T10:05:00.000Z', duration: 300, transcript: 'Bot: hi' });
    expect(update.map((event) => event.type)).toEqual(['call.status', 'call.transcript']);
    expect(update[0]).toMatchObject({ durationSec: 300, occurredAt: '2026-11-21T10:05:00.000Z' });
    expect(botUpdateEvents(target(1), call, { endTime: '2026-11-21T10:05:00.000Z' })).toMatchObject([{ type: 'call.updated', endedAt: '2026-11-21T10:05:00.000Z' }]);
  });

  it('leave out the fields a request did not give', () => {
    const [event] = botStartEvents(target(1), { direction: 'outbound' });
    expect(Object.keys(event!).sort()).toEqual(['callId', 'direction', 'key', 'occurredAt', 'provider', 'providerCallId', 'receivedAt', 'status', 'type', 'v']);
    expect(event).toMatchObject({ status: 'in-progress' });
  });

  // Requests with the same fields make events of one shape. A spread adding properties made new
  // maps per request once warm, in the old generation: garbage only a full collection frees.
  it.each([
    ['start', (n: number) => botStartEvents(target(n), { direction: 'inbound', caller: '+1555', receiver: '+1666', status: 'completed', rawStatus: 'success', metadata: { n } })[0]!],
    ['status update', (n: number) => botUpdateEvents(target(n), call, { status: 'failed', endTime: '2026-11-21T10:05:00.000Z', duration: n, satisfaction: 4 })[0]!],
    ['end time', (n: number) => botUpdateEvents(target(n), call, { endTime: '2026-11-21T10:05:00.000Z', duration: n })[0]!],
    ['transcript', (n: number) => botTranscriptEvents(target(n), [{ text: `line ${n}` }])[0]!],
    ['live', (n: number) => botLiveEvents(target(n), 'sentiment', { score: n })[0]!],
  ])('make %s events of one fast shape', (_name, make) => {
    expect(keepsOneFastShape(make)).toBe(true);
  });
});
