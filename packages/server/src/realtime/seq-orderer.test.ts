import type { Call } from '@callboard/core';
import { describe, expect, it } from 'vitest';
import type { BusMessage } from '../bus/bus.js';
import { createManualClock } from './__tests__/manual-clock.js';
import { statusEvent } from './__tests__/call-events.js';
import { createSeqOrderer } from './seq-orderer.js';

function message(seq: number): BusMessage {
  return { stored: { seq, callId: 'call_test_1', event: statusEvent(1, 'ringing', 0) }, call: { id: 'call_test_1' } as Call };
}

/** A store log with some seqs missing (holes: events of deleted calls). */
function setup(options: { stored: number[]; gapWaitMs?: number }) {
  const clock = createManualClock();
  const delivered: number[] = [];
  const reads: number[] = [];
  const log = [...options.stored];
  const orderer = createSeqOrderer({
    timers: clock,
    gapWaitMs: options.gapWaitMs ?? 200,
    pollIntervalMs: 1000,
    async readAfter(after, limit) {
      reads.push(after);
      return log.filter((seq) => seq > after).slice(0, limit).map(message);
    },
    lastSeq: async () => Math.max(0, ...log),
    deliver: (m) => delivered.push(m.stored.seq),
  });
  return { clock, delivered, reads, orderer, log };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createSeqOrderer', () => {
  it('delivers messages in seq order and drops duplicates and old ones', () => {
    const { orderer, delivered } = setup({ stored: [] });
    orderer.start(10);
    for (const seq of [9, 11, 13, 12, 12, 11, 14]) orderer.push(message(seq));
    expect(delivered).toEqual([11, 12, 13, 14]);
  });

  it('holds messages after a missing seq, then reads the gap from the store once the window passes', async () => {
    const { orderer, delivered, clock, reads } = setup({ stored: [1, 2, 3, 4] });
    orderer.start(0);
    orderer.push(message(1));
    orderer.push(message(3));
    orderer.push(message(4));
    expect(delivered).toEqual([1]);
    clock.advance(199);
    await settle();
    expect(reads).toEqual([]);
    clock.advance(1);
    await settle();
    expect(reads).toEqual([1]);
    expect(delivered).toEqual([1, 2, 3, 4]);
  });

  it('does not read the store when the missing message arrives within the window', async () => {
    const { orderer, delivered, clock, reads } = setup({ stored: [1, 2, 3] });
    orderer.start(0);
    orderer.push(message(1));
    orderer.push(message(3));
    clock.advance(100);
    orderer.push(message(2));
    clock.advance(500);
    await settle();
    expect(delivered).toEqual([1, 2, 3]);
    expect(reads).toEqual([]);
  });

  it('skips holes the store proves (events of deleted calls)', async () => {
    const { orderer, delivered, clock } = setup({ stored: [1, 4, 5] });
    orderer.start(0);
    orderer.push(message(1));
    orderer.push(message(5));
    clock.advance(200);
    await settle();
    expect(delivered).toEqual([1, 4, 5]);
  });

  it('finds the tail of a burst the bus dropped by polling the store', async () => {
    const { orderer, delivered, clock, log } = setup({ stored: [1] });
    orderer.start(0);
    orderer.push(message(1));
    log.push(2, 3);
    clock.advance(1000); // first poll sees seq 3 and gives the bus one interval to bring it
    await settle();
    expect(delivered).toEqual([1]);
    clock.advance(1000);
    await settle();
    await settle();
    expect(delivered).toEqual([1, 2, 3]);
  });

  it('holds messages that arrive before it starts and delivers those after the start position', () => {
    const { orderer, delivered } = setup({ stored: [] });
    orderer.push(message(5));
    orderer.push(message(6));
    orderer.start(5);
    expect(delivered).toEqual([6]);
  });

  it('reads what the bus lost at once when asked to catch up (the bus resubscribed after an outage)', async () => {
    const { orderer, delivered, log } = setup({ stored: [] });
    orderer.start(0);
    log.push(1, 2, 3);
    orderer.catchUp();
    await settle();
    await settle();
    expect(delivered).toEqual([1, 2, 3]);
  });
});
