import { describe, expect, it } from 'vitest';
import { CallboardError } from '../errors/callboard-error.js';
import { createFakeClock } from './fake-clock.js';

describe('createFakeClock', () => {
  it('starts at the given time and only moves when advanced', () => {
    const clock = createFakeClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_250);
  });

  it('defaults to 2025-01-01T00:00:00Z', () => {
    expect(new Date(createFakeClock().now()).toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('runs a timer exactly when its due time is reached, with now() at the due time', () => {
    const clock = createFakeClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 1_000);
    expect(clock.advance(999)).toBe(0);
    expect(seen).toEqual([]);
    expect(clock.advance(1)).toBe(1);
    expect(seen).toEqual([1_000]);
  });

  it('runs due timers in due-time order, and same-time timers in scheduling order', () => {
    const clock = createFakeClock(0);
    const order: string[] = [];
    clock.setTimeout(() => order.push('c@30'), 30);
    clock.setTimeout(() => order.push('a@10'), 10);
    clock.setTimeout(() => order.push('b1@20'), 20);
    clock.setTimeout(() => order.push('b2@20'), 20);
    clock.advance(100);
    expect(order).toEqual(['a@10', 'b1@20', 'b2@20', 'c@30']);
    expect(clock.now()).toBe(100);
  });

  it('runs timers scheduled by other timers when they fall inside the advanced window', () => {
    const clock = createFakeClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(clock.now());
      clock.setTimeout(() => seen.push(clock.now()), 40);
      clock.setTimeout(() => seen.push(clock.now()), 500);
    }, 50);
    clock.advance(100);
    expect(seen).toEqual([50, 90]);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('passes extra arguments like the global setTimeout', () => {
    const clock = createFakeClock(0);
    const seen: unknown[] = [];
    clock.setTimeout((a, b) => seen.push(a, b), 5, 'x', 2);
    clock.advance(5);
    expect(seen).toEqual(['x', 2]);
  });

  it('treats a missing, negative or NaN delay as zero', () => {
    const clock = createFakeClock(0);
    let ran = 0;
    clock.setTimeout(() => ran++);
    clock.setTimeout(() => ran++, -5);
    clock.setTimeout(() => ran++, Number.NaN);
    clock.advance(0);
    expect(ran).toBe(3);
  });

  it('clearTimeout cancels a pending timer and ignores unknown handles', () => {
    const clock = createFakeClock(0);
    let ran = false;
    const handle = clock.setTimeout(() => (ran = true), 10);
    clock.clearTimeout(handle);
    clock.clearTimeout(12345);
    clock.clearTimeout(undefined);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(20);
    expect(ran).toBe(false);
  });

  it('works with setTimeout and clearTimeout detached from the clock', () => {
    const { setTimeout, clearTimeout, advance } = createFakeClock(0);
    let ran = 0;
    setTimeout(() => ran++, 1);
    clearTimeout(setTimeout(() => ran++, 1));
    advance(1);
    expect(ran).toBe(1);
  });

  it('runAll runs everything, moving time to the last due time', () => {
    const clock = createFakeClock(0);
    clock.setTimeout(() => clock.setTimeout(() => undefined, 5_000), 1_000);
    expect(clock.runAll()).toBe(2);
    expect(clock.now()).toBe(6_000);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('runAll stops with INTERNAL on a timer that reschedules itself forever', () => {
    const clock = createFakeClock(0);
    const tick = (): void => void clock.setTimeout(tick, 10);
    tick();
    let caught: unknown;
    try {
      clock.runAll(50);
    } catch (error) {
      caught = error;
    }
    expect(CallboardError.isInstance(caught) && caught.code).toBe('INTERNAL');
    expect(clock.pendingTimers()).toBe(1);
  });

  it('refuses to go backwards or by a non-finite amount', () => {
    const clock = createFakeClock(0);
    expect(() => clock.advance(-1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('keeps many timers in order (heap)', () => {
    const clock = createFakeClock(0);
    const seen: number[] = [];
    const dues = Array.from({ length: 2_000 }, (_, i) => (i * 7919) % 2_003);
    for (const due of dues) clock.setTimeout(() => seen.push(clock.now()), due);
    clock.advance(3_000);
    expect(seen).toEqual([...dues].sort((a, b) => a - b));
  });
});
