import type { Call } from '@callboard/core';
import { callFacts } from './call-facts.js';
import { callMatchesSearch } from './call-search.js';
import type { NormalizedCallFilter } from './normalize-call-filter.js';

/** Whether a call passes every set field of a filter (the memory store's reference behaviour). */
export function callMatchesFilter(call: Call, filter: NormalizedCallFilter): boolean {
  const facts = callFacts(call);
  if (filter.status && !filter.status.includes(facts.status)) return false;
  if (filter.direction && facts.direction !== filter.direction) return false;
  if (filter.provider && !filter.provider.includes(facts.provider)) return false;
  if (filter.language && !filter.language.includes(facts.language)) return false;
  if (filter.fromMs !== undefined && facts.startMs < filter.fromMs) return false;
  if (filter.toMs !== undefined && facts.startMs >= filter.toMs) return false;
  if (filter.minDurationSec !== undefined && !(facts.durationKey >= filter.minDurationSec)) return false;
  if (filter.maxDurationSec !== undefined && !(facts.durationKey >= 0 && facts.durationKey <= filter.maxDurationSec)) {
    return false;
  }
  if (filter.search && !callMatchesSearch(call, filter.search)) return false;
  if (filter.metadata && !filter.metadata.every(([key, value]) => Object.hasOwn(call.metadata, key) && call.metadata[key] === value)) return false;
  return true;
}
