import { describe, expect, it } from 'vitest';
import { CallboardApiError } from './callboard-api-error.js';

const codeOf = (status: number, serverCode: string) => new CallboardApiError({ status, serverCode, message: 'm' });

describe('CallboardApiError', () => {
  it('keeps a code the SDK knows and derives the others from the status', () => {
    expect(codeOf(503, 'UNAVAILABLE').code).toBe('UNAVAILABLE');
    expect(codeOf(503, 'SOMETHING_NEWER').code).toBe('UNAVAILABLE');
    expect(codeOf(404, 'SOMETHING_NEWER').code).toBe('NOT_FOUND');
    expect(codeOf(500, 'SOMETHING_NEWER').code).toBe('INTERNAL');
    expect(codeOf(400, 'CONFLICT').code).toBe('CONFLICT');
  });

  it('is retryable for 408, 429 and 5xx only, and keeps the server code and status', () => {
    const unavailable = codeOf(503, 'UNAVAILABLE');
    expect(unavailable.isRetryable).toBe(true);
    expect(unavailable.details).toEqual({ status: 503, serverCode: 'UNAVAILABLE' });
    expect(codeOf(429, 'RATE_LIMITED').isRetryable).toBe(true);
    expect(codeOf(409, 'CONFLICT').isRetryable).toBe(false);
  });
});
