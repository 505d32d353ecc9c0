import { CallboardError, type CallboardErrorCode } from '../../errors/callboard-error.js';

/**
 * Test-only: runs a webhook verification on fuzzed input and resolves with `undefined` when it
 * accepted the request, or with the code of the `CallboardError` it rejected with when that code
 * is one of `codes`. Anything else it throws is rethrown, failing the property.
 */
export async function verificationRejection(verify: () => Promise<unknown>, codes: readonly CallboardErrorCode[]): Promise<CallboardErrorCode | undefined> {
  try {
    await verify();
    return undefined;
  } catch (error) {
    if (CallboardError.isInstance(error) && codes.includes(error.code)) return error.code;
    throw error;
  }
}
