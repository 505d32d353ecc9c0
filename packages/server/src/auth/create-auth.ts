import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CallboardError, systemClock, type Clock } from '@callboard/core';
import { SCOPES, type Principal, type Scope } from './principal.js';

/** Options of {@link createAuth}. */
export interface AuthOptions {
  /** API keys that grant every scope. Empty: dev mode (every request is allowed; the server must stay on loopback). */
  apiKeys?: readonly string[];
  /** Secret that signs tokens. Defaults to one derived from the first API key. */
  tokenSecret?: string;
  clock?: Clock;
}

/** What a minted token carries. */
export interface TokenClaims {
  /** Who the token is for (shown in logs and used for rate limits). */
  sub: string;
  scopes: Scope[];
  /** Expiry, Unix seconds. */
  exp: number;
  /** Signaling rooms the token may join. */
  rooms?: string[];
}

/** Checks credentials and mints tokens. One instance serves the HTTP API and the realtime gateways. */
export interface Auth {
  /** True when no API key is configured. */
  readonly devMode: boolean;
  /**
   * Resolves a credential: an `Authorization: Bearer ...` header value, or a bare key/token
   * (as realtime clients send it). Returns undefined for a missing, unknown, forged or expired credential.
   */
  authenticate(credential: string | null | undefined): Principal | undefined;
  /** Mints a signed token. `ttlSec` is capped at 30 days. */
  mintToken(options: { subject: string; scopes: Scope[]; ttlSec: number; rooms?: string[] }): { token: string; expiresAt: string };
}

const TOKEN_PREFIX = 'cb1.';
const MAX_TTL_SEC = 30 * 24 * 3600;

/**
 * Creates the auth checker. API keys are compared by SHA-256 digest in constant time; tokens are
 * `cb1.<base64url claims>.<base64url HMAC-SHA256>` signed with `tokenSecret`.
 *
 * @example
 * const auth = createAuth({ apiKeys: [process.env.CALLBOARD_API_KEY!] });
 * const { token } = auth.mintToken({ subject: 'wallboard', scopes: ['read'], ttlSec: 3600 });
 * auth.authenticate(`Bearer ${token}`)?.scopes; // Set { 'read' }
 */
export function createAuth(options: AuthOptions = {}): Auth {
  const keys = (options.apiKeys ?? []).filter((key) => key.length > 0);
  const keyDigests = keys.map((key) => digest(key));
  const clock = options.clock ?? systemClock;
  const firstKey = keys[0];
  const secret = options.tokenSecret ?? (firstKey === undefined ? undefined : `callboard-token:${firstKey}`);
  const allScopes: ReadonlySet<Scope> = new Set(SCOPES);
  const devPrincipal: Principal = { kind: 'dev', subject: 'dev', scopes: allScopes };
  // One principal per key and one set per combination of scopes, shared by every connection and
  // request that presents them: a realtime connection keeps its principal for its whole life.
  const keyPrincipals: Principal[] = keyDigests.map((known) => Object.freeze({ kind: 'key', subject: `key:${known.subarray(0, 6).toString('hex')}`, scopes: allScopes }));
  const scopeSets = new Map<string, ReadonlySet<Scope>>();
  const scopeSetOf = (scopes: Scope[]): ReadonlySet<Scope> => {
    const key = SCOPES.filter((scope) => scopes.includes(scope)).join(',');
    let set = scopeSets.get(key);
    if (!set) scopeSets.set(key, (set = new Set(key === '' ? [] : (key.split(',') as Scope[]))));
    return set;
  };

  function sign(payload: string): string {
    if (secret === undefined) {
      throw new CallboardError({ code: 'INVALID_ARGUMENT', message: 'Tokens need an API key or a token secret' });
    }
    return createHmac('sha256', secret).update(payload).digest('base64url');
  }

  function verifyToken(token: string): Principal | undefined {
    if (secret === undefined) return undefined;
    const parts = token.slice(TOKEN_PREFIX.length).split('.');
    if (parts.length !== 2) return undefined;
    const [payload, signature] = parts as [string, string];
    const expected = Buffer.from(sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return undefined;
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= clock.now()) return undefined;
    const scopes = scopeSetOf(Array.isArray(claims.scopes) ? claims.scopes : []);
    return {
      kind: 'token',
      subject: `token:${String(claims.sub)}`,
      scopes,
      expiresAt: claims.exp * 1000,
      ...(Array.isArray(claims.rooms) ? { rooms: claims.rooms.map(String) } : {}),
    };
  }

  return {
    devMode: keys.length === 0,
    authenticate(credential) {
      if (keys.length === 0) return devPrincipal;
      if (!credential) return undefined;
      const value = credential.startsWith('Bearer ') ? credential.slice(7).trim() : credential.trim();
      if (value.startsWith(TOKEN_PREFIX)) return verifyToken(value);
      const given = digest(value);
      const index = keyDigests.findIndex((known) => timingSafeEqual(known, given));
      if (index < 0) return undefined;
      return keyPrincipals[index];
    },
    mintToken({ subject, scopes, ttlSec, rooms }) {
      const exp = Math.floor(clock.now() / 1000) + Math.min(Math.max(1, Math.floor(ttlSec)), MAX_TTL_SEC);
      const claims: TokenClaims = { sub: subject, scopes, exp, ...(rooms ? { rooms } : {}) };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return { token: `${TOKEN_PREFIX}${payload}.${sign(payload)}`, expiresAt: new Date(exp * 1000).toISOString() };
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
