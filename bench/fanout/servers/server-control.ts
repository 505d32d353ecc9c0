/**
 * The benchmark's side channel into a server under test, over the IPC channel of `fork`: the
 * server announces its port, and answers CPU and memory readings (after a forced GC when the
 * process runs with `--expose-gc`). Nothing of it touches the HTTP or WebSocket paths measured.
 */

import { runQueueWaitMs } from '../run-queue-wait.js';

/** A reading the orchestrator asks for between steps. */
export interface ServerUsage {
  /** `process.cpuUsage()`: user and system µs of the whole process. */
  cpu: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
  /** Time the main thread waited for a CPU since it started, ms (Linux). */
  runQueueWaitMs: number | undefined;
  /** When it was taken (`performance.timeOrigin + performance.now()`, ms). */
  at: number;
}

/** Messages the orchestrator sends. */
export type ControlRequest = { type: 'usage'; id: number } | { type: 'gc-usage'; id: number } | { type: 'stop' };

/** Messages a server sends back. */
export type ControlReply = { type: 'ready'; port: number } | { type: 'usage'; id: number; usage: ServerUsage };

function usage(): ServerUsage {
  return { cpu: process.cpuUsage(), memory: process.memoryUsage(), runQueueWaitMs: runQueueWaitMs(), at: performance.timeOrigin + performance.now() };
}

/** Announces the listening port and serves usage requests until told to stop. */
export function serveControl(port: number, onStop: () => Promise<void> | void = () => undefined): void {
  const send = (reply: ControlReply) => process.send?.(reply);
  process.on('message', (message: ControlRequest) => {
    if (message.type === 'usage') send({ type: 'usage', id: message.id, usage: usage() });
    else if (message.type === 'gc-usage') {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) throw new Error('gc-usage needs --expose-gc');
      // Several passes with turns between them: finalizers and weak references free more each time.
      void (async () => {
        for (let i = 0; i < 4; i++) {
          gc();
          await new Promise((resolve) => setImmediate(resolve));
        }
        send({ type: 'usage', id: message.id, usage: usage() });
      })();
    } else if (message.type === 'stop') {
      void Promise.resolve(onStop()).finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port });
}
