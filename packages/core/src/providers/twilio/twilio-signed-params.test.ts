import { describe, expect, it } from 'vitest';
import { twilioSignedParams } from './twilio-signed-params.js';

describe('twilioSignedParams', () => {
  it('sorts names in code-unit order, not locale order', () => {
    expect(twilioSignedParams([['CallbackSource', 'x'], ['CallDuration', '1'], ['called', 'y']])).toBe('CallDuration1CallbackSourcexcalledy');
  });

  it('writes a repeated name once per distinct value, values sorted', () => {
    expect(twilioSignedParams([['Digits', '5678'], ['Digits', '1234'], ['Digits', '1234'], ['A', '']])).toBe('ADigits1234Digits5678');
  });

  it('is empty without params', () => {
    expect(twilioSignedParams([])).toBe('');
  });
});
