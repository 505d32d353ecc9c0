/**
 * B-SIO: the typical Express + Socket.IO dashboard backend. `express()` with `express.json()`, a
 * webhook route that emits `call:status` with `req.body`, Socket.IO with its defaults (in-memory
 * adapter, default parser, no connection state recovery). For W2 (a wallboard) the route does
 * `io.emit`; for W1 each socket joins the room of the tenant named in its handshake query and
 * the route does `io.to(tenant).emit`, as a multi-tenant dashboard backend would.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { serveControl } from './server-control.js';

const byTenant = process.env.FANOUT_WORKLOAD === 'W1';

const app = express();
app.use(express.json());
app.post('/webhooks/call-status', (req, res) => {
  if (byTenant) io.to(String(req.body.tenant)).emit('call:status', req.body);
  else io.emit('call:status', req.body);
  res.sendStatus(200);
});
const server = createServer(app);
const io = new Server(server);
if (byTenant) {
  io.on('connection', (socket) => {
    const { tenant } = socket.handshake.query;
    if (typeof tenant === 'string') void socket.join(tenant);
  });
}

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveControl((server.address() as AddressInfo).port);
