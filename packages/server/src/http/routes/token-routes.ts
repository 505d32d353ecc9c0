import { readJson } from '../parse-input.js';
import { jsonResponse } from '../responses.js';
import type { RouteDefinition } from '../route-context.js';
import { mintTokenSchema } from '../schemas/action-schemas.js';
import { meResponseSchema, tokenResponseSchema } from '../schemas/response-schemas.js';
import { SCOPES } from '../../auth/index.js';

/** `POST /api/tokens`: mints a signed, scoped, expiring token (for a dashboard, a bot, a dialer). */
export const mintTokenRoute: RouteDefinition = {
  method: 'POST',
  path: '/api/tokens',
  access: 'admin',
  docs: { summary: 'Mint a scoped token', body: mintTokenSchema, response: { status: 201, schema: tokenResponseSchema } },
  async run(context) {
    const { value } = await readJson(context, mintTokenSchema);
    const scopes = SCOPES.filter((scope) => value.scopes.includes(scope));
    return jsonResponse(
      context.state.auth.mintToken({ subject: value.subject, scopes, ttlSec: value.ttlSec, ...(value.rooms ? { rooms: value.rooms } : {}) }),
      201,
    );
  },
};

/** `GET /api/me`: what the credential may do (the dashboard's sign-in check). */
export const meRoute: RouteDefinition = {
  method: 'GET',
  path: '/api/me',
  access: 'authenticated',
  docs: { summary: 'The caller: subject, scopes, and whether the server runs in dev mode', response: { status: 200, schema: meResponseSchema } },
  async run(context) {
    const principal = context.principal!;
    return jsonResponse({
      subject: principal.subject,
      kind: principal.kind,
      scopes: SCOPES.filter((scope) => principal.scopes.has(scope)),
      devMode: context.state.auth.devMode,
      ...(principal.rooms ? { rooms: principal.rooms } : {}),
      ...(principal.expiresAt === undefined ? {} : { expiresAt: new Date(principal.expiresAt).toISOString() }),
    });
  },
};
