import { describe, expect, it } from 'vitest';
import { decideReconnect } from './decide-reconnect.js';

const context = { canRefreshToken: false, wasWelcomed: true, attempt: 0, jitterMs: 500, random: () => 0.5 };

describe('decideReconnect', () => {
  it.each([
    [1000, undefined],
    [1009, 'PAYLOAD_TOO_LARGE'],
    [4001, 'UNAUTHORIZED'],
    [4003, 'FORBIDDEN'],
    [4400, 'UNSUPPORTED'],
  ])('stops for good on %i', (code, error) => {
    const decision = decideReconnect({ code, reason: '' }, context);
    expect(decision.kind).toBe('stop');
    expect(decision.kind === 'stop' && decision.error?.code).toBe(error ?? undefined);
  });

  it('retries 4001 only when the token can be refreshed and had been accepted', () => {
    expect(decideReconnect({ code: 4001, reason: '' }, { ...context, canRefreshToken: true })).toEqual({ kind: 'retry', delay: 'backoff' });
    expect(decideReconnect({ code: 4001, reason: '' }, { ...context, canRefreshToken: true, wasWelcomed: false }).kind).toBe('stop');
  });

  it('reconnects at once after a slow-consumer close, and backs off when it happens again before the connection was stable', () => {
    expect(decideReconnect({ code: 4008, reason: '' }, context)).toEqual({ kind: 'retry', delay: { afterMs: 0 } });
    expect(decideReconnect({ code: 4008, reason: '' }, { ...context, attempt: 1 })).toEqual({ kind: 'retry', delay: 'backoff' });
  });

  it('waits for the retry hint plus jitter on 4013 and 4029, and backs off without one', () => {
    expect(decideReconnect({ code: 4013, reason: '', retryAfterMs: 1500 }, context)).toEqual({ kind: 'retry', delay: { afterMs: 1750 } });
    expect(decideReconnect({ code: 4029, reason: '', retryAfterMs: 5000 }, context)).toEqual({ kind: 'retry', delay: { afterMs: 5250 } });
    expect(decideReconnect({ code: 4029, reason: '' }, context)).toEqual({ kind: 'retry', delay: 'backoff' });
  });

  it.each([1001, 1006, 1011, 4002, undefined])('backs off on %s', (code) => {
    expect(decideReconnect({ code, reason: '' }, context)).toEqual({ kind: 'retry', delay: 'backoff' });
  });
});
