import type { Call } from '@callboard/core';
import { describe, expect, it } from 'vitest';
import { callsCsvStream, csvCell, CSV_COLUMNS } from './calls-csv-stream.js';

const call: Call = {
  id: 'call_1',
  provider: 'bot',
  providerCallId: 'B,1',
  direction: 'inbound',
  from: '+254700000001',
  to: '=HYPERLINK("http://evil")',
  status: 'completed',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  transcript: [
    { id: 's1', role: 'caller', text: 'He said "hi"', at: '2026-01-01T00:00:01.000Z', isFinal: true },
    { id: 's2', role: 'bot', text: 'Hello', at: '2026-01-01T00:00:02.000Z', isFinal: true },
  ],
  metadata: { note: 'a,b' },
  version: 1,
};

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
  });

  it('defuses text a spreadsheet would run as a formula, but keeps phone numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('+cmd|calc')).toBe("'+cmd|calc");
    expect(csvCell('+254700000001')).toBe('+254700000001');
    expect(csvCell('-12')).toBe('-12');
  });
});

describe('callsCsvStream', () => {
  it('writes a header row, then one row per call, from an async source', async () => {
    async function* calls() {
      yield call;
      yield { ...call, id: 'call_2', transcript: [] };
    }
    const text = await new Response(callsCsvStream(calls())).text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.map(([name]) => name).join(','));
    expect(text).toContain('call_1,bot,"B,1",inbound,+254700000001,"\'=HYPERLINK(""http://evil"")",completed');
    expect(text).toContain('"caller: He said ""hi""\nbot: Hello"');
    expect(text).toContain('"{""note"":""a,b""}"');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('stops reading the source when the reader cancels', async () => {
    let produced = 0;
    let finished = false;
    async function* endless() {
      try {
        for (;;) {
          produced++;
          yield call;
        }
      } finally {
        finished = true;
      }
    }
    const reader = callsCsvStream(endless()).getReader();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
    expect(produced).toBeLessThan(1000);
  });
});
