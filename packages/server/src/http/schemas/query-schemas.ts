import { CALL_STATUSES } from '@callboard/core';
import { z } from 'zod';
import { MAX_METADATA_FILTER_KEYS, METADATA_FILTER_KEY } from '../../store/calls/normalize-call-filter.js';
import { directionSchema } from './common-schemas.js';

/** A list parameter: comma-separated and/or repeated (`status=busy,failed` or `status=busy&status=failed`). */
function listParam<T extends z.ZodType<string, string>>(item: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((part) => part.split(','))
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item).min(1).max(20));
}

const isoParam = z.iso.datetime({ offset: true }).meta({ examples: ['2026-01-01T00:00:00Z'] });
const secondsParam = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,3})?$/, 'A number of seconds')
  .transform(Number);

const SORTS = ['newest', 'oldest', 'longest', 'shortest'] as const;

/** `metadata=tenant:acme` (repeat it, or separate pairs with commas, for several keys). */
const metadataParam = listParam(
  z
    .string()
    .regex(/^[^:,]{1,64}:[^,]{0,256}$/, 'key:value')
    .refine((pair) => METADATA_FILTER_KEY.test(pair.slice(0, pair.indexOf(':'))), 'The key must be 1-64 letters, digits, _, - or .'),
)
  .transform((pairs, ctx) => {
    const metadata = new Map<string, string>();
    for (const pair of pairs) {
      const colon = pair.indexOf(':');
      const key = pair.slice(0, colon);
      if (metadata.has(key)) ctx.addIssue({ code: 'custom', message: `metadata key "${key}" is given twice` });
      metadata.set(key, pair.slice(colon + 1));
    }
    if (metadata.size > MAX_METADATA_FILTER_KEYS) ctx.addIssue({ code: 'custom', message: `At most ${MAX_METADATA_FILTER_KEYS} metadata keys` });
    return Object.fromEntries(metadata);
  })
  .meta({ description: 'Calls whose metadata holds these strings, as `key:value` pairs', examples: ['tenant:acme'] });

const filterShape = {
  status: listParam(z.enum(CALL_STATUSES)).optional(),
  direction: directionSchema.optional(),
  provider: listParam(z.string().min(1).max(64)).optional(),
  from: isoParam.optional(),
  to: isoParam.optional(),
  language: listParam(z.string().min(1).max(64)).optional(),
  minDuration: secondsParam.optional(),
  maxDuration: secondsParam.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  metadata: metadataParam.optional(),
};

function checkRange(value: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (value.from !== undefined && value.to !== undefined && Date.parse(value.from) >= Date.parse(value.to)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must be after `from`' });
  }
}

/** `GET /api/calls/stats`: the call-log filters. */
export const filterQuerySchema = z.strictObject(filterShape).superRefine(checkRange);

/** `GET /api/calls`: filters, sort and a page. */
export const listQuerySchema = z
  .strictObject({
    ...filterShape,
    sort: z.enum(SORTS).optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'An integer from 1 to 500')
      .transform(Number)
      .pipe(z.number().int().min(1).max(500))
      .optional(),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .superRefine(checkRange);

/** `GET /api/calls/export.csv`: filters and sort. */
export const exportQuerySchema = z.strictObject({ ...filterShape, sort: z.enum(SORTS).optional() }).superRefine(checkRange);

/** `GET /api/calls/:id`. */
export const callQuerySchema = z.strictObject({
  events: z.enum(['1', '0', 'true', 'false']).optional().meta({ description: '`1` to include the call\'s stored events' }),
});

const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
/** The most buckets one analytics answer may hold. */
export const MAX_BUCKETS = 20_000;

/** How many buckets of a size a range spans. */
export function bucketCount(from: string, to: string, bucket: keyof typeof BUCKET_MS): number {
  return (Date.parse(to) - Date.parse(from)) / BUCKET_MS[bucket];
}

/** Routes that take no query parameters. */
export const emptyQuerySchema = z.strictObject({});

/** `GET /api/calls/analytics`. */
export const analyticsQuerySchema = z
  .strictObject({
    from: isoParam.optional().meta({ description: 'Default: 7 days before `to`' }),
    to: isoParam.optional().meta({ description: 'Default: now' }),
    tz: z
      .string()
      .min(1)
      .max(64)
      .refine(isTimeZone, 'Not an IANA time zone')
      .optional(),
    bucket: z.enum(['minute', 'hour', 'day']).optional(),
    direction: directionSchema.optional(),
    provider: listParam(z.string().min(1).max(64)).optional(),
  })
  .superRefine((value, ctx) => {
    checkRange(value, ctx);
    if (value.from !== undefined && value.to !== undefined && value.bucket !== undefined && bucketCount(value.from, value.to, value.bucket) > MAX_BUCKETS) {
      ctx.addIssue({ code: 'custom', path: ['bucket'], message: `More than ${MAX_BUCKETS} buckets; use a larger bucket` });
    }
  });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
