/**
 * B-SIO: the typical Express + Socket.IO dashboard backend. `express()` with `express.json()`, a
 * webhook route that does `io.emit('call:status', req.body)`, Socket.IO with its defaults
 * (in-memory adapter, default parser, no connection state recovery).
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type * as ExpressModule from 'express';
import type * as SocketIoModule from 'socket.io';
import { serveControl } from './server-control.js';

// The same express and socket.io versions the Callboard server package resolves.
const requireFromServer = createRequire(new URL('../../../packages/server/package.json', import.meta.url));
const express = requireFromServer('express') as typeof ExpressModule.default;
const { Server } = requireFromServer('socket.io') as typeof SocketIoModule;

const app = express();
app.use(express.json());
app.post('/webhooks/call-status', (req, res) => {
  io.emit('call:status', req.body);
  res.sendStatus(200);
});
const server = createServer(app);
const io = new Server(server);

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveControl((server.address() as AddressInfo).port);
