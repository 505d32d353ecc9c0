/**
 * The four contenders of the fan-out benchmark (reference/realtime.md §7.2): Callboard's stack
 * with clients on its plain WebSocket gateway and on its Socket.IO gateway, raw `ws` broadcast,
 * and the typical Express + Socket.IO `io.emit`-per-webhook server.
 */
import { baselineWebhookBody, callboardWebhookBody } from './call-status-payload.js';

export type ContenderId = 'OURS-WS' | 'OURS-SIO' | 'B-WS' | 'B-SIO';

/** Everything the orchestrator and the load generator need to know about a contender. */
export interface Contender {
  id: ContenderId;
  /** What it is, for the table. */
  label: string;
  /** The server script, run fresh per run. */
  server: URL;
  /** The webhook route. */
  webhookPath: string;
  /** Headers of every webhook besides the content type. */
  webhookHeaders(apiKey: string): Record<string, string>;
  /** The webhook body for webhook number `n`, scheduled at `sched` (loadgen clock, ms), stamped `at` (epoch ms). */
  webhookBody(n: number, sched: number, at: number): string;
}

const ours = new URL('./servers/ours-server.ts', import.meta.url);

/** By id. */
export const CONTENDERS: Record<ContenderId, Contender> = {
  'OURS-WS': {
    id: 'OURS-WS',
    label: 'Callboard (createCallboardHandler + attachRealtime, memory store), plain WebSocket gateway',
    server: ours,
    webhookPath: '/api/calls',
    webhookHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
    webhookBody: callboardWebhookBody,
  },
  'OURS-SIO': {
    id: 'OURS-SIO',
    label: 'Callboard (createCallboardHandler + attachRealtime, memory store), Socket.IO gateway',
    server: ours,
    webhookPath: '/api/calls',
    webhookHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
    webhookBody: callboardWebhookBody,
  },
  'B-WS': {
    id: 'B-WS',
    label: 'raw ws broadcast (node:http POST -> JSON.stringify once -> ws.send per open socket)',
    server: new URL('./servers/baseline-ws-server.ts', import.meta.url),
    webhookPath: '/webhooks/call-status',
    webhookHeaders: () => ({}),
    webhookBody: baselineWebhookBody,
  },
  'B-SIO': {
    id: 'B-SIO',
    label: "Express + express.json() + Socket.IO io.emit('call:status') (defaults)",
    server: new URL('./servers/baseline-sio-server.ts', import.meta.url),
    webhookPath: '/webhooks/call-status',
    webhookHeaders: () => ({}),
    webhookBody: baselineWebhookBody,
  },
};
