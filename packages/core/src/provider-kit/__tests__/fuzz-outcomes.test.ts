import { describe, expect, it } from 'vitest';
import { CallboardError } from '../../errors/callboard-error.js';
import { WebhookParseError } from '../../errors/webhook-parse-error.js';
import { WebhookVerificationError } from '../../errors/webhook-verification-error.js';
import { CALL_EVENT_VERSION, type CallEvent } from '../../model/call-event.js';
import { verificationRejection } from './verification-rejection.js';
import { webhookParseOutcome } from './webhook-parse-outcome.js';

const event: CallEvent = {
  v: CALL_EVENT_VERSION,
  type: 'call.status',
  key: 'acme:c1:ringing',
  provider: 'acme',
  providerCallId: 'c1',
  occurredAt: '2026-06-02T14:00:00.000Z',
  receivedAt: '2026-06-02T14:00:00.000Z',
  status: 'ringing',
};

describe('webhookParseOutcome', () => {
  it('classifies valid events, no events and BAD_PAYLOAD', () => {
    expect(webhookParseOutcome(() => [event], 'body')).toEqual({ kind: 'events', events: [event] });
    expect(webhookParseOutcome(() => [], 'body')).toEqual({ kind: 'empty', events: [] });
    const rejected = () => {
      throw new WebhookParseError({ message: 'garbage', provider: 'acme' });
    };
    expect(webhookParseOutcome(rejected, 'body')).toEqual({ kind: 'badPayload', events: [] });
  });

  it('throws for an event the canonical schema refuses, naming the input', () => {
    const broken = { ...event, status: 'ringing-ish' } as unknown as CallEvent;
    expect(() => webhookParseOutcome(() => [broken], 'the-body')).toThrow(/invalid event from the-body/);
  });

  it('throws for a result that is not a list', () => {
    expect(() => webhookParseOutcome(() => ({}) as unknown as CallEvent[], 'body')).toThrow(/not a list/);
  });

  it('rethrows any other error, Callboard errors with another code included', () => {
    const crash = new TypeError('cannot read properties of undefined');
    expect(() =>
      webhookParseOutcome(() => {
        throw crash;
      }, 'body'),
    ).toThrow(crash);
    expect(() =>
      webhookParseOutcome(() => {
        throw new CallboardError({ code: 'INTERNAL' });
      }, 'body'),
    ).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});

describe('verificationRejection', () => {
  it('resolves undefined for an accepted request, and the code of an allowed rejection', async () => {
    expect(await verificationRejection(async () => undefined, ['BAD_SIGNATURE'])).toBeUndefined();
    const forged = async () => {
      throw new WebhookVerificationError({ code: 'BAD_SIGNATURE', provider: 'acme' });
    };
    expect(await verificationRejection(forged, ['MISSING_SIGNATURE', 'BAD_SIGNATURE'])).toBe('BAD_SIGNATURE');
  });

  it('rethrows a rejection with a code not allowed, and any other error', async () => {
    const stale = async () => {
      throw new WebhookVerificationError({ code: 'STALE_TIMESTAMP', provider: 'acme' });
    };
    await expect(verificationRejection(stale, ['BAD_SIGNATURE'])).rejects.toMatchObject({ code: 'STALE_TIMESTAMP' });
    await expect(
      verificationRejection(async () => {
        throw new RangeError('boom');
      }, ['BAD_SIGNATURE']),
    ).rejects.toThrow(RangeError);
  });
});
