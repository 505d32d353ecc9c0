/**
 * B-SIO: the typical Express + Socket.IO dashboard backend. `express()` with `express.json()`, a
 * webhook route that does `io.emit('call:status', req.body)`, Socket.IO with its defaults
 * (in-memory adapter, default parser, no connection state recovery).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { serveControl } from './server-control.js';

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
