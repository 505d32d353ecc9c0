/** @internal The part of a socket that can hold writes back (a `net.Socket`). */
export interface CorkableSocket {
  cork(): void;
  uncork(): void;
  /** Bytes queued in user space, corked ones included. */
  readonly writableLength: number;
}

/**
 * @internal Coalesces what one event-loop turn writes to each socket. The first frame a socket
 * gets in a turn goes out at once (a lone event is not delayed); from the second on, the socket is
 * corked until the turn ends (`setImmediate`), or until what it holds passes `maxBytes` (so corking
 * never makes a fast client look like a slow consumer). A group commit publishes all the events
 * of a batch in one turn, so under load a connection gets a batch in two writes instead of one
 * system call per event.
 */
export interface TurnCork {
  /** Call before writing to `socket`. */
  hold(socket: CorkableSocket): void;
  /** Call after writing to `socket`: writes what it holds now if that passed `maxBytes`. */
  check(socket: CorkableSocket): void;
}

/** @internal `defer` runs a callback once the current turn is over (default `setImmediate`). */
export function createTurnCork(options: { maxBytes: number; defer?: (run: () => void) => void }): TurnCork {
  const defer = options.defer ?? ((run: () => void) => void setImmediate(run));
  const written = new Set<CorkableSocket>();
  const corked = new Set<CorkableSocket>();

  function endTurn(): void {
    for (const socket of corked) socket.uncork();
    corked.clear();
    written.clear();
  }

  return {
    hold(socket) {
      if (corked.has(socket)) return;
      if (!written.has(socket)) {
        if (written.size === 0) defer(endTurn);
        written.add(socket);
        return;
      }
      socket.cork();
      corked.add(socket);
    },
    check(socket) {
      if (socket.writableLength >= options.maxBytes && corked.delete(socket)) socket.uncork();
    },
  };
}
