import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the signaling tests use. */
export const REDIS_URL = process.env.CALLBOARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Fails with a message saying what is missing when Redis does not answer; returns an admin connection. */
export async function requireRedis(): Promise<Redis> {
  const admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await admin.connect();
    await admin.ping();
  } catch (error) {
    admin.disconnect();
    throw new Error(`Redis is not running at ${REDIS_URL}; the signaling tests across nodes need it (start redis-server)`, { cause: error });
  }
  return admin;
}

/** A key and channel prefix no other run shares. */
export function uniquePrefix(): string {
  return `callboard:test:${randomBytes(6).toString('hex')}:signal:`;
}
