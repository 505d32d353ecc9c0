import { DIRECTIONS } from '@callboard/core';
import { z } from 'zod';

/**
 * A point in time as clients send it: ISO 8601 with an offset or `Z` (without one it is taken
 * as UTC), or Unix milliseconds. Becomes an ISO string in UTC.
 */
export const timeSchema = z
  .union([
    z.iso.datetime({ offset: true, local: true }),
    z.number().int().min(0).max(253_402_300_799_999),
  ])
  .transform((value, ctx) => {
    const text = typeof value === 'number' ? value : /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(value) ? value : `${value}Z`;
    const date = new Date(text);
    if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999) {
      ctx.addIssue({ code: 'custom', message: 'Not a valid time' });
      return z.NEVER;
    }
    return date.toISOString();
  })
  .meta({ description: 'ISO 8601 time (UTC when it has no offset) or Unix milliseconds', examples: ['2026-01-15T09:30:00Z'] });

/** `inbound` or `outbound`, any letter case. */
export const directionSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.toLowerCase() : value),
  z.enum(DIRECTIONS),
);

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Free-form call metadata (at most 100 keys). `roomId` is reserved: the server sets it when it
 * places a call, and the signaling relay trusts it.
 */
export const metadataSchema = z
  .record(
    z
      .string()
      .min(1)
      .max(128)
      .refine((key) => !RESERVED_KEYS.has(key), 'Reserved key')
      .refine((key) => key !== 'roomId', '`roomId` is set by the server'),
    z.unknown(),
  )
  .refine((value) => Object.keys(value).length <= 100, 'At most 100 metadata keys');

/** A language tag (`en`, `sw-KE`). */
export const languageSchema = z.string().trim().min(1).max(64);

/** A phone number, SIP URI or client name as a provider or bot reports it. */
export const partySchema = z.string().trim().max(256);
