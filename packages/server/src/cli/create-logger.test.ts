import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';

describe('createLogger', () => {
  it('blanks out credentials wherever they sit in a logged object', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info(
      {
        headers: { authorization: 'Bearer sk-live-123', 'x-twilio-signature': 'sig-abc', 'telnyx-signature-ed25519': 'ed-sig' },
        token: 'cb1.claims.signature',
        apiKey: 'api-key-456',
        twilio: { authToken: 'auth-token-789' },
        africastalking: { callbackToken: 'callback-000' },
        route: 'POST /api/calls',
      },
      'request',
    );
    const text = lines.join('');
    for (const secret of ['sk-live-123', 'sig-abc', 'ed-sig', 'cb1.claims.signature', 'api-key-456', 'auth-token-789', 'callback-000']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(text)).toMatchObject({ route: 'POST /api/calls', token: '[redacted]', service: 'callboard' });
  });
});
