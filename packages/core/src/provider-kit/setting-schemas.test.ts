import { describe, expect, it } from 'vitest';
import { clockSetting, fetchSetting, functionSetting, httpUrlSetting } from './setting-schemas.js';

describe('setting schemas', () => {
  it.each(['https://api.twilio.com', 'http://127.0.0.1:8080/v2'])('httpUrlSetting takes %s', (url) => {
    expect(httpUrlSetting.safeParse(url).success).toBe(true);
  });

  it.each(['ftp://api.telnyx.com/v2', 'javascript:alert(1)', 'api.twilio.com', '', 42])('httpUrlSetting refuses %j', (url) => {
    expect(httpUrlSetting.safeParse(url).success).toBe(false);
  });

  it('functionSetting and fetchSetting take functions only', () => {
    expect(functionSetting<() => void>().safeParse(() => undefined).success).toBe(true);
    expect(fetchSetting.safeParse(globalThis.fetch).success).toBe(true);
    expect(fetchSetting.safeParse('fetch').success).toBe(false);
    expect(functionSetting<() => void>().safeParse({}).success).toBe(false);
  });

  it('clockSetting takes anything with a now() method', () => {
    expect(clockSetting().safeParse({ now: () => 0 }).success).toBe(true);
    expect(clockSetting().safeParse({ now: 0 }).success).toBe(false);
    expect(clockSetting().safeParse({}).success).toBe(false);
    expect(clockSetting().safeParse(undefined).success).toBe(false);
  });
});
