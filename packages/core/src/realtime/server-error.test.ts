import { describe, expect, it } from 'vitest';
import { serverError } from './server-error.js';

describe('serverError', () => {
  it('keeps the codes the relay and gateways send', () => {
    for (const code of ['FORBIDDEN', 'ROOM_FULL', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'CONFLICT'] as const) {
      expect(serverError(code, 'x').code).toBe(code);
    }
  });

  it('maps an unknown code to INTERNAL and keeps it verbatim in the details', () => {
    const error = serverError('SOMETHING_NEW', 'x');
    expect(error.code).toBe('INTERNAL');
    expect(error.details?.serverCode).toBe('SOMETHING_NEW');
  });
});
