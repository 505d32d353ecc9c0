import { isTerminalStatus } from '@callboard/core';
import { metadataEvent } from '../bot/build-bot-events.js';
import { httpError } from '../http-error.js';
import { readJson } from '../parse-input.js';
import { emptyResponse, jsonResponse } from '../responses.js';
import type { RouteDefinition } from '../route-context.js';
import { initiateCallSchema, terminateCallSchema } from '../schemas/action-schemas.js';
import { callResponseSchema, initiateResponseSchema } from '../schemas/response-schemas.js';

/**
 * `POST /api/calls/initiate`: places a call through a provider. The answer carries a fresh,
 * unguessable `roomId` for the signaling relay, also stored in the call's `metadata.roomId`
 * (through a `call.updated` event, so realtime subscribers learn it) where the relay checks joins.
 */
export const initiateCallRoute: RouteDefinition = {
  method: 'POST',
  path: '/api/calls/initiate',
  access: 'admin',
  docs: {
    summary: 'Place an outbound call',
    description: 'Needs `admin`: it spends money with the provider. Answers with the call id and its signaling room id.',
    body: initiateCallSchema,
    response: { status: 201, schema: initiateResponseSchema },
  },
  async run(context) {
    const { value } = await readJson(context, initiateCallSchema);
    const { hub, clock } = context.state;
    if (value.provider !== undefined && !Object.hasOwn(hub.providers, value.provider)) {
      throw httpError('BAD_REQUEST', `No provider "${value.provider}" is configured`, { configured: Object.keys(hub.providers) });
    }
    const placed = await hub.initiate(value);
    const call = placed.call ?? (await hub.store.getCall(placed.callId));
    const roomId = context.state.generateRoomId();
    if (call === undefined) return jsonResponse({ callId: placed.callId, roomId }, 201);
    const at = new Date(clock.now()).toISOString();
    const [outcome] = await context.state.ingest([metadataEvent(call, `callboard:room:${call.id}`, { roomId }, at)]);
    const updated = outcome?.status === 'stored' ? outcome.call : call;
    return jsonResponse({ callId: placed.callId, roomId, call: updated }, 201);
  },
};

/** `POST /api/calls/:id/terminate`: hangs a call up through its provider. */
export const terminateCallRoute: RouteDefinition = {
  method: 'POST',
  path: '/api/calls/:id/terminate',
  access: 'admin',
  docs: { summary: 'Hang up a call', body: terminateCallSchema, response: { status: 200, schema: callResponseSchema } },
  async run(context) {
    await readJson(context, terminateCallSchema, { optional: true });
    const { hub } = context.state;
    const call = await hub.store.getCall(context.params.id!);
    if (call === undefined) throw httpError('NOT_FOUND', `No call ${context.params.id}`);
    if (isTerminalStatus(call.status)) throw httpError('CONFLICT', `Call ${call.id} has already ended (${call.status})`);
    if (!Object.hasOwn(hub.providers, call.provider)) {
      throw httpError('UNSUPPORTED', `Calls from "${call.provider}" cannot be hung up from here`);
    }
    return jsonResponse({ call: await hub.terminate(call.id) });
  },
};

/** `DELETE /api/calls/:id`: deletes a call and its events (subscribers get a `call.deleted` event). */
export const deleteCallRoute: RouteDefinition = {
  method: 'DELETE',
  path: '/api/calls/:id',
  access: 'admin',
  docs: { summary: 'Delete a call and its events', response: { status: 204 } },
  async run(context) {
    await context.state.hub.delete(context.params.id!);
    return emptyResponse(204);
  },
};
