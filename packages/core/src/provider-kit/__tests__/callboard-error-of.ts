import { CallboardError, type CallboardErrorCode } from '../../errors/callboard-error.js';

/**
 * Test-only: the code of the `CallboardError` that `run` throws, or `undefined` when it returns.
 * Anything else it throws is rethrown, so the test fails on it.
 */
export function thrownCode(run: () => unknown): CallboardErrorCode | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (CallboardError.isInstance(error)) return error.code;
    throw error;
  }
}

/**
 * Test-only: the code of the `CallboardError` that `promise` rejects with, or `undefined` when it
 * resolves. Any other rejection is rethrown, so the test fails on it.
 */
export async function rejectionCode(promise: Promise<unknown>): Promise<CallboardErrorCode | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (CallboardError.isInstance(error)) return error.code;
    throw error;
  }
}

/** Test-only: the `CallboardError` that `promise` rejects with; throws when it resolves or rejects with anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<CallboardError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!CallboardError.isInstance(error)) throw new Error(`expected a CallboardError, got ${String(error)}`);
  return error;
}
