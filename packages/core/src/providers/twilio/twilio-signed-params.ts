import type { TwilioFormPair } from './twilio-form-params.js';

/**
 * The parameter part of the string Twilio signs: every `name + value` with no separators,
 * names in plain code-unit order (`Array.prototype.sort`, never `localeCompare`, which would put
 * `CallbackSource` before `CallDuration`). A repeated name contributes each distinct value
 * once, values sorted the same way, as twilio-node does.
 *
 * @example
 * twilioSignedParams([['To', '+1'], ['CallSid', 'CA1']]); // 'CallSidCA1To+1'
 */
export function twilioSignedParams(pairs: readonly TwilioFormPair[]): string {
  // Sorting by name then value and dropping exact repeats gives twilio-node's order and dedupe.
  const sorted = [...pairs].sort(comparePairs);
  let signed = '';
  let previous: TwilioFormPair | undefined;
  for (const pair of sorted) {
    if (previous === undefined || previous[0] !== pair[0] || previous[1] !== pair[1]) signed += pair[0] + pair[1];
    previous = pair;
  }
  return signed;
}

function comparePairs(a: TwilioFormPair, b: TwilioFormPair): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}
