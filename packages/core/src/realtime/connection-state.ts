/**
 * Where a realtime client's connection stands:
 * - `idle`: created, `connect()` not called yet;
 * - `connecting`: the first connection is being opened and authenticated;
 * - `open`: the server said `welcome`; subscriptions are live;
 * - `reconnecting`: the connection was lost; waiting out a backoff or opening a new one;
 * - `closed`: stopped, by `close()` or because the server refused the client for good
 *   (authentication, forbidden, protocol version). `connect()` starts again.
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';
