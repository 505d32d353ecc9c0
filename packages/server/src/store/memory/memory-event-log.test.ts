import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../call-store.js';
import { MemoryEventLog } from './memory-event-log.js';

function stored(seq: number, callId: string, text = 'hello'): StoredEvent {
  return {
    seq,
    callId,
    event: {
      v: 1,
      type: 'call.transcript',
      key: `k${seq}`,
      provider: 'bot',
      providerCallId: `p-${callId}`,
      callId,
      occurredAt: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
      receivedAt: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
      segments: [{ id: `s${seq}`, role: 'caller', text, at: new Date(1_700_000_000_000).toISOString(), isFinal: true }],
    },
  };
}

describe('MemoryEventLog', () => {
  it('gives back each event as it was stored, as a copy of its own', () => {
    const log = new MemoryEventLog();
    const events = [stored(1, 'a', 'é ✓ 中文'), stored(2, 'b'), stored(5, 'a')];
    log.push(events);
    expect(log.length).toBe(3);
    expect([0, 1, 2].map((i) => log.read(i))).toEqual(events);
    expect(log.read(0)).not.toBe(events[0]);
    const copy = log.read(1);
    copy.event.key = 'changed';
    expect(log.read(1).event.key).toBe('k2');
    expect([log.seqAt(2), log.callIdAt(2), log.receivedMsAt(2)]).toEqual([5, 'a', 1_700_000_005_000]);
  });

  it('finds the first event after a seq', () => {
    const log = new MemoryEventLog();
    log.push([2, 4, 6].map((seq) => stored(seq, 'a')));
    expect([0, 1, 2, 3, 5, 6, 7].map((seq) => log.firstIndexAfter(seq))).toEqual([0, 0, 1, 1, 2, 3, 3]);
  });

  it('spans buffers, holds events larger than a buffer, and reads them back after the oldest are dropped', () => {
    const log = new MemoryEventLog();
    const big = 'x'.repeat(1.5 * 1024 * 1024);
    const events = Array.from({ length: 3_000 }, (_, i) => stored(i + 1, `c${i % 7}`, i === 1_000 ? big : `line ${i} ${'y'.repeat(i % 900)}`));
    log.push(events);
    expect(log.read(1_000)).toEqual(events[1_000]);
    expect(log.read(2_999)).toEqual(events[2_999]);
    log.dropOldest(1_500);
    expect(log.length).toBe(1_500);
    expect(log.seqAt(0)).toBe(1_501);
    expect(log.read(0)).toEqual(events[1_500]);
    expect(log.read(1_499)).toEqual(events[2_999]);
    log.push([stored(3_001, 'c0')]);
    expect(log.read(1_500)).toEqual(stored(3_001, 'c0'));
    log.dropOldest(1_501);
    expect(log.length).toBe(0);
    log.push([stored(3_002, 'c1')]);
    expect(log.read(0)).toEqual(stored(3_002, 'c1'));
  });

  it('keeps none of a push when one of its events cannot be encoded', () => {
    const log = new MemoryEventLog();
    log.push([stored(1, 'a')]);
    const bad = stored(3, 'a');
    bad.event.raw = { big: 10n };
    expect(() => log.push([stored(2, 'a'), bad])).toThrow(TypeError);
    expect(log.length).toBe(1);
    log.push([stored(2, 'a')]);
    expect([log.read(0).seq, log.read(1).seq]).toEqual([1, 2]);
  });

  it('takes a batch larger than a call can have arguments', () => {
    const log = new MemoryEventLog();
    log.push(Array.from({ length: 150_000 }, (_, i) => stored(i + 1, 'a', '')));
    expect(log.length).toBe(150_000);
    expect(log.read(149_999).seq).toBe(150_000);
  });

  it('keeps only the events it is told to', () => {
    const log = new MemoryEventLog();
    log.push([1, 2, 3, 4, 5, 6].map((seq) => stored(seq, seq % 2 === 0 ? 'even' : 'odd')));
    log.retain((seq, callId) => callId === 'odd' || seq >= 5);
    expect(Array.from({ length: log.length }, (_, i) => log.read(i).seq)).toEqual([1, 3, 5, 6]);
    expect(log.firstIndexAfter(3)).toBe(2);
  });
});
