import { describe, expect, it } from 'vitest';
import { createAuth, type Scope } from '../auth/index.js';
import { ROUTES } from './route-table.js';
import type { RouteDefinition } from './route-context.js';
import { createRecordingProvider } from './__tests__/create-recording-provider.js';
import { createTestApp, TEST_API_KEY } from './__tests__/create-test-app.js';

const SAMPLE_PARAMS: Record<string, string> = { id: 'call-1', callId: 'call-1', provider: 'fake' };

function concretePath(route: RouteDefinition): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => SAMPLE_PARAMS[name]!);
}

/** Scopes that do not include the one a route needs (admin implies every scope, so it is never among them). */
function wrongScopes(access: Scope): Scope[] {
  return (['ingest', 'read'] as Scope[]).filter((scope) => scope !== access);
}

const app = createTestApp({ providers: { fake: createRecordingProvider() } });
const tokens = createAuth({ apiKeys: [TEST_API_KEY] });

async function call(route: RouteDefinition, authorization: string | null) {
  return app.request(route.method, concretePath(route), {
    auth: authorization,
    ...(route.method === 'POST' || route.method === 'PATCH' ? { json: {} } : {}),
  });
}

describe('the route table', () => {
  it('has one route per method and path, and every path is in the OpenAPI document', async () => {
    const ids = ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(new Set(ids).size).toBe(ids.length);
    const openApi = (await (await app.request('GET', '/openapi.json', { auth: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const route of ROUTES) {
      expect(openApi.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
  });

  for (const route of ROUTES) {
    const id = `${route.method} ${route.path}`;
    if (route.access === 'public') {
      it(`${id} is public`, async () => {
        const response = await call(route, null);
        expect(response.status).toBeLessThan(400);
      });
    } else if (route.access === 'webhook') {
      it(`${id} needs the provider's signature, not a key`, async () => {
        const unsigned = await call(route, null);
        expect(unsigned.status).toBe(401);
        expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe('MISSING_SIGNATURE');
        const withKeyOnly = await call(route, TEST_API_KEY);
        expect(withKeyOnly.status).toBe(401);
      });
    } else {
      it(`${id} answers 401 without credentials`, async () => {
        const response = await call(route, null);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
      });
      it(`${id} answers 401 with a forged token`, async () => {
        const { token } = createAuth({ apiKeys: ['another-key-entirely'] }).mintToken({ subject: 'x', scopes: ['admin'], ttlSec: 60 });
        expect((await call(route, token)).status).toBe(401);
      });
      const needed: Scope | undefined = route.access === 'metrics' ? 'read' : route.access === 'authenticated' ? undefined : route.access;
      if (needed !== undefined) {
        it(`${id} answers 403 with a token without the "${needed}" scope`, async () => {
          const { token } = tokens.mintToken({ subject: 'limited', scopes: wrongScopes(needed), ttlSec: 60 });
          const response = await call(route, token);
          expect(response.status).toBe(403);
          expect(((await response.json()) as { error: { code: string; details: { required: string } } }).error).toMatchObject({
            code: 'FORBIDDEN',
            details: { required: needed },
          });
        });
        it(`${id} lets a token with the "${needed}" scope through`, async () => {
          const { token } = tokens.mintToken({ subject: 'right', scopes: [needed], ttlSec: 60 });
          const response = await call(route, token);
          expect([401, 403]).not.toContain(response.status);
        });
      } else {
        it(`${id} lets any valid token through`, async () => {
          const { token } = tokens.mintToken({ subject: 'anyone', scopes: ['ingest'], ttlSec: 60 });
          expect((await call(route, token)).status).toBe(200);
        });
      }
    }
  }
});
