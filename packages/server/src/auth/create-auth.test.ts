import { describe, expect, it } from 'vitest';
import { createAuth } from './create-auth.js';

const clock = { now: () => Date.parse('2026-01-01T00:00:00Z') };

describe('createAuth', () => {
  it('is in dev mode without keys and then allows everything', () => {
    const auth = createAuth();
    expect(auth.devMode).toBe(true);
    expect([...auth.authenticate(undefined)!.scopes]).toEqual(['ingest', 'read', 'admin']);
  });

  it('accepts the API key as a bearer header or bare, and rejects others', () => {
    const auth = createAuth({ apiKeys: ['secret-key'] });
    expect(auth.authenticate('Bearer secret-key')?.kind).toBe('key');
    expect(auth.authenticate('secret-key')?.kind).toBe('key');
    expect(auth.authenticate('Bearer secret-kez')).toBeUndefined();
    expect(auth.authenticate(undefined)).toBeUndefined();
    expect(auth.authenticate('')).toBeUndefined();
  });

  it('never puts the key into the subject', () => {
    const auth = createAuth({ apiKeys: ['secret-key'] });
    expect(auth.authenticate('secret-key')!.subject).not.toContain('secret');
  });

  it('mints tokens with scopes and rooms that verify until they expire', () => {
    let now = clock.now();
    const auth = createAuth({ apiKeys: ['k'], clock: { now: () => now } });
    const { token } = auth.mintToken({ subject: 'wall', scopes: ['read'], ttlSec: 60, rooms: ['room_1'] });
    const principal = auth.authenticate(`Bearer ${token}`)!;
    expect([...principal.scopes]).toEqual(['read']);
    expect(principal.rooms).toEqual(['room_1']);
    now += 61_000;
    expect(auth.authenticate(token)).toBeUndefined();
  });

  it('rejects a token with altered claims or signed with another secret', () => {
    const auth = createAuth({ apiKeys: ['k'], clock });
    const { token } = auth.mintToken({ subject: 'bot', scopes: ['ingest'], ttlSec: 60 });
    const [prefix, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.scopes = ['admin'];
    const forged = `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(auth.authenticate(forged)).toBeUndefined();
    const other = createAuth({ apiKeys: ['other'], clock });
    expect(other.authenticate(token)).toBeUndefined();
  });
});
