/**
 * The load generator's dashboard clients: N protocol-level WebSocket clients of one contender,
 * each counting the deliveries of the current step and recording receipt − scheduled time into
 * one shared histogram. The hot path compares a prefix, finds the `"sched":` marker and parses
 * the number from the bytes: no JSON parse, no string, so every contender's clients cost the same.
 * With tenants (W1), each client follows the tenant that has the fewest clients when it opens,
 * and checks that every delivery names its tenant.
 */
import { SCHED_MARKER, tenantName } from './call-status-payload.js';
import type { ClientProtocol } from './client-protocols.js';
import { createLatencyHistogram, type LatencyHistogram } from './latency-histogram.js';
import { connectRawWebSocket, type RawWebSocket } from './raw-websocket-client.js';

/** What the clients saw during one counting window. */
export interface DeliveryCounts {
  delivered: number;
  /** Wire bytes of the delivered frames (WebSocket header + payload). */
  bytes: number;
  /** Deliveries whose webhook belongs to another window (late ones from an earlier step). */
  outside: number;
  /** Deliveries of another tenant's webhook (W1): the server sent a client what it did not follow. */
  misdelivered: number;
  histogram: LatencyHistogram;
}

/** The clients of one load-generator process. */
export interface ClientPool {
  /** Opens clients until `total` are ready, replacing closed ones. Resolves with how many were opened. */
  fill(total: number): Promise<number>;
  /** Open and ready clients. */
  readonly ready: number;
  /** Open and ready clients of tenant `index` (W1). */
  readyOf(index: number): number;
  /** Starts counting deliveries of webhooks scheduled within [first, last] (loadgen clock, ms). */
  count(first: number, last: number): void;
  readonly counts: DeliveryCounts;
  /** When the last delivery of any window arrived (performance.now()). */
  readonly lastDeliveryAt: number;
  /** Close reasons seen since the pool was created, with counts. */
  readonly closes: Record<string, number>;
  closeAll(): void;
}

interface PoolClient {
  socket: RawWebSocket | undefined;
  ready: boolean;
  closed: boolean;
  /** Index of the tenant it follows, or -1 for every webhook. */
  tenant: number;
}

/** Options of {@link createClientPool}. */
export interface ClientPoolOptions {
  /** What a client says, for a client of a tenant (its name) or of every webhook (undefined). */
  protocol(tenant: string | undefined): ClientProtocol;
  /** How many tenants clients are spread over (W1: 20); 0 for clients of every webhook (W2). */
  tenants: number;
}

const CONNECT_CONCURRENCY = 64;
const HANDSHAKE_TIMEOUT_MS = 15_000;

