import type { Call } from '@callboard/core';
import type { StoredEvent } from '../store/call-store.js';

/** A change notification: one stored event and the call as it is after it. */
export interface BusMessage {
  stored: StoredEvent;
  /** The call after the event; undefined for `call.deleted`. */
  call: Call | undefined;
}

/**
 * Carries change notifications to every node of a deployment (and, on one node, to the
 * gateways). Delivery may reorder or drop messages between nodes: consumers order by `seq` and
 * fill gaps from the store.
 */
export interface Bus {
  /** Sends a message to every subscriber on every node, this one included. */
  publish(message: BusMessage): Promise<void>;
  /** Registers a handler; returns a function that removes it. */
  subscribe(handler: (message: BusMessage) => void): () => void;
  /** Stops delivery and releases connections. */
  close(): Promise<void>;
  /**
   * Optional: calls `listener` each time delivery from other nodes resumes after an outage (messages
   * may have been lost meanwhile), so consumers can look for gaps at once. Returns a remover.
   */
  onResubscribed?(listener: () => void): () => void;
}
