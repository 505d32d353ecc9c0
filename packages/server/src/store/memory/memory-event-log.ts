import type { StoredEvent } from '../call-store.js';

/** Bytes per shared buffer; an event larger than this gets a buffer of its own size. */
const SLAB_BYTES = 1024 * 1024;

/**
 * @internal The memory store's event log, in seq order. Each event is kept as its JSON text in
 * large shared buffers, outside the JavaScript heap, with its seq, call id and receive time in
 * plain arrays beside it. Kept as objects, a busy store's events were most of what the garbage
 * collector copied out of the young generation and marked in the old one: every stored event
 * lengthened every later full collection, and a realtime server on the same thread stalled for
 * it. Reading an event parses its JSON, which also gives each reader a copy of its own.
 *
 * Events dropped by {@link MemoryEventLog.retain} (a deleted call's) keep their bytes until
 * pruning drops every event of their buffer.
 */
export class MemoryEventLog {
  readonly #slabs: Array<Buffer | undefined> = [];
  #used = SLAB_BYTES;
  #slab: number[] = [];
  #offset: number[] = [];
  #bytes: number[] = [];
  #seq: number[] = [];
  #callId: string[] = [];
  #receivedMs: number[] = [];

  /** How many events the log holds. */
  get length(): number {
    return this.#seq.length;
  }

  /**
   * Appends events, in seq order after every seq in the log: all or none, since every one is
   * encoded before any is kept (an event JSON cannot carry, such as one holding a BigInt, throws).
   */
  push(events: readonly StoredEvent[]): void {
    const texts = events.map((stored) => JSON.stringify(stored));
    events.forEach((stored, index) => this.#append(stored, texts[index]!));
  }

  #append(stored: StoredEvent, text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.#used + bytes > (this.#slabs[this.#slabs.length - 1]?.length ?? 0)) {
      this.#slabs.push(Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, bytes)));
      this.#used = 0;
    }
    const slab = this.#slabs.length - 1;
    this.#slabs[slab]!.write(text, this.#used, 'utf8');
    this.#slab.push(slab);
    this.#offset.push(this.#used);
    this.#bytes.push(bytes);
    this.#seq.push(stored.seq);
    this.#callId.push(stored.callId);
    this.#receivedMs.push(Date.parse(stored.event.receivedAt));
    this.#used += bytes;
  }

  /** The event at `index` (0 is the oldest kept), as a new object. */
  read(index: number): StoredEvent {
    const offset = this.#offset[index]!;
    return JSON.parse(this.#slabs[this.#slab[index]!]!.toString('utf8', offset, offset + this.#bytes[index]!)) as StoredEvent;
  }

  seqAt(index: number): number {
    return this.#seq[index]!;
  }

  callIdAt(index: number): string {
    return this.#callId[index]!;
  }

  receivedMsAt(index: number): number {
    return this.#receivedMs[index]!;
  }

  /** The index of the first event with a seq above `seq` (the length if there is none). */
  firstIndexAfter(seq: number): number {
    let low = 0;
    let high = this.#seq.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.#seq[mid]! <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Drops the `count` oldest events, and the buffers no kept event uses any more. */
  dropOldest(count: number): void {
    if (count <= 0) return;
    this.#slab.splice(0, count);
    this.#offset.splice(0, count);
    this.#bytes.splice(0, count);
    this.#seq.splice(0, count);
    this.#callId.splice(0, count);
    this.#receivedMs.splice(0, count);
    // Buffers are filled in order, so every buffer before the oldest kept event's is unused; the
    // last one stays, to be filled further.
    const firstUsed = this.#slab[0] ?? this.#slabs.length - 1;
    for (let slab = 0; slab < firstUsed; slab++) this.#slabs[slab] = undefined;
  }

  /** Keeps only the events `keep` says yes to. */
  retain(keep: (seq: number, callId: string) => boolean): void {
    const kept: number[] = [];
    for (let index = 0; index < this.#seq.length; index++) if (keep(this.#seq[index]!, this.#callId[index]!)) kept.push(index);
    if (kept.length === this.#seq.length) return;
    const pick = <T>(values: T[]) => kept.map((index) => values[index]!);
    this.#slab = pick(this.#slab);
    this.#offset = pick(this.#offset);
    this.#bytes = pick(this.#bytes);
    this.#seq = pick(this.#seq);
    this.#callId = pick(this.#callId);
    this.#receivedMs = pick(this.#receivedMs);
  }
}
