import { createServer, type Server } from 'node:http';
import express from 'express';
import { Server as SocketIoServer } from 'socket.io';
import { createTwilio } from '@callboard/core/twilio';
import { createSimulatedProvider } from '@callboard/core/simulated';
import { attachRealtime, createAuth, createCallboardHandler, createHub, createSqliteStore, type CallStore } from '@callboard/server';
import { createExpressMiddleware } from '@callboard/server/express';

/** Settings of the example app. */
export interface AppSettings {
  /** A file for the embedded store (or pass `store`). */
  dbPath?: string;
  store?: CallStore;
  apiKey?: string;
  publicUrl?: string;
  twilio?: { accountSid: string; authToken: string };
}

/**
 * An existing Express + Socket.IO app (its own routes and its own chat socket) with Callboard
 * added. Everything marked "Callboard" is the whole integration.
 */
export function createApp(settings: AppSettings = {}): { server: Server; close(): Promise<void> } {
  // The app as it was: Express routes and a Socket.IO server for its own features.
  const app = express();
  const server = createServer(app);
  const io = new SocketIoServer(server);
  io.on('connection', (socket) => socket.on('chat', (text: string) => io.emit('chat', text)));

  // Callboard: a hub over an embedded store, verified webhooks and the call API under /callboard,
  // and the realtime gateways (plain WebSocket on /callboard/realtime, Socket.IO on
  // /callboard/socket.io with the event names an old dashboard listens for).
  const auth = createAuth({ apiKeys: settings.apiKey ? [settings.apiKey] : [] });
  const hub = createHub({
    store: settings.store ?? createSqliteStore({ path: settings.dbPath ?? './.callboard/express-app.db' }),
    providers: {
      simulated: createSimulatedProvider(),
      ...(settings.twilio ? { twilio: createTwilio(settings.twilio) } : {}),
    },
  });
  app.use('/callboard', createExpressMiddleware(createCallboardHandler({ hub, auth, ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}) })));
  const realtime = attachRealtime(server, {
    hub,
    auth,
    path: '/callboard/realtime',
    legacyEvents: true,
    socketIo: { path: '/callboard/socket.io' },
  });
  const stopSimulator = hub.start();

  // The app's own routes, after Callboard (so its body parsers never see webhook bodies).
  app.use(express.json());
  app.get('/hello', (_req, res) => {
    res.json({ hello: 'world' });
  });

  return {
    server,
    async close() {
      stopSimulator();
      await realtime.close({ graceMs: 100 });
      await io.close();
      await hub.close();
    },
  };
}
