import type { Call, CallEvent } from '@callboard/core';
import type { AppendOutcome } from '../../store/call-store.js';
import { botEventKeys, type BotEventKeys } from '../bot/bot-event-keys.js';
import {
  botLiveEvents,
  botStartEvents,
  botTranscriptEvents,
  botUpdateEvents,
  BOT_PROVIDER,
  MAX_TRANSCRIPT_LINES,
  textToSegments,
  type BotTarget,
} from '../bot/build-bot-events.js';
import { fingerprintOf } from '../create-idempotency-guard.js';
import { httpError } from '../http-error.js';
import { readJson } from '../parse-input.js';
import { jsonResponse } from '../responses.js';
import type { RouteContext, RouteDefinition } from '../route-context.js';
import { appendTranscriptSchema, createBotCallSchema, liveEventSchema, updateBotCallSchema } from '../schemas/bot-schemas.js';
import { callResponseSchema, liveEventResponseSchema } from '../schemas/response-schemas.js';

/** The `Idempotency-Key` header: 1 to 200 visible ASCII characters. */
function keysOf(context: RouteContext): BotEventKeys {
  const header = context.request.headers.get('idempotency-key');
  if (header === null) return botEventKeys(undefined);
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw httpError('BAD_REQUEST', 'Idempotency-Key must be 1 to 200 visible ASCII characters');
  }
  return botEventKeys(header);
}

/**
 * Stores a bot request's events once it is fully validated. A key reused with a different
 * request is refused; a replay stores nothing and answers like the first request did.
 */
async function store(context: RouteContext, text: string, events: CallEvent[]): Promise<{ outcomes: AppendOutcome[]; replayed: boolean }> {
  const header = context.request.headers.get('idempotency-key');
  if (header !== null) {
    const fingerprint = fingerprintOf(`${context.request.method} ${context.url.pathname}\n${text}`);
    if (context.state.idempotency.check(header, fingerprint) === 'conflict') {
      throw httpError('CONFLICT', 'This Idempotency-Key was used for a different request');
    }
  }
  const outcomes = await context.state.ingest(events);
  return { outcomes, replayed: outcomes.length > 0 && outcomes.every((outcome) => outcome.status === 'duplicate') };
}

async function callAfter(context: RouteContext, outcomes: AppendOutcome[], fallbackId: string): Promise<Call> {
  for (let i = outcomes.length - 1; i >= 0; i--) {
    const outcome = outcomes[i]!;
    if (outcome.status === 'stored' && outcome.call !== undefined) return outcome.call;
  }
  const id = outcomes.find((outcome) => outcome.status === 'duplicate' && outcome.callId !== undefined);
  const call = await context.state.hub.store.getCall(id?.status === 'duplicate' && id.callId ? id.callId : fallbackId);
  if (call === undefined) throw httpError('NOT_FOUND', `No call ${fallbackId}`);
  return call;
}

async function existingCall(context: RouteContext): Promise<Call> {
  const id = context.params.callId!;
  const call = await context.state.hub.store.getCall(id);
  if (call === undefined) throw httpError('NOT_FOUND', `No call ${id}`);
  return call;
}

function targetOf(context: RouteContext, call: Call, keys: BotEventKeys): BotTarget {
  return {
    providerCallId: call.provider === BOT_PROVIDER ? call.providerCallId : context.params.callId!,
    callId: call.id,
    receivedAt: new Date(context.state.clock.now()).toISOString(),
    keys,
  };
}

function replayHeaders(replayed: boolean): Record<string, string> {
  return replayed ? { 'idempotent-replayed': 'true' } : {};
}

