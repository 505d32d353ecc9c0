import WebSocket from 'ws';

/** A frame as the test client received it. */
export type Frame = { type: string } & Record<string, any>;

/**
 * A plain `ws` client that speaks protocol v1 the way a hand-written dashboard would: it records
 * every frame, answers pings, and can be cut off (stops reading and answering) to simulate a
 * network drop the server has not noticed yet.
 */
export interface WsTestClient {
  readonly socket: WebSocket;
  /** Every frame processed, in arrival order. */
  readonly frames: Frame[];
  /** The seqs of the `event` frames processed, in arrival order. */
  readonly eventSeqs: number[];
  send(frame: Record<string, unknown>): void;
  /** Resolves with the first processed frame (past or future) that matches. */
  waitFor(predicate: (frame: Frame) => boolean, what: string, timeoutMs?: number): Promise<Frame>;
  /** Sends a `ping` and resolves on its `pong`: by then the server has handled every earlier frame. */
  roundTrip(): Promise<void>;
  /** Resolves once an `event` frame with at least this seq has been processed. */
  waitForSeq(seq: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Stops processing frames and answering pings; the TCP connection stays open (half-open). */
  cutOff(): void;
  /** Stops reading from the socket (the kernel buffers fill up), like a client that froze. */
  pauseReading(): void;
  resumeReading(): void;
  close(): void;
  /** Tears the TCP connection down without a close handshake. */
  destroy(): void;
}

export async function connectWsClient(
  url: string,
  options: { headers?: Record<string, string>; answerPings?: boolean } = {},
): Promise<WsTestClient> {
  const socket = new WebSocket(url, { headers: options.headers ?? {}, perMessageDeflate: false });
  const frames: Frame[] = [];
  const eventSeqs: number[] = [];
  const waiters = new Set<(frame: Frame | undefined) => void>();
  let processing = true;
  let pongs = 0;
  let answerPings = options.answerPings ?? true;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const wake of [...waiters]) wake(undefined);
    });
  });
  socket.on('message', (data) => {
    if (!processing) return;
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    if (frame.type === 'event') eventSeqs.push(frame.seq);
    if (frame.type === 'pong') pongs += 1;
    if (frame.type === 'ping' && answerPings) socket.send('{"type":"pong"}');
    for (const wake of [...waiters]) wake(frame);
  });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade answered HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });

  function waitFor(predicate: (frame: Frame) => boolean, what: string, timeoutMs = 10_000): Promise<Frame> {
    const found = frames.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; last frames: ${JSON.stringify(frames.slice(-3)).slice(0, 600)}`));
      }, timeoutMs);
      // Only the newest frame can newly match.
      const check = (frame: Frame | undefined) => {
        if (frame && !predicate(frame)) return;
        clearTimeout(timer);
        waiters.delete(check);
        if (frame) resolve(frame);
        else reject(new Error(`connection closed while waiting for ${what}`));
      };
      waiters.add(check);
    });
  }

  return {
    socket,
    frames,
    eventSeqs,
    closed,
    send: (frame) => socket.send(JSON.stringify(frame)),
    waitFor,
    async roundTrip() {
      const target = pongs + 1;
      socket.send('{"type":"ping"}');
      await waitFor((frame) => frame.type === 'pong' && pongs >= target, 'pong');
    },
    async waitForSeq(seq, timeoutMs) {
      await waitFor((frame) => frame.type === 'event' && frame.seq >= seq, `event seq ${seq}`, timeoutMs);
    },
    cutOff() {
      processing = false;
      answerPings = false;
      socket.pause();
    },
    pauseReading: () => socket.pause(),
    resumeReading: () => socket.resume(),
    close: () => socket.close(1000),
    destroy: () => socket.terminate(),
  };
}

/**
 * Waits on a growing list of frames: `waitFor` resolves with the first frame (past or future)
 * that matches, re-checking every frame each time `wake` is called (after a frame arrived, or
 * anything else the predicate reads changed).
 */
export function createFrameWaiter(frames: Frame[]): {
  wake(): void;
  waitFor(predicate: (frame: Frame) => boolean, what: string): Promise<Frame>;
} {
  const waiters = new Set<() => void>();
  return {
    wake() {
      for (const check of [...waiters]) check();
    },
    waitFor(predicate, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}; last frames: ${JSON.stringify(frames.slice(-3)).slice(0, 600)}`));
        }, 10_000);
        const check = () => {
          const found = frames.find(predicate);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
