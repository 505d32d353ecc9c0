/** @internal The part of a socket that can hold writes back (a `net.Socket`). */
export interface CorkableSocket {
  cork(): void;
  uncork(): void;
  /** Bytes queued in user space, corked ones included. */
  readonly writableLength: number;
}

/**
 * @internal What a turn cork remembers about one socket, kept by the socket's owner (two numbers
 * on the connection, so a broadcast allocates nothing per connection). Start both at -1.
 */
export interface CorkSlot {
  /** The last turn in which the socket was written to. */
  writtenTurn: number;
  /** The turn in which the socket was corked, while it is; -1 otherwise. */
  corkedTurn: number;
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
  hold(socket: CorkableSocket, slot: CorkSlot): void;
  /** Call after writing to `socket`: writes what it holds now if that passed `maxBytes`. */
  check(socket: CorkableSocket, slot: CorkSlot): void;
}

/** @internal `defer` runs a callback once the current turn is over (default `setImmediate`). */
export function createTurnCork(options: { maxBytes: number; defer?: (run: () => void) => void }): TurnCork {
  const defer = options.defer ?? ((run: () => void) => void setImmediate(run));
  // Turns are numbered rather than tracked in sets: a set that fills and clears every turn
  // reallocates its hash table each time, where two numbers on the connection cost nothing.
  let turn = 0;
  let turnEndScheduled = false;
  // Corked this turn, side by side (a socket may appear twice if `check` uncorked it and it was
  // corked again).
  const corkedSockets: CorkableSocket[] = [];
  const corkedSlots: CorkSlot[] = [];

  function endTurn(): void {
    for (let i = 0; i < corkedSockets.length; i++) {
      const slot = corkedSlots[i]!;
      if (slot.corkedTurn !== turn) continue;
      slot.corkedTurn = -1;
      corkedSockets[i]!.uncork();
    }
    corkedSockets.length = 0;
    corkedSlots.length = 0;
    turn += 1;
    turnEndScheduled = false;
  }

  return {
    hold(socket, slot) {
      if (slot.corkedTurn === turn) return;
      if (slot.writtenTurn !== turn) {
        slot.writtenTurn = turn;
        if (!turnEndScheduled) {
          turnEndScheduled = true;
          defer(endTurn);
        }
        return;
      }
      socket.cork();
      slot.corkedTurn = turn;
      corkedSockets.push(socket);
      corkedSlots.push(slot);
    },
    check(socket, slot) {
      if (slot.corkedTurn === turn && socket.writableLength >= options.maxBytes) {
        slot.corkedTurn = -1;
        socket.uncork();
      }
    },
  };
}