/** `POST /api/calls`: a bot reports a call starting (or any state of it). */
export const createBotCallRoute: RouteDefinition = {
  method: 'POST',
  path: '/api/calls',
  access: 'ingest',
  docs: {
    summary: 'Report a call from a bot',
    description: 'Creates the call (or updates it: the same callId is the same call). Honours Idempotency-Key.',
    body: createBotCallSchema,
    response: { status: 201, schema: callResponseSchema },
  },
  async run(context) {
    const { value, text } = await readJson(context, createBotCallSchema);
    const keys = keysOf(context);
    const events = botStartEvents(
      { providerCallId: value.callId, receivedAt: new Date(context.state.clock.now()).toISOString(), keys },
      {
        direction: value.type ?? value.direction!,
        caller: value.caller,
        receiver: value.receiver,
        startTime: value.startTime,
        status: value.status?.status,
        rawStatus: value.status?.raw,
        language: value.language,
        metadata: value.metadata,
      },
    );
    const { outcomes, replayed } = await store(context, text, events);
    return jsonResponse({ call: await callAfter(context, outcomes, value.callId) }, 201, replayHeaders(replayed));
  },
};

/** `PATCH /api/calls/:callId`: a bot reports the end of a call, or any change to it. */
export const updateBotCallRoute: RouteDefinition = {
  method: 'PATCH',
  path: '/api/calls/:callId',
  access: 'ingest',
  docs: {
    summary: 'Update a call from a bot (end time, status, duration, transcript, satisfaction, metadata)',
    body: updateBotCallSchema,
    response: { status: 200, schema: callResponseSchema },
  },
  async run(context) {
    const { value, text } = await readJson(context, updateBotCallSchema);
    const keys = keysOf(context);
    if (typeof value.transcript === 'string' && textToSegments(value.transcript, new Date(0).toISOString(), keys).length > MAX_TRANSCRIPT_LINES) {
      throw httpError('BAD_REQUEST', `A transcript has at most ${MAX_TRANSCRIPT_LINES} lines; send the rest with PATCH .../transcript`, {
        issues: [{ path: 'transcript', code: 'too_big', message: 'Too many lines' }],
      });
    }
    const call = await existingCall(context);
    // A copy by assignment: a spread that adds properties makes new maps per request (see withCallId).
    const events = botUpdateEvents(targetOf(context, call, keys), call, Object.assign({}, value, { status: value.status?.status, rawStatus: value.status?.raw }));
    if (events.length === 0) return jsonResponse({ call });
    const { outcomes, replayed } = await store(context, text, events);
    return jsonResponse({ call: await callAfter(context, outcomes, call.id) }, 200, replayHeaders(replayed));
  },
};

/** `PATCH /api/calls/:callId/transcript`: appends transcript lines. */
export const appendTranscriptRoute: RouteDefinition = {
  method: 'PATCH',
  path: '/api/calls/:callId/transcript',
  access: 'ingest',
  docs: {
    summary: 'Append transcript lines to a call',
    body: appendTranscriptSchema,
    response: { status: 200, schema: callResponseSchema },
  },
  async run(context) {
    const { value, text } = await readJson(context, appendTranscriptSchema);
    const keys = keysOf(context);
    const call = await existingCall(context);
    const { segments, ...single } = value;
    const lines = segments ?? [Object.assign({}, single, { text: single.text! })];
    const { outcomes, replayed } = await store(context, text, botTranscriptEvents(targetOf(context, call, keys), lines));
    return jsonResponse({ call: await callAfter(context, outcomes, call.id) }, 200, replayHeaders(replayed));
  },
};

/** `POST /api/calls/:callId/events`: a live, application-defined event (streamed and stored; the call does not change). */
export const liveEventRoute: RouteDefinition = {
  method: 'POST',
  path: '/api/calls/:callId/events',
  access: 'ingest',
  docs: {
    summary: 'Send a live event for a call',
    body: liveEventSchema,
    response: { status: 202, schema: liveEventResponseSchema },
  },
  async run(context) {
    const { value, text } = await readJson(context, liveEventSchema);
    const keys = keysOf(context);
    const call = await existingCall(context);
    const name = value.name ?? value.type!;
    const { replayed } = await store(context, text, botLiveEvents(targetOf(context, call, keys), name, value.data));
    return jsonResponse({ callId: call.id, name }, 202, replayHeaders(replayed));
  },
};
