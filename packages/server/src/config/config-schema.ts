import { z } from 'zod';

const unset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const text = () => z.preprocess(unset, z.string().trim().optional());
const booleanFlag = z.preprocess(
  unset,
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'Use true or false' })
    .transform((value) => ['1', 'true', 'yes', 'on'].includes(value))
    .optional(),
);
const integer = (min: number, max: number) =>
  z.preprocess(
    unset,
    z
      .string()
      .regex(/^\d+$/, `An integer from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min, `At least ${min}`).max(max, `At most ${max}`))
      .optional(),
  );
const decimal = (min: number, max: number) =>
  z.preprocess(
    unset,
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, `A number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().min(min).max(max, `At most ${max}`))
      .optional(),
  );
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/**
 * A duration such as `30d`, `12h`, `90m` or `45s`, in ms; `0` is zero. Other than 0, at least
 * `least.ms` when given, with `least.reason` saying why.
 */
const duration = (least?: { ms: number; reason: string }) =>
  z.preprocess(
    unset,
    z
      .string()
      .trim()
      .regex(/^(0|\d+[smhd])$/, 'A whole number with a unit, s, m, h or d (30d, 12h), or 0')
      .transform((value) => (value === '0' ? 0 : Number(value.slice(0, -1)) * UNIT_MS[value.slice(-1) as keyof typeof UNIT_MS]))
      .pipe(
        z
          .number()
          .max(100 * 365 * 86_400_000, 'At most 100 years')
          .refine((ms) => least === undefined || ms === 0 || ms >= least.ms, least?.reason),
      )
      .optional(),
  );
const httpUrl = z.preprocess(
  unset,
  z
    .url({ protocol: /^https?$/, message: 'An http(s) URL' })
    .refine((value) => !value.includes('?') && !value.includes('#'), 'A base URL without query or fragment')
    .optional(),
);

/**
 * Every setting the CLI reads, keyed by its environment variable (flags fill the same keys).
 * Empty values count as unset.
 */
export const configSchema = z.object({
  PORT: integer(0, 65_535),
  HOST: text(),
  CALLBOARD_DB: text(),
  CALLBOARD_API_KEY: z.preprocess(unset, z.string().min(16, 'At least 16 characters').optional()),
  CALLBOARD_TOKEN_SECRET: z.preprocess(unset, z.string().min(32, 'At least 32 characters').optional()),
  CALLBOARD_PUBLIC_URL: httpUrl,
  CALLBOARD_TRUST_PROXY: booleanFlag,
  CALLBOARD_SIMULATE: decimal(0, 6000),
  CALLBOARD_CORS_ORIGINS: z.preprocess(
    unset,
    z
      .string()
      .transform((value) => value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''))
      .pipe(z.array(z.union([z.literal('*'), z.string().regex(/^https?:\/\/[^/\s?#]+$/, 'An origin such as https://wall.example.com')])))
      .optional(),
  ),
  CALLBOARD_STATIC_DIR: text(),
  CALLBOARD_BODY_LIMIT: integer(1024, 100 * 1024 * 1024),
  CALLBOARD_RATE_LIMIT: decimal(0, 1_000_000),
  CALLBOARD_METRICS_PUBLIC: booleanFlag,
  CALLBOARD_LEGACY_EVENTS: booleanFlag,
  CALLBOARD_EVENT_RETENTION: duration(),
  CALLBOARD_CALL_RETENTION: duration({ ms: 86_400_000, reason: 'At least 1d, or 0: a call that started less than a day ago may still be in progress' }),
  LOG_LEVEL: z.preprocess(unset, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  REDIS_URL: z.preprocess(unset, z.string().regex(/^rediss?:\/\//, 'A redis:// or rediss:// URL').optional()),
  CALLBOARD_REDIS_CHANNEL: z.preprocess(unset, z.string().min(1).max(200).optional()),
  TWILIO_ACCOUNT_SID: z.preprocess(unset, z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex digits').optional()),
  TWILIO_AUTH_TOKEN: text(),
  TWILIO_FROM_NUMBER: text(),
  TELNYX_API_KEY: text(),
  TELNYX_PUBLIC_KEY: text(),
  TELNYX_CONNECTION_ID: text(),
  TELNYX_FROM_NUMBER: text(),
  AT_USERNAME: text(),
  AT_API_KEY: text(),
  AT_CALLBACK_TOKEN: z.preprocess(unset, z.string().min(16, 'At least 16 characters: it is the only thing that authenticates callbacks').optional()),
  AT_FROM_NUMBER: text(),
  AT_SANDBOX: booleanFlag,
});

/** The raw settings, validated. */
export type RawConfig = z.output<typeof configSchema>;
