import type { CallProvider } from '@callboard/core';
import { createAuth } from '../../auth/index.js';
import { createHub, type Hub } from '../../hub/hub.js';
import type { CallStore } from '../../store/call-store.js';
import { createMemoryStore } from '../../store/index.js';
import { createCallboardHandler, type CallboardHandler, type CallboardHandlerOptions } from '../create-callboard-handler.js';

/** The API key of every test app. */
export const TEST_API_KEY = 'test-key-0123456789';

/** A handler over a memory store, with helpers to call it in-process. Test-only. */
export interface TestApp {
  handler: CallboardHandler;
  hub: Hub;
  store: CallStore;
  /** Calls the handler with a JSON body (or raw text) and the API key unless `auth` is given (`null`: no Authorization). */
  request(
    method: string,
    path: string,
    init?: { json?: unknown; body?: string; headers?: Record<string, string>; auth?: string | null },
  ): Promise<Response>;
}

/** Builds a test app. Options are passed to the handler (hub and auth default to a memory store and {@link TEST_API_KEY}). */
export function createTestApp(
  options: Partial<CallboardHandlerOptions> & { providers?: Record<string, CallProvider>; store?: CallStore; apiKeys?: string[] } = {},
): TestApp {
  const store = options.store ?? createMemoryStore();
  const hub = options.hub ?? createHub({ store, ...(options.providers ? { providers: options.providers } : {}) });
  const handler = createCallboardHandler({
    auth: createAuth({ apiKeys: options.apiKeys ?? [TEST_API_KEY] }),
    rateLimit: { api: false, webhooks: false },
    ...options,
    hub,
  });
  return {
    handler,
    hub,
    store: hub.store,
    request(method, path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.auth !== null) headers.set('authorization', `Bearer ${init.auth ?? TEST_API_KEY}`);
      let body: string | undefined = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      return handler(new Request(`http://127.0.0.1:3000${path}`, { method, headers, ...(body === undefined ? {} : { body }) }), {
        remoteAddress: '127.0.0.1',
      });
    },
  };
}
