import { CALL_EVENT_VERSION, WebhookParseError, WebhookVerificationError, type CallProvider, type WebhookRequest } from '@callboard/core';

/** A provider that records the webhooks it sees. Test-only. */
export interface RecordingProvider extends CallProvider {
  readonly seen: WebhookRequest[];
}

/**
 * A stand-in provider for binding tests: it accepts a webhook when the `x-test-signature` header
 * equals `secret`, records exactly what it was given (URL, raw body), and turns a JSON body
 * `{ "callId", "status" }` into one status event.
 */
export function createRecordingProvider(id = 'fake', secret = 'let-me-in'): RecordingProvider {
  const seen: WebhookRequest[] = [];
  return {
    specificationVersion: 'v1',
    id,
    seen,
    async verifyWebhook(request) {
      seen.push(request);
      const signature = request.headers.get('x-test-signature');
      if (signature === null) throw new WebhookVerificationError({ code: 'MISSING_SIGNATURE', provider: id });
      if (signature !== secret) throw new WebhookVerificationError({ code: 'BAD_SIGNATURE', provider: id });
    },
    parseWebhook(request, context) {
      let body: { callId?: unknown; status?: unknown };
      try {
        body = JSON.parse(request.rawBody) as typeof body;
      } catch (cause) {
        throw new WebhookParseError({ message: 'not JSON', provider: id, cause });
      }
      if (typeof body.callId !== 'string' || body.status !== 'ringing') throw new WebhookParseError({ message: 'bad body', provider: id });
      const at = context.receivedAt.toISOString();
      return [
        {
          v: CALL_EVENT_VERSION,
          type: 'call.status',
          key: `${id}:${body.callId}:ringing`,
          provider: id,
          providerCallId: body.callId,
          status: 'ringing',
          occurredAt: at,
          receivedAt: at,
        },
      ];
    },
    webhookReply: () => ({ status: 200, contentType: 'text/plain', body: 'ok' }),
    async placeCall() {
      throw new WebhookParseError({ message: 'not supported', provider: id });
    },
    async hangup() {},
  };
}