/** Creates an empty pool for a contender on a port. */
export function createClientPool(port: number, options: ClientPoolOptions): ClientPool {
  const clients = new Set<PoolClient>();
  const protocols = new Map<number, ClientProtocol>();
  const protocolOf = (tenant: number) => {
    let protocol = protocols.get(tenant);
    if (!protocol) protocols.set(tenant, (protocol = options.protocol(tenant < 0 ? undefined : tenantName(tenant))));
    return protocol;
  };
  const tenantMarkers = Array.from({ length: options.tenants }, (_, i) => Buffer.from(`"tenant":"${tenantName(i)}"`));
  // Open (or opening) clients per tenant, to place the next one; ready ones, to know what to expect.
  const members = new Array<number>(options.tenants).fill(0);
  const readyByTenant = new Array<number>(options.tenants).fill(0);
  const prefix = protocolOf(-1).eventPrefix;
  const prefixLength = prefix.length;
  const markerLength = SCHED_MARKER.length;
  const counts: DeliveryCounts = { delivered: 0, bytes: 0, outside: 0, misdelivered: 0, histogram: createLatencyHistogram() };
  const closes: Record<string, number> = {};
  let windowFirst = Number.POSITIVE_INFINITY;
  let windowLast = Number.NEGATIVE_INFINITY;
  let lastDeliveryAt = 0;
  let readyCount = 0;

  function openOne(): Promise<void> {
    const tenant = options.tenants === 0 ? -1 : members.indexOf(Math.min(...members));
    if (tenant >= 0) members[tenant]! += 1;
    const protocol = protocolOf(tenant);
    const marker = tenant >= 0 ? tenantMarkers[tenant] : undefined;
    const client: PoolClient = { socket: undefined, ready: false, closed: false, tenant };
    clients.add(client);
    let markReady: () => void = () => undefined;
    let markFailed: (error: Error) => void = () => undefined;
    const readyPromise = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    const setReady = () => {
      if (client.ready) return;
      client.ready = true;
      readyCount += 1;
      if (tenant >= 0) readyByTenant[tenant]! += 1;
      markReady();
    };
    const onClose = (reason: string) => {
      if (client.closed) return;
      client.closed = true;
      const key = reason.replace(/\d{4,}/g, 'N').slice(0, 80);
      closes[key] = (closes[key] ?? 0) + 1;
      if (tenant >= 0) {
        members[tenant]! -= 1;
        if (client.ready) readyByTenant[tenant]! -= 1;
      }
      if (client.ready) readyCount -= 1;
      client.ready = false;
      clients.delete(client);
      markFailed(new Error(reason));
    };
    const onMessage = (buffer: Buffer, start: number, end: number, socket: RawWebSocket) => {
      if (client.ready && end - start > prefixLength && prefix.compare(buffer, start, start + prefixLength) === 0) {
        const at = buffer.indexOf(SCHED_MARKER, start);
        if (at >= 0 && at < end) {
          const now = performance.now();
          const sched = readNumber(buffer, at + markerLength, end);
          lastDeliveryAt = now;
          if (marker) {
            const named = buffer.indexOf(marker, start);
            if (named < 0 || named >= end) {
              counts.misdelivered += 1;
              return;
            }
          }
          if (sched >= windowFirst && sched <= windowLast) {
            counts.delivered += 1;
            const length = end - start;
            counts.bytes += length + (length < 126 ? 2 : length < 65_536 ? 4 : 10);
            counts.histogram.record(now - sched);
          } else {
            counts.outside += 1;
          }
          return;
        }
      }
      try {
        if (protocol.onControl(buffer.toString('utf8', start, end), socket) === 'ready') setReady();
      } catch (error) {
        socket.destroy();
        onClose((error as Error).message);
      }
    };
    const timer = setTimeout(() => {
      if (client.ready) return;
      client.socket?.destroy();
      onClose('handshake timeout');
    }, HANDSHAKE_TIMEOUT_MS);
    return connectRawWebSocket({ port, path: protocol.path, headers: protocol.headers, onMessage, onClose })
      .then((socket) => {
        client.socket = socket;
        if (protocol.readyOnOpen) setReady();
        return readyPromise;
      })
      .catch((error: Error) => {
        onClose(error.message);
        throw error;
      })
      .finally(() => clearTimeout(timer));
  }

  return {
    async fill(total) {
      let opened = 0;
      let failures = 0;
      while (readyCount < total) {
        const missing = total - readyCount;
        const batch: Array<Promise<void>> = [];
        for (let i = 0; i < Math.min(missing, CONNECT_CONCURRENCY); i++) batch.push(openOne());
        const results = await Promise.allSettled(batch);
        opened += batch.length;
        failures += results.filter((result) => result.status === 'rejected').length;
        if (failures > total) throw new Error(`could not open ${total} clients: ${JSON.stringify(closes)}`);
      }
      return opened;
    },
    get ready() {
      return readyCount;
    },
    readyOf(index) {
      return readyByTenant[index] ?? 0;
    },
    count(first, last) {
      windowFirst = first;
      windowLast = last;
      counts.delivered = 0;
      counts.bytes = 0;
      counts.outside = 0;
      counts.misdelivered = 0;
      counts.histogram.reset();
    },
    counts,
    get lastDeliveryAt() {
      return lastDeliveryAt;
    },
    closes,
    closeAll() {
      for (const client of [...clients]) client.socket?.destroy();
      clients.clear();
      readyCount = 0;
      members.fill(0);
      readyByTenant.fill(0);
    },
  };
}

/** Parses an unsigned decimal number (`123456.789`) from ASCII bytes. */
function readNumber(buffer: Buffer, from: number, end: number): number {
  let value = 0;
  let i = from;
  for (; i < end; i++) {
    const digit = buffer[i]! - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  if (buffer[i] !== 46) return value;
  let scale = 1;
  let fraction = 0;
  for (i += 1; i < end; i++) {
    const digit = buffer[i]! - 48;
    if (digit < 0 || digit > 9) break;
    fraction = fraction * 10 + digit;
    scale *= 10;
  }
  return value + fraction / scale;
}
