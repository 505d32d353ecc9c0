export type {
  CallEventSink,
  CallProvider,
  HangupOptions,
  ParseWebhookContext,
  PlaceCallOptions,
  PlacedCall,
  WebhookReply,
  WebhookRequest,
} from './call-provider.js';
