import { describe, expect, it } from 'vitest';
import { thrownCode } from '../../provider-kit/__tests__/callboard-error-of.js';
import {
  buildAfricasTalkingResponse,
  conference,
  dequeue,
  dial,
  enqueue,
  escapeXml,
  getDigits,
  play,
  record,
  redirect,
  reject,
  say,
  type AfricasTalkingPrompt,
} from './africastalking-xml-actions.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`Tom & "Jerry" <cat's> `)).toBe('Tom &amp; &quot;Jerry&quot; &lt;cat&apos;s&gt; ');
  });

  it('escapes an ampersand once, even in something that looks escaped already', () => {
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('drops characters XML 1.0 cannot carry and keeps tabs, newlines and astral characters', () => {
    expect(escapeXml('a\u0000b\u0007c\u001bd\uFFFEe\uD800f')).toBe('abcdef');
    expect(escapeXml('line\n\tnext\r')).toBe('line\n\tnext\r');
    expect(escapeXml('Karibu 😀 ñ é')).toBe('Karibu 😀 ñ é');
  });
});

describe('Africa\'s Talking XML actions', () => {
  it('builds an empty response as <Response/>', () => {
    expect(buildAfricasTalkingResponse()).toBe(`${HEAD}<Response/>`);
  });

  it('escapes Say text and attribute values', () => {
    const xml = buildAfricasTalkingResponse(say('Press 1 for <sales> & 2 for "support"', { voice: 'wo"man', playBeep: true }));
    expect(xml).toBe(
      `${HEAD}<Response><Say voice="wo&quot;man" playBeep="true">Press 1 for &lt;sales&gt; &amp; 2 for &quot;support&quot;</Say></Response>`,
    );
  });

  it('cannot be broken out of by markup in text', () => {
    const xml = buildAfricasTalkingResponse(say('</Say><Dial phoneNumbers="+1900"/><Say>'));
    expect(xml).not.toContain('<Dial');
    expect(xml.match(/<Say>/g)).toHaveLength(1);
  });

  it('escapes a URL with a query string in Play and Redirect', () => {
    expect(play('https://cdn.example.com/a.mp3?x=1&y=2').xml).toBe('<Play url="https://cdn.example.com/a.mp3?x=1&amp;y=2"/>');
    expect(redirect('https://app.example.com/next?step=2&lang=sw').xml).toBe(
      '<Redirect>https://app.example.com/next?step=2&amp;lang=sw</Redirect>',
    );
  });

  it('nests one Say inside GetDigits', () => {
    const action = getDigits({ numDigits: 4, finishOnKey: '#', timeout: 30, callbackUrl: 'https://app.example.com/pin', prompt: say('Enter your PIN') });
    expect(action.xml).toBe(
      '<GetDigits numDigits="4" finishOnKey="#" timeout="30" callbackUrl="https://app.example.com/pin"><Say>Enter your PIN</Say></GetDigits>',
    );
  });

  it('nests one Play inside Record (partial recording) and writes a bare Record as terminal', () => {
    expect(record({ maxLength: 60, trimSilence: true, playBeep: true, prompt: play('https://cdn.example.com/beep.wav') }).xml).toBe(
      '<Record maxLength="60" trimSilence="true" playBeep="true"><Play url="https://cdn.example.com/beep.wav"/></Record>',
    );
    expect(record().xml).toBe('<Record/>');
  });

  it('refuses a prompt that is not one Say or Play', () => {
    expect(thrownCode(() => getDigits({ prompt: reject() as unknown as AfricasTalkingPrompt }))).toBe('INVALID_ARGUMENT');
    expect(thrownCode(() => record({ prompt: { name: 'Say', xml: 1 } as unknown as AfricasTalkingPrompt }))).toBe('INVALID_ARGUMENT');
  });

  it('joins Dial numbers with commas and writes booleans and numbers as text', () => {
    expect(dial({ phoneNumbers: ['+254711000001', ' sip:agent@acme.sip.africastalking.com '], sequential: true, record: false, maxDuration: 300 }).xml).toBe(
      '<Dial phoneNumbers="+254711000001,sip:agent@acme.sip.africastalking.com" record="false" sequential="true" maxDuration="300"/>',
    );
    expect(dial({ phoneNumbers: '+254711000001', callerId: '+254730112233' }).xml).toBe(
      '<Dial phoneNumbers="+254711000001" callerId="+254730112233"/>',
    );
  });

  it('writes queue, conference and reject actions', () => {
    expect(enqueue({ name: 'support', holdMusic: 'https://cdn.example.com/hold.mp3' }).xml).toBe(
      '<Enqueue name="support" holdMusic="https://cdn.example.com/hold.mp3"/>',
    );
    expect(dequeue({ phoneNumber: '+254730112233', name: 'support' }).xml).toBe('<Dequeue phoneNumber="+254730112233" name="support"/>');
    expect(conference().xml).toBe('<Conference/>');
    expect(reject().xml).toBe('<Reject/>');
  });

  it('puts several actions in order inside one Response', () => {
    expect(buildAfricasTalkingResponse(say('Hi'), dial({ phoneNumbers: '+254711000001' }), reject())).toBe(
      `${HEAD}<Response><Say>Hi</Say><Dial phoneNumbers="+254711000001"/><Reject/></Response>`,
    );
  });

  it.each([
    ['a Dial without numbers', () => dial({ phoneNumbers: [] })],
    ['a Dial number with a comma', () => dial({ phoneNumbers: ['+1,+2'] })],
    ['a zero numDigits', () => getDigits({ numDigits: 0 })],
    ['a fractional timeout', () => getDigits({ timeout: 1.5 })],
    ['a NaN maxLength', () => record({ maxLength: Number.NaN })],
    ['a two-character finishOnKey', () => getDigits({ finishOnKey: '##' })],
    ['a relative Play URL', () => play('/audio/menu.mp3')],
    ['a javascript: Redirect URL', () => redirect('javascript:alert(1)')],
    ['a Say text that is not a string', () => say(42 as unknown as string)],
    ['a hand-made action', () => buildAfricasTalkingResponse({ name: 'Script', xml: '<Script/>' } as never)],
  ])('refuses %s with INVALID_ARGUMENT', (_, build) => {
    expect(thrownCode(build)).toBe('INVALID_ARGUMENT');
  });
});
