import { CallboardError, type CallEvent, type WebhookRequest } from '@callboard/core';
import { httpError } from '../http-error.js';
import { readBody } from '../read-body.js';
import { resolvePublicUrl } from '../resolve-public-url.js';
import { textResponse } from '../responses.js';
import type { RouteDefinition } from '../route-context.js';

/**
 * `POST /webhooks/:provider`: a provider's webhook. In this order, and nothing stored unless
 * all pass: the adapter verifies it against the public URL (401 missing signature, 403 bad
 * signature, stale timestamp or token), parses it (400), the hub stores the events, and only
 * then the provider gets its 2xx with the adapter's reply (Twilio and Africa's Talking: an
 * empty XML `<Response/>`), so a provider retries anything we did not store.
 */
export const webhookRoute: RouteDefinition = {
  method: 'POST',
  path: '/webhooks/:provider',
  access: 'webhook',
  docs: {
    summary: "A provider's status webhook (twilio, telnyx, africastalking), verified with the provider's own scheme",
    response: { status: 200, contentType: 'text/xml' },
  },
  async run(context) {
    const { request, state } = context;
    const providerId = context.params.provider!;
    const provider = Object.hasOwn(state.hub.providers, providerId) ? state.hub.providers[providerId] : undefined;
    if (provider === undefined) throw httpError('NOT_FOUND', `No provider "${providerId}" is configured`);
    const rawBody = await readBody(request, state.bodyLimitBytes);
    const webhook: WebhookRequest = {
      method: request.method,
      url: resolvePublicUrl(request, context.url, state),
      headers: request.headers,
      rawBody,
    };
    try {
      await provider.verifyWebhook(webhook);
    } catch (error) {
      state.metrics.observeWebhook(providerId, CallboardError.isInstance(error) ? 'rejected' : 'error');
      throw error;
    }
    let events: CallEvent[];
    try {
      events = provider.parseWebhook(webhook, { receivedAt: new Date(state.clock.now()) });
    } catch (error) {
      state.metrics.observeWebhook(providerId, CallboardError.isInstance(error) ? 'invalid' : 'error');
      throw error;
    }
    let outcomes;
    try {
      outcomes = await state.ingest(events);
    } catch (error) {
      state.metrics.observeWebhook(providerId, 'error');
      throw error;
    }
    state.metrics.observeWebhook(
      providerId,
      outcomes.length === 0 ? 'empty' : outcomes.some((outcome) => outcome.status === 'stored') ? 'stored' : 'duplicate',
    );
    const reply = provider.webhookReply();
    return textResponse(reply.body, reply.status, { 'content-type': reply.contentType });
  },
};

/** Twilio can be configured to send status callbacks with GET (parameters in the query string). */
export const webhookGetRoute: RouteDefinition = { ...webhookRoute, method: 'GET' };
