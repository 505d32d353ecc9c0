import type { TranscriptRole } from '@callboard/core';

/** Speaker names bots use, and the transcript role each becomes (case-insensitive). */
export const BOT_ROLE_MAP: Readonly<Record<string, TranscriptRole>> = {
  caller: 'caller',
  user: 'caller',
  customer: 'caller',
  human: 'caller',
  agent: 'agent',
  operator: 'agent',
  bot: 'bot',
  assistant: 'bot',
  ai: 'bot',
  system: 'system',
};

/** The role of a transcript line when the bot names none. */
export const DEFAULT_BOT_ROLE: TranscriptRole = 'bot';

/** The transcript role for a bot's speaker name, or undefined when the name is unknown. */
export function mapBotRole(value: string): TranscriptRole | undefined {
  const word = value.trim().toLowerCase();
  return Object.hasOwn(BOT_ROLE_MAP, word) ? BOT_ROLE_MAP[word] : undefined;
}
