/**
 * Run the example: `pnpm --filter @callboard/example-express-app start`, then
 *   curl -X POST http://127.0.0.1:4000/callboard/api/calls/initiate -H 'content-type: application/json' -d '{"to":"+15551230000"}'
 */
import { createApp } from './create-app.js';

const { server, close } = createApp({ ...(process.env.CALLBOARD_API_KEY ? { apiKey: process.env.CALLBOARD_API_KEY } : {}) });
const port = Number(process.env.PORT ?? 4000);
server.listen(port, '127.0.0.1', () => console.log(`express app with Callboard on http://127.0.0.1:${port}`));
process.on('SIGINT', () => void close().then(() => server.close()));
