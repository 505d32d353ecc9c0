export { createSignalingRelay, type IceServer, type SignalingRelay, type SignalingRelayOptions } from './create-signaling-relay.js';
export { createLocalSignalingBackplane } from './create-local-signaling-backplane.js';
export { createRedisSignalingBackplane, type RedisSignalingBackplaneOptions } from './create-redis-signaling-backplane.js';
export type {
  DirectoryEntry,
  DirectoryJoin,
  DirectoryPeer,
  PeerLeftReason,
  RoomMessage,
  SignalingBackplane,
} from './signaling-backplane.js';
export { SIGNAL_TYPES, type SignalType } from './signal-types.js';
