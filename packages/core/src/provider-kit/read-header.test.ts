import { describe, expect, it } from 'vitest';
import { readHeader } from './read-header.js';

describe('readHeader', () => {
  it('reads a Headers whatever the spelling it was set with', () => {
    expect(readHeader(new Headers({ 'X-Twilio-Signature': 'sig' }), 'x-twilio-signature')).toBe('sig');
  });

  it('reads a plain record under its exact name', () => {
    expect(readHeader({ 'telnyx-timestamp': '1780408800' }, 'telnyx-timestamp')).toBe('1780408800');
  });

  it('finds a plain record key spelt in another case', () => {
    expect(readHeader({ 'Content-Type': 'text/plain', 'X-Twilio-Signature': 'sig' }, 'x-twilio-signature')).toBe('sig');
  });

  it('prefers the exact spelling when a record has several', () => {
    expect(readHeader({ 'X-Twilio-Signature': 'other', 'x-twilio-signature': 'exact' }, 'x-twilio-signature')).toBe('exact');
  });

  it('skips undefined record values and answers undefined for an absent header', () => {
    expect(readHeader({ 'x-twilio-signature': undefined, 'X-TWILIO-SIGNATURE': 'sig' }, 'x-twilio-signature')).toBe('sig');
    expect(readHeader({ 'content-type': 'text/plain' }, 'x-twilio-signature')).toBeUndefined();
    expect(readHeader(new Headers(), 'x-twilio-signature')).toBeUndefined();
  });

  it('returns an empty value as it is, for the caller to judge', () => {
    expect(readHeader({ 'x-twilio-signature': '' }, 'x-twilio-signature')).toBe('');
  });
});
