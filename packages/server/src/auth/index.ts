export { createAuth, type Auth, type AuthOptions, type TokenClaims } from './create-auth.js';
export { SCOPES, hasScope, type Principal, type Scope } from './principal.js';
