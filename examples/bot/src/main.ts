/**
 * The example bot: logs a stream of conversations to a Callboard server.
 *
 *   CALLBOARD_URL=http://127.0.0.1:3000 CALLBOARD_API_KEY=... pnpm --filter @callboard/example-bot start
 */
import { createCallLogger } from '@callboard/core';
import { runBot } from './run-bot.js';

const logger = createCallLogger({
  url: process.env.CALLBOARD_URL ?? 'http://127.0.0.1:3000',
  ...(process.env.CALLBOARD_API_KEY ? { apiKey: process.env.CALLBOARD_API_KEY } : {}),
});

const calls = Number(process.env.BOT_CALLS ?? 10);
const ids = await runBot({ logger, calls, turnDelayMs: Number(process.env.BOT_TURN_DELAY_MS ?? 1500) });
await logger.close();
console.log(`logged ${ids.length} calls: ${ids.join(', ')}`);
