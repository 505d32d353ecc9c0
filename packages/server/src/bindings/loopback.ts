import { CallboardError } from '@callboard/core';

/** Whether a host name or address is the loopback interface. */
export function isLoopback(host: string | undefined): boolean {
  if (host === undefined) return false;
  const value = host.replace(/^\[|\]$/g, '').toLowerCase();
  return value === 'localhost' || value === '::1' || /^(?:::ffff:)?127(?:\.\d{1,3}){3}$/.test(value);
}

/**
 * Refuses to serve a dev-mode handler (no API key: every request is allowed) on anything but
 * loopback, with an error that says how to fix it.
 */
export function assertLoopbackInDevMode(devMode: boolean, host: string): void {
  if (devMode && !isLoopback(host)) {
    throw new CallboardError({
      code: 'INVALID_ARGUMENT',
      message: `No API key is set (dev mode: every request is allowed), so Callboard only listens on loopback, not on "${host}". Set CALLBOARD_API_KEY, or listen on 127.0.0.1.`,
      details: { host },
    });
  }
}
