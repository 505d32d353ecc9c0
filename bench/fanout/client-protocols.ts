/**
 * What a load-generator client says to each contender, by hand and at the protocol level: the
 * upgrade path, the handshake until the client is ready to count deliveries, heartbeat answers,
 * and the prefix that marks a delivered event. A client of one tenant (W1) says so the way each
 * server expects: `?tenant=` on the upgrade for the baselines (their connection handler puts the
 * socket in the tenant's set or room), a metadata filter on the feed subscription for Callboard. Socket.IO is spoken as Engine.IO v4 over the
 * websocket transport (`0` open, `40` connect, `42[...]` event, `2`/`3` ping/pong); Callboard's
 * plain WebSocket speaks docs/protocol.md (`welcome`, `subscribe`, `subscribed`, `ping`/`pong`).
 */
import type { ContenderId } from './contenders.js';
import type { RawWebSocket } from './raw-websocket-client.js';

/** How one client of a contender behaves. */
export interface ClientProtocol {
  /** Path and query of the upgrade request. */
  readonly path: string;
  readonly headers: Record<string, string>;
  /** A frame is a delivery when it starts with these bytes (and carries the `"sched":` marker). */
  readonly eventPrefix: Buffer;
  /** Ready as soon as the upgrade is answered (no handshake after it). */
  readonly readyOnOpen: boolean;
  /**
   * Handles a frame that is not a delivery; answers heartbeats and drives the handshake. Returns
   * `ready` once the client would get every later broadcast. Throws on a refusal.
   */
  onControl(text: string, socket: RawWebSocket): 'ready' | undefined;
}

const SIO_PATH = '/socket.io/?EIO=4&transport=websocket';

/** The client protocol of a contender, for a client of one tenant or (undefined) of every webhook. */
export function clientProtocol(contender: ContenderId, apiKey: string, tenant?: string): ClientProtocol {
  const query = tenant === undefined ? '' : `tenant=${encodeURIComponent(tenant)}`;
  const subscribe = { type: 'subscribe', id: 'feed', channel: 'calls', recent: 0, ...(tenant === undefined ? {} : { filter: { metadata: { tenant } } }) };
  switch (contender) {
    case 'B-WS':
      return {
        path: query ? `/ws?${query}` : '/ws',
        headers: {},
        eventPrefix: Buffer.from('{"event":"call:status"'),
        readyOnOpen: true,
        onControl: () => undefined,
      };
    case 'B-SIO':
      return {
        path: query ? `${SIO_PATH}&${query}` : SIO_PATH,
        headers: {},
        eventPrefix: Buffer.from('42["call:status"'),
        readyOnOpen: false,
        onControl(text, socket) {
          if (text === '2') socket.send('3');
          else if (text.startsWith('0{')) socket.send('40');
          else if (text.startsWith('40')) return 'ready';
          else if (text.startsWith('44')) throw new Error(`Socket.IO connect refused: ${text}`);
          return undefined;
        },
      };
    case 'OURS-SIO':
      return {
        path: `${SIO_PATH}&v=1`,
        headers: {},
        eventPrefix: Buffer.from('42["callboard",{"type":"event"'),
        readyOnOpen: false,
        onControl(text, socket) {
          if (text === '2') socket.send('3');
          else if (text.startsWith('0{')) socket.send(`40${JSON.stringify({ token: apiKey, v: 1 })}`);
          else if (text.startsWith('44')) throw new Error(`Socket.IO connect refused: ${text}`);
          else if (text.startsWith('42["callboard",{"type":"welcome"')) socket.send(`42${JSON.stringify(['callboard', subscribe])}`);
          else if (text.startsWith('42["callboard",{"type":"subscribed"')) return 'ready';
          else if (text.startsWith('42["callboard",{"type":"error"')) throw new Error(`Callboard refused: ${text}`);
          return undefined;
        },
      };
    case 'OURS-WS':
      return {
        path: '/realtime?v=1',
        headers: { Authorization: `Bearer ${apiKey}` },
        eventPrefix: Buffer.from('{"type":"event"'),
        readyOnOpen: false,
        onControl(text, socket) {
          if (text === '{"type":"ping"}') socket.send('{"type":"pong"}');
          else if (text.startsWith('{"type":"welcome"')) socket.send(JSON.stringify(subscribe));
          else if (text.startsWith('{"type":"subscribed"')) return 'ready';
          else if (text.startsWith('{"type":"error"')) throw new Error(`Callboard refused: ${text}`);
          return undefined;
        },
      };
  }
}
