import { describe, expect, it } from 'vitest';
import { createManualClock } from '../realtime/__tests__/manual-clock.js';
import { createSignalQueue, type QueuedSignal, type UnaddressedSignal } from './create-signal-queue.js';

const message = (id: string, from = 'p_a'): UnaddressedSignal => ({ kind: 'signal', room: 'r', type: 'offer', id, from, addressed: true });

function setup() {
  const clock = createManualClock();
  const expired: QueuedSignal[] = [];
  const queue = createSignalQueue({ timers: clock, queueMs: 5_000, onExpired: (entry) => expired.push(entry) });
  return { clock, expired, queue };
}

describe('createSignalQueue', () => {
  it('hands over what waits for a receiver in send order and cancels its expiry', () => {
    const { clock, expired, queue } = setup();
    queue.add('p_b', message('1'));
    queue.add('p_c', message('x'));
    queue.add('p_b', message('2'));
    const delivered: string[] = [];
    queue.release('p_b', 'p_b', (m) => delivered.push(m.id));
    expect(delivered).toEqual(['1', '2']);
    expect(queue.has('p_b')).toBe(false);
    clock.advance(5_000);
    expect(expired.map((entry) => [entry.message.id, entry.target])).toEqual([['x', 'p_c']]);
    expect(queue.size).toBe(0);
  });

  it('expires each message queueMs after it was queued, not before', () => {
    const { clock, expired, queue } = setup();
    queue.add('*', message('early'));
    clock.advance(3_000);
    queue.add('*', message('late'));
    clock.advance(1_999);
    expect(expired).toEqual([]);
    clock.advance(1);
    expect(expired.map((entry) => entry.message.id)).toEqual(['early']);
    clock.advance(3_000);
    expect(expired.map((entry) => entry.message.id)).toEqual(['early', 'late']);
  });

  it('keeps back what the receiver sent itself, and forgets a sender that left', () => {
    const { clock, expired, queue } = setup();
    queue.add('*', message('mine', 'p_b'));
    queue.add('*', message('theirs', 'p_a'));
    const delivered: string[] = [];
    queue.release('*', 'p_b', (m) => delivered.push(m.id));
    expect(delivered).toEqual(['theirs']);
    expect(queue.size).toBe(1);
    queue.dropFrom('p_b');
    clock.advance(10_000);
    expect(expired).toEqual([]);
    expect(queue.size).toBe(0);
  });

  it('takes everything waiting for a receiver at once', () => {
    const { clock, expired, queue } = setup();
    queue.add('p_b', message('1'));
    queue.add('p_b', message('2'));
    expect(queue.take('p_b').map((entry) => entry.message.id)).toEqual(['1', '2']);
    clock.advance(10_000);
    expect(expired).toEqual([]);
  });
});
