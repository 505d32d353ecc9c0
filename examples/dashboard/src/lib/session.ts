import { createCallboardApi, type CallboardApi } from '@callboard/core';

const TOKEN_KEY = 'callboard.token';

/** The dashboard token the user signed in with, if any (none when the server runs in dev mode). */
export function getToken(): string | undefined {
  return window.localStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** Keeps the token for later visits. */
export function setToken(token: string | undefined): void {
  if (token) window.localStorage.setItem(TOKEN_KEY, token);
  else window.localStorage.removeItem(TOKEN_KEY);
}

/** The API client of this page's own server, reading the current token on every request. */
export const api: CallboardApi = createCallboardApi({ url: '', token: getToken });

/** The server the realtime client connects to: this page's own (the transport adds `/realtime`). */
export function realtimeUrl(): string {
  return window.location.origin;
}
