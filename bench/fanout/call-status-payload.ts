/**
 * The webhook the load generator fires: a call-status event of about 350 bytes (call id, tenant,
 * status, timestamps, from/to, provider sequence), the same facts for every contender, in the
 * shape each one ingests. Calls go through initiated → ringing → in-progress → completed, four
 * webhooks per call, tenants round-robin over 20.
 *
 * `sched` is the scheduled send time (the load generator's `performance.now()`, ms); every client
 * finds it in the frame it receives (the first `"sched":` of the frame) to compute
 * receipt − scheduled time on the same clock.
 */

/** The marker each client looks for in a delivered frame. */
export const SCHED_MARKER = Buffer.from('"sched":');

/** The tenants webhooks are spread over (W1's 20 tenants). */
export const TENANTS = 20;

/**
 * The two fan-out shapes of realtime.md §7.2: W1, every client follows one of the 20 tenants and
 * each webhook goes to its tenant's clients; W2, every client gets every webhook (a wallboard).
 */
export type Workload = 'W1' | 'W2';

/** The tenant of webhook number `n` (index into the 20). */
export function tenantIndexOf(n: number): number {
  return (n >> 2) % TENANTS;
}

/** A tenant's name, as webhooks carry it. */
export function tenantName(index: number): string {
  return `tenant-${String(index).padStart(2, '0')}`;
}

const STATUSES = ['initiated', 'ringing', 'in-progress', 'completed'] as const;
const FROM = ['+14155550123', '+14155550188', '+12125550147', '+447700900321', '+254711000222'];
const TO = ['+442071838750', '+14085550999', '+33142685300', '+254722000111', '+16175550142'];

function hex32(n: number, salt: number): string {
  let out = '';
  let x = (n * 2_654_435_761 + salt) >>> 0;
  for (let i = 0; i < 4; i++) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out;
}

/** The facts of webhook number `n`. */
export function callStatusFacts(n: number, sched: number, at: number) {
  const call = n >> 2;
  return {
    callId: `CA${hex32(call, 17)}`,
    tenant: tenantName(tenantIndexOf(n)),
    accountSid: `AC${hex32(call % TENANTS, 91)}`,
    status: STATUSES[n & 3]!,
    sequenceNumber: n & 3,
    from: FROM[call % FROM.length]!,
    to: TO[(call >> 1) % TO.length]!,
    timestamp: new Date(at).toISOString(),
    startTime: new Date(at - (n & 3) * 4_000).toISOString(),
    sched: Math.round(sched * 1000) / 1000,
  };
}

/** The body a typical dashboard backend's webhook route takes (B-WS, B-SIO): the provider's fields as JSON. */
export function baselineWebhookBody(n: number, sched: number, at: number): string {
  const f = callStatusFacts(n, sched, at);
  return JSON.stringify({
    callId: f.callId,
    tenant: f.tenant,
    accountSid: f.accountSid,
    status: f.status,
    direction: 'outbound-api',
    from: f.from,
    to: f.to,
    timestamp: f.timestamp,
    startTime: f.startTime,
    sequenceNumber: f.sequenceNumber,
    callerName: 'Acme Support Line',
    sched: f.sched,
  });
}

/** The same facts as a bot-ingest `POST /api/calls` body (Callboard): status event with metadata. */
export function callboardWebhookBody(n: number, sched: number, at: number): string {
  const f = callStatusFacts(n, sched, at);
  return JSON.stringify({
    callId: f.callId,
    type: 'outbound',
    caller: f.from,
    receiver: f.to,
    startTime: f.startTime,
    status: f.status,
    metadata: {
      sched: f.sched,
      tenant: f.tenant,
      accountSid: f.accountSid,
      sequenceNumber: f.sequenceNumber,
      timestamp: f.timestamp,
      callerName: 'Acme Support Line',
    },
  });
}
