import { CallboardError } from '../../errors/callboard-error.js';
import { safeParseCallEvent, type CallEvent } from '../../model/call-event.js';

/** How one parse of fuzzed input ended: events, none, or the contract's rejection. */
export interface WebhookParseOutcome {
  kind: 'events' | 'empty' | 'badPayload';
  /** The events returned, each accepted by the canonical schema (none when rejected). */
  events: CallEvent[];
}

/**
 * Test-only: the property every adapter's `parseWebhook` holds under garbage (the provider
 * contract): it returns a list of events the canonical schema accepts, possibly empty, or throws
 * a `CallboardError` with the code `BAD_PAYLOAD`. Anything else (another error, a non-list, an
 * invalid event) is thrown, so the fast-check property fails and shrinks to the input. `input`
 * names the input in that failure.
 */
export function webhookParseOutcome(parse: () => CallEvent[], input: string): WebhookParseOutcome {
  let events: CallEvent[];
  try {
    events = parse();
  } catch (error) {
    if (CallboardError.isInstance(error) && error.code === 'BAD_PAYLOAD') return { kind: 'badPayload', events: [] };
    throw error;
  }
  if (!Array.isArray(events)) throw new Error(`parsing ${input.slice(0, 300)} returned ${String(events)}, not a list`);
  for (const event of events) {
    const checked = safeParseCallEvent(event);
    if (!checked.success) throw new Error(`invalid event from ${input.slice(0, 300)}: ${JSON.stringify(checked.error.issues)}`);
  }
  return { kind: events.length === 0 ? 'empty' : 'events', events };
}
