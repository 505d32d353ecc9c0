import type { CallLogger } from '@callboard/core';
import { CONVERSATIONS } from './conversations.js';

/** Options of {@link runBot}. */
export interface RunBotOptions {
  logger: CallLogger;
  /** How many conversations to play. */
  calls: number;
  /** Pause between turns, in ms (0 in tests). */
  turnDelayMs?: number;
  /** The bot's own number. */
  botNumber?: string;
  /** Makes the call ids; defaults to `bot-<time>-<n>`. */
  callId?: (index: number) => string;
}

/**
 * Plays `calls` conversations the way the existing bot integrations report them: start the call,
 * append each transcript turn as it is spoken, send a live event when the intent is known, and end
 * the call with a status, duration and satisfaction score.
 */
export async function runBot(options: RunBotOptions): Promise<string[]> {
  const { logger, calls } = options;
  const delay = options.turnDelayMs ?? 0;
  const ids: string[] = [];
  for (let index = 0; index < calls; index++) {
    const conversation = CONVERSATIONS[index % CONVERSATIONS.length]!;
    const callId = options.callId?.(index) ?? `bot-${Date.now().toString(36)}-${index}`;
    const startedAt = Date.now();
    ids.push(callId);
    await logger.logCallStart({
      callId,
      type: 'inbound',
      caller: `+2547${String(10_000_000 + ((index * 7919) % 89_999_999)).padStart(8, '0')}`,
      receiver: options.botNumber ?? '+254700000000',
      startTime: new Date(startedAt).toISOString(),
      status: 'in-progress',
      language: conversation.language,
      metadata: { bot: 'acme-power-assistant' },
    });
    for (const [turn, line] of conversation.turns.entries()) {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      await logger.updateCallTranscript(callId, { text: line.text, role: line.role, at: new Date().toISOString(), isFinal: true });
      if (turn === 1) await logger.sendLiveEvent(callId, 'intent-detected', { turn, text: line.text });
    }
    await logger.logCallEnd(callId, {
      status: conversation.outcome,
      endTime: new Date().toISOString(),
      duration: Math.max(1, Math.round((Date.now() - startedAt) / 1000)),
      satisfaction: conversation.satisfaction,
    });
  }
  return ids;
}
