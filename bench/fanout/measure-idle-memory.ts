/**
 * Heap per idle connection, W3 style (reference/realtime.md §7.2-7.3, the Socket.IO memory
 * method): the server runs with `--expose-gc`; clients connect in waves and stay idle (Callboard
 * clients subscribed to the calls feed, Socket.IO clients connected to the namespace, raw ws
 * clients open); after each wave the server forces GC and reports `heapUsed` and RSS. The
 * per-connection figure is the least-squares slope of heapUsed over the connection count. A first
 * wave is connected before the first reading so code loaded on first use is not counted.
 * Afterwards every client disconnects and the heap is read once more (it should return to the
 * first reading: no leak).
 */
import type { ContenderSession } from './contender-session.js';

/** One reading. */
export interface MemoryPoint {
  connections: number;
  heapUsed: number;
  rss: number;
}

/** What a memory run found. */
export interface IdleMemoryResult {
  points: MemoryPoint[];
  /** Slope of heapUsed over connections, bytes. */
  heapPerConnection: number;
  rssPerConnection: number;
  /** heapUsed after everyone left minus the first reading, bytes. */
  heapAfterDisconnect: number;
}

/** Connects `waves` (connection counts, ascending) and reads the server's memory after each. */
export async function measureIdleMemory(session: ContenderSession, waves: number[], log: (line: string) => void): Promise<IdleMemoryResult> {
  const points: MemoryPoint[] = [];
  for (const total of waves) {
    const { ready } = await session.fill(total);
    // Let handshake leftovers (timers, first frames) settle before reading.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const usage = await session.gcUsage();
    points.push({ connections: ready, heapUsed: usage.memory.heapUsed, rss: usage.memory.rss });
  }
  await session.closeClients();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const after = await session.gcUsage();
  const result = {
    points,
    heapPerConnection: slope(points.map((p) => [p.connections, p.heapUsed])),
    rssPerConnection: slope(points.map((p) => [p.connections, p.rss])),
    heapAfterDisconnect: after.memory.heapUsed - points[0]!.heapUsed,
  };
  log(
    `    ${session.contender}: heap ${(result.heapPerConnection / 1024).toFixed(2)} KiB/conn, RSS ${(result.rssPerConnection / 1024).toFixed(2)} KiB/conn, heap after disconnect ${(result.heapAfterDisconnect / 1024).toFixed(0)} KiB vs first wave`,
  );
  return result;
}

function slope(xy: Array<[number, number]>): number {
  const n = xy.length;
  const meanX = xy.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = xy.reduce((sum, [, y]) => sum + y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of xy) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator === 0 ? 0 : numerator / denominator;
}
