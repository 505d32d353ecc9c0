import { describe, expect, it } from 'vitest';
import { decodeTelnyxClientState, encodeTelnyxClientState } from './telnyx-client-state.js';

describe('Telnyx client_state', () => {
  it('is base64 of {"callId": ...}, as Telnyx requires base64', () => {
    const clientState = encodeTelnyxClientState('call_01JTX4QF7Z0000000000000001');
    expect(clientState).toBe('eyJjYWxsSWQiOiJjYWxsXzAxSlRYNFFGN1owMDAwMDAwMDAwMDAwMDAxIn0=');
    expect(JSON.parse(atob(clientState))).toEqual({ callId: 'call_01JTX4QF7Z0000000000000001' });
  });

  it('round-trips call ids with characters outside ASCII', () => {
    expect(decodeTelnyxClientState(encodeTelnyxClientState('appel-é-☎'))).toBe('appel-é-☎');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['Telnyx documentation example state', 'aGF2ZSBhIG5pY2UgZGF5ID1d'],
    ['unpadded base64', 'eyJjYWxsSWQiOiJ4In0'],
    ['JSON with an empty callId', btoa('{"callId":""}')],
    ['a JSON array', btoa('["call_1"]')],
    ['a huge value', 'A'.repeat(10_000)],
  ])('reads no call id from %s', (_, value) => {
    expect(decodeTelnyxClientState(value)).toBeUndefined();
  });
});
