/**
 * B-WS: raw `ws` broadcast, the ws README pattern. A `node:http` POST handler reads the webhook,
 * `JSON.stringify`s the message once and loops over the open sockets with
 * `if (readyState === OPEN) ws.send(str)`. No auth, no storage, no resume.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { serveControl } from './server-control.js';

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/webhooks/call-status') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const message = JSON.stringify({ event: 'call:status', data: body });
    for (const ws of wss.clients) {
      if (ws.readyState === WebSocket.OPEN) ws.send(message);
    }
    res.writeHead(200).end();
  });
});
const wss = new WebSocketServer({ server, path: '/ws' });

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveControl((server.address() as AddressInfo).port);
