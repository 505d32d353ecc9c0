import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { CallboardError, type OutboxEntry, type OutboxStorage } from '@callboard/core';
import { z } from 'zod';

const entriesSchema = z.array(
  z.object({
    id: z.string().min(1),
    callId: z.string().min(1),
    operation: z.enum(['call.start', 'call.transcript', 'call.end', 'call.event']),
    method: z.enum(['POST', 'PATCH']),
    path: z.string().startsWith('/'),
    body: z.record(z.string(), z.unknown()),
    enqueuedAt: z.number(),
  }),
);

/**
 * A call logger outbox kept in a JSON file, so requests queued while the Callboard server is
 * unreachable survive a restart of the bot. Each save writes a temporary file, flushes it to
 * disk and renames it over the old one, so a crash leaves either the old queue or the new one,
 * never half of one.
 *
 * @example
 * import { createCallLogger } from '@callboard/core';
 * import { createFileOutbox } from '@callboard/server';
 *
 * const logger = createCallLogger({ url, apiKey, outbox: createFileOutbox('./callboard-outbox.json') });
 */
export function createFileOutbox(path: string): OutboxStorage {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const parsed = entriesSchema.safeParse(safeJson(text));
      if (!parsed.success) {
        throw new CallboardError({
          code: 'BAD_PAYLOAD',
          message: `The call logger outbox file ${path} is not a list of outbox entries`,
          cause: parsed.error,
        });
      }
      return parsed.data;
    },
    async save(entries: readonly OutboxEntry[]) {
      const temporary = `${path}.${randomUUID()}.tmp`;
      const file = await open(temporary, 'w');
      try {
        await file.writeFile(JSON.stringify(entries));
        await file.sync();
      } finally {
        await file.close();
      }
      try {
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
