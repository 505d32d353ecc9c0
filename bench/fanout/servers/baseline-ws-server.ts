/**
 * B-WS: raw `ws` broadcast, the ws README pattern. A `node:http` POST handler reads the webhook,
 * `JSON.stringify`s the message once and loops over the sockets it concerns with
 * `if (readyState === OPEN) ws.send(str)`: every client for W2, the `Set<WebSocket>` of the
 * webhook's tenant (named by each client in its upgrade query) for W1. No auth, no storage, no
 * resume.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { serveControl } from './server-control.js';

const byTenant = process.env.FANOUT_WORKLOAD === 'W1';
const tenants = new Map<string, Set<WebSocket>>();

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/webhooks/call-status') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { tenant?: string };
    const message = JSON.stringify({ event: 'call:status', data: body });
    const sockets = byTenant ? (tenants.get(String(body.tenant)) ?? []) : wss.clients;
    for (const ws of sockets) {
      if (ws.readyState === WebSocket.OPEN) ws.send(message);
    }
    res.writeHead(200).end();
  });
});
const wss = new WebSocketServer({ server, path: '/ws' });
if (byTenant) {
  wss.on('connection', (ws, req) => {
    const tenant = new URL(req.url ?? '/', 'http://localhost').searchParams.get('tenant') ?? '';
    let members = tenants.get(tenant);
    if (!members) tenants.set(tenant, (members = new Set()));
    members.add(ws);
    ws.on('close', () => members.delete(ws));
  });
}

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveControl((server.address() as AddressInfo).port);
