import type { Bus } from '../bus/bus.js';
import { createLocalBus } from '../bus/local-bus.js';

/**
 * The bus of a node: Redis when `REDIS_URL` is set (several nodes share change notifications),
 * else in-process.
 */
export async function createBus(redisUrl: string | undefined, channel: string | undefined, onError: (error: unknown) => void): Promise<Bus> {
  if (redisUrl === undefined) return createLocalBus();
  const { createRedisBus } = await import('../bus/redis-bus.js');
  return createRedisBus({ url: redisUrl, onError, ...(channel ? { channel } : {}) });
}
