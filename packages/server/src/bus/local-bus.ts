import type { Bus, BusMessage } from './bus.js';

/**
 * The in-process bus of a single node: publish calls every subscriber synchronously, in order.
 *
 * @example
 * const bus = createLocalBus();
 * bus.subscribe(({ stored }) => console.log(stored.seq));
 */
export function createLocalBus(): Bus {
  const handlers = new Set<(message: BusMessage) => void>();
  return {
    async publish(message) {
      for (const handler of handlers) handler(message);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
    },
  };
}
