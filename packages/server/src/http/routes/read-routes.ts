import type { CallFilter } from '../../store/call-store.js';
import { httpError } from '../http-error.js';
import { readQuery } from '../parse-input.js';
import { jsonResponse } from '../responses.js';
import type { RouteDefinition } from '../route-context.js';
import { analyticsQuerySchema, bucketCount, callQuerySchema, emptyQuerySchema, filterQuerySchema, listQuerySchema, MAX_BUCKETS } from '../schemas/query-schemas.js';
import {
  analyticsSchema,
  callDetailResponseSchema,
  callListSchema,
  callPageSchema,
  statsSchema,
} from '../schemas/response-schemas.js';

/** The query's filter fields as the store takes them. */
export function toFilter(query: {
  status?: CallFilter['status'];
  direction?: CallFilter['direction'];
  provider?: string[];
  from?: string;
  to?: string;
  language?: string[];
  minDuration?: number;
  maxDuration?: number;
  q?: string;
  metadata?: Record<string, string>;
}): CallFilter {
  const filter: CallFilter = {};
  if (query.status) filter.status = query.status;
  if (query.direction) filter.direction = query.direction;
  if (query.provider) filter.provider = query.provider;
  if (query.from) filter.from = query.from;
  if (query.to) filter.to = query.to;
  if (query.language) filter.language = query.language;
  if (query.minDuration !== undefined) filter.minDurationSec = query.minDuration;
  if (query.maxDuration !== undefined) filter.maxDurationSec = query.maxDuration;
  if (query.q) filter.q = query.q;
  if (query.metadata) filter.metadata = query.metadata;
  return filter;
}

/** `GET /api/calls`. */
export const listCallsRoute: RouteDefinition = {
  method: 'GET',
  path: '/api/calls',
  access: 'read',
  docs: {
    summary: 'The call log: filters, search, sort and cursor pagination, with the total',
    query: listQuerySchema,
    response: { status: 200, schema: callPageSchema },
  },
  async run(context) {
    const query = readQuery(context, listQuerySchema);
    const page = await context.state.hub.store.listCalls({
      ...toFilter(query),
      ...(query.sort ? { sort: query.sort } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return jsonResponse(page);
  },
};

/** `GET /api/calls/active`. */
export const activeCallsRoute: RouteDefinition = {
  method: 'GET',
  path: '/api/calls/active',
  access: 'read',
  docs: { summary: 'Every call not yet ended, newest first', response: { status: 200, schema: callListSchema } },
  async run(context) {
    readQuery(context, emptyQuerySchema);
    return jsonResponse({ calls: await context.state.hub.store.activeCalls() });
  },
};

/** `GET /api/calls/stats`. */
export const statsRoute: RouteDefinition = {
  method: 'GET',
  path: '/api/calls/stats',
  access: 'read',
  docs: { summary: 'KPI numbers over the calls matching the filters', query: filterQuerySchema, response: { status: 200, schema: statsSchema } },
  async run(context) {
    return jsonResponse(await context.state.hub.store.stats(toFilter(readQuery(context, filterQuerySchema))));
  },
};

const WEEK_MS = 7 * 86_400_000;

/** `GET /api/calls/analytics`. */
export const analyticsRoute: RouteDefinition = {
  method: 'GET',
  path: '/api/calls/analytics',
  access: 'read',
  docs: {
    summary: 'Volume, outcomes, durations, hour-of-day, languages and the daily trend over a time range',
    query: analyticsQuerySchema,
    response: { status: 200, schema: analyticsSchema },
  },
  async run(context) {
    const query = readQuery(context, analyticsQuerySchema);
    const to = query.to ?? new Date(context.state.clock.now()).toISOString();
    const from = query.from ?? new Date(Date.parse(to) - WEEK_MS).toISOString();
    if (Date.parse(from) >= Date.parse(to)) throw httpError('BAD_REQUEST', '`from` must be before `to`');
    if (query.bucket && bucketCount(from, to, query.bucket) > MAX_BUCKETS) {
      throw httpError('BAD_REQUEST', `More than ${MAX_BUCKETS} buckets; use a larger bucket or a shorter range`);
    }
    return jsonResponse(
      await context.state.hub.store.analytics({
        from,
        to,
        ...(query.tz ? { timeZone: query.tz } : {}),
        ...(query.bucket ? { bucket: query.bucket } : {}),
        ...(query.direction ? { direction: query.direction } : {}),
        ...(query.provider ? { provider: query.provider } : {}),
      }),
    );
  },
};

/** `GET /api/calls/:id`. */
export const getCallRoute: RouteDefinition = {
  method: 'GET',
  path: '/api/calls/:id',
  access: 'read',
  docs: {
    summary: "One call, by Callboard id, provider call id or the bot's callId (with its stored events when events=1)",
    query: callQuerySchema,
    response: { status: 200, schema: callDetailResponseSchema },
  },
  async run(context) {
    const query = readQuery(context, callQuerySchema);
    const store = context.state.hub.store;
    const call = await store.getCall(context.params.id!);
    if (call === undefined) throw httpError('NOT_FOUND', `No call ${context.params.id}`);
    if (query.events === '1' || query.events === 'true') return jsonResponse({ call, events: await store.callEvents(call.id) });
    return jsonResponse({ call });
  },
};
