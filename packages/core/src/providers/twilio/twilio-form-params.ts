/** One decoded `name=value` pair of a form body, in the order it was sent. */
export type TwilioFormPair = readonly [name: string, value: string];

const encoder = new TextEncoder();
// The WHATWG form decoder keeps a leading byte-order mark: it is part of the value Twilio signed.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Decodes an `application/x-www-form-urlencoded` body (or a query string without its `?`) the
 * way the WHATWG URL standard does, which is how Twilio's values come back out of its encoding:
 * `+` is a space, a `%` not followed by two hex digits stays literal, and bytes that are not
 * UTF-8 become U+FFFD. Empty segments (`a=1&&b=2`) are skipped. Never throws.
 */
export function parseTwilioFormPairs(body: string): TwilioFormPair[] {
  const pairs: TwilioFormPair[] = [];
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf('&', start);
    if (end === -1) end = body.length;
    if (end > start) {
      const segment = body.slice(start, end);
      const eq = segment.indexOf('=');
      pairs.push(
        eq === -1
          ? [decodeFormComponent(segment), '']
          : [decodeFormComponent(segment.slice(0, eq)), decodeFormComponent(segment.slice(eq + 1))],
      );
    }
    start = end + 1;
  }
  return pairs;
}

/** Decodes one name or value of a form body (see {@link parseTwilioFormPairs}). */
export function decodeFormComponent(text: string): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return decodePercentLeniently(spaced);
  }
}

function decodePercentLeniently(text: string): string {
  const input = encoder.encode(text);
  const output = new Uint8Array(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i]!;
    if (byte === 0x25 && i + 2 < input.length) {
      const high = hexValue(input[i + 1]!);
      const low = hexValue(input[i + 2]!);
      if (high >= 0 && low >= 0) {
        output[length++] = high * 16 + low;
        i += 2;
        continue;
      }
    }
    output[length++] = byte;
  }
  return decoder.decode(output.subarray(0, length));
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}
