import { describe, expect, it } from 'vitest';
import { createCallId } from './create-call-id.js';

describe('createCallId', () => {
  it('is call_, nine base-36 time characters, then twelve random ones', () => {
    const id = createCallId(Date.UTC(2026, 10, 21));
    expect(id).toMatch(/^call_[0-9a-z]{9}[0-9a-z]{12}$/);
    expect(id.slice(5, 14)).toBe(Date.UTC(2026, 10, 21).toString(36).padStart(9, '0'));
  });

  it('never repeats the random part across many ids made at the same moment (past several refills of its pool)', () => {
    const at = Date.now();
    const ids = Array.from({ length: 5_000 }, () => createCallId(at));
    expect(new Set(ids).size).toBe(ids.length);
    // Every character of the alphabet turns up in every random position.
    for (let position = 14; position < 26; position++) expect(new Set(ids.map((id) => id[position])).size).toBe(36);
  });

  it('sorts by creation time', () => {
    const earlier = createCallId(1_700_000_000_000);
    const later = createCallId(1_700_000_000_001);
    expect(earlier < later).toBe(true);
  });
});
