/**
 * `@callboard/core/socket.io`: the Socket.IO transport for the realtime client. Needs
 * `socket.io-client` v4 (an optional peer dependency); the main entry never imports it.
 *
 * @module
 */
export { createSocketIoTransport, type SocketIoTransportOptions } from './create-socket-io-transport.js';
