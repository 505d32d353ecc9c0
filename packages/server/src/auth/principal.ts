/** What a credential may do: `ingest` for bots, `read` for dashboards, `admin` for delete, terminate and minting tokens. */
export type Scope = 'ingest' | 'read' | 'admin';

/** Every scope, in a fixed order. */
export const SCOPES: readonly Scope[] = ['ingest', 'read', 'admin'];

/** Who is calling, once a credential has been checked. */
export interface Principal {
  /** `key` for an API key, `token` for a signed token, `dev` when no key is configured. */
  kind: 'key' | 'token' | 'dev';
  /** A stable identifier for rate limiting and logs (a key's fingerprint or a token's subject). Never a secret. */
  subject: string;
  scopes: ReadonlySet<Scope>;
  /** Signaling rooms the credential may join, when it is limited to some (undefined: any room it learns of). */
  rooms?: readonly string[];
  /** Unix milliseconds when the credential stops working, for tokens. */
  expiresAt?: number;
}

/** Whether the principal holds a scope. `admin` implies the others. */
export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.has(scope) || principal.scopes.has('admin');
}
