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

  it('shares one principal per key and one scope set per combination, so each connection does not hold its own', () => {
    const auth = createAuth({ apiKeys: ['first-key', 'second-key'], clock });
    expect(auth.authenticate('first-key')).toBe(auth.authenticate('Bearer first-key'));
    expect(auth.authenticate('first-key')).not.toBe(auth.authenticate('second-key'));
    expect(auth.authenticate('first-key')!.subject).not.toBe(auth.authenticate('second-key')!.subject);
    expect(Object.isFrozen(auth.authenticate('first-key'))).toBe(true);
    const read = auth.authenticate(auth.mintToken({ subject: 'a', scopes: ['read'], ttlSec: 60 }).token)!;
    const readAgain = auth.authenticate(auth.mintToken({ subject: 'b', scopes: ['read'], ttlSec: 60 }).token)!;
    const both = auth.authenticate(auth.mintToken({ subject: 'c', scopes: ['read', 'ingest'], ttlSec: 60 }).token)!;
    const bothReordered = auth.authenticate(auth.mintToken({ subject: 'd', scopes: ['ingest', 'read'], ttlSec: 60 }).token)!;
    expect(read.scopes).toBe(readAgain.scopes);
    expect(both.scopes).toBe(bothReordered.scopes);
    expect([...both.scopes]).toEqual(['ingest', 'read']);
    expect([...auth.authenticate(auth.mintToken({ subject: 'e', scopes: [], ttlSec: 60 }).token)!.scopes]).toEqual([]);
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
