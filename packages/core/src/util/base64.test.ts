import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToHex } from './base64.js';

// Node's Buffer is the reference the Web-only implementation must agree with.
const nodeBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('bytesToBase64 and base64ToBytes', () => {
  it('encodes like Node and decodes back to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(text).toBe(nodeBase64(bytes));
        expect(base64ToBytes(text)).toEqual(bytes);
      }),
      { numRuns: 1_000 },
    );
  });

  it('handles inputs longer than one encoding chunk (32 KiB)', () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31) % 256);
    expect(bytesToBase64(bytes)).toBe(nodeBase64(bytes));
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });

  it('decodes a known Ed25519 public key and ignores surrounding whitespace', () => {
    const key = base64ToBytes('  11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n');
    expect(key && bytesToHex(key)).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  });

  it('returns undefined for anything that is not standard base64', () => {
    for (const bad of ['abc', 'ab$=', 'YWJj\u0000', '====', 'YW=j', '11qYAYKx-rfVS_7T']) {
      expect(base64ToBytes(bad), bad).toBeUndefined();
    }
  });
});

describe('bytesToHex', () => {
  it('writes two lowercase digits per byte, like Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(bytesToHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
      }),
      { numRuns: 500 },
    );
  });
});
