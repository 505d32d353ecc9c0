import { createHash, randomBytes } from 'node:crypto';

/** @internal A fresh peer id: `p_` and 96 random bits. */
export function createPeerId(): string {
  return `p_${randomBytes(12).toString('base64url')}`;
}

/** @internal A fresh resume key: 192 random bits. Only its digest is stored. */
export function createResumeKey(): string {
  return randomBytes(24).toString('base64url');
}

/** @internal The digest of a resume key that the room directory keeps. */
export function digestResumeKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
