import { createCallLogger } from '@callboard/core';
import { describe, expect, it } from 'vitest';
import { createTestApp, TEST_API_KEY } from './__tests__/create-test-app.js';

describe('the core call logger against this handler', () => {
  it('records a whole call, applies each request once even when the same request is sent twice', async () => {
    const app = createTestApp();
    const sent: string[] = [];
    // The logger's fetch goes straight into the handler; every request is delivered twice, as a
    // retry after a lost answer would.
    const fetchTwice: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      await app.handler(request.clone(), { remoteAddress: '127.0.0.1' });
      return app.handler(request, { remoteAddress: '127.0.0.1' });
    };
    const errors: unknown[] = [];
    const logger = createCallLogger({ url: 'http://callboard.test', apiKey: TEST_API_KEY, fetch: fetchTwice, onError: (error) => errors.push(error) });
    await logger.logCallStart({ callId: 'LOG-1', type: 'inbound', caller: '+254700000001', receiver: '+254700000002', language: 'sw' });
    await logger.updateCallTranscript('LOG-1', { text: 'Habari', role: 'caller' });
    await logger.updateCallTranscript('LOG-1', [{ text: 'Karibu', role: 'bot' }, { text: 'Asante', role: 'caller' }]);
    await logger.sendLiveEvent('LOG-1', 'sentiment', { score: 0.9 });
    await logger.logCallEnd('LOG-1', { status: 'success', duration: 95, satisfaction: 5 });
    await logger.flush();
    await logger.close();
    expect(errors).toEqual([]);
    expect(sent).toHaveLength(5);

    const { call, events } = (await (await app.request('GET', '/api/calls/LOG-1?events=1')).json()) as { call: any; events: unknown[] };
    expect(call).toMatchObject({ status: 'completed', durationSec: 95, language: 'sw', metadata: { satisfaction: 5 } });
    expect(call.transcript.map((segment: { text: string }) => segment.text)).toEqual(['Habari', 'Karibu', 'Asante']);
    expect(events).toHaveLength(5);
  });
});
