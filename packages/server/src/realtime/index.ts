export { attachRealtime, type AttachRealtimeOptions, type Realtime } from './attach-realtime.js';
export {
  createSubscriptionEngine,
  type Admission,
  type RoomChange,
  type SubscriptionEngine,
  type SubscriptionEngineOptions,
} from './subscription-engine.js';
export { createWebSocketGateway, type WebSocketGateway, type WebSocketGatewayOptions } from './websocket-gateway.js';
export { createSocketIoGateway, type SocketIoGateway, type SocketIoGatewayOptions } from './socket-io-gateway.js';
export type {
  FrameHandler,
  OutboundFrame,
  RealtimeConnection,
  RoomGate,
  RoomJoinRequest,
  RoomJoinVerdict,
  RoomLeaveReason,
} from './realtime-connection.js';
export type { RealtimeLogger } from './realtime-settings.js';
export type { FeedFilter, SubscribeFrame, ClientFrame } from './client-frame.js';
export type { FeedSnapshot, CallSnapshot } from './snapshot.js';
export type { EventFrame } from './event-frame.js';
export { SOCKET_IO_EVENT } from './event-frame.js';
export { CLOSE_CODES, PROTOCOL_VERSION, type CloseCode } from './close-codes.js';
export { LEGACY_EVENT_NAMES, type LegacyEventName } from './legacy-events.js';
export type { RealtimeClock, Timers } from './timers.js';
