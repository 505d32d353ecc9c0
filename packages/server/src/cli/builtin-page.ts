/** The page at `/` when no dashboard is built. */
export const BUILTIN_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Callboard</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d2430}code{background:#eef1f5;padding:0 .3em;border-radius:3px}a{color:#2457c5}</style>
</head>
<body>
<h1>Callboard is running</h1>
<p>The dashboard is not built here. Build it with <code>npx -y pnpm@10 --filter @callboard/example-dashboard build</code>, or point <code>CALLBOARD_STATIC_DIR</code> at a directory to serve.</p>
<ul>
<li><a href="/health">/health</a>: liveness</li>
<li><a href="/api/calls">/api/calls</a>: the call log (needs a key unless the server runs in dev mode)</li>
<li><a href="/api/calls/active">/api/calls/active</a>: live calls</li>
<li><a href="/openapi.json">/openapi.json</a>: the API description</li>
<li><a href="/metrics">/metrics</a>: Prometheus metrics</li>
</ul>
<p>Realtime: WebSocket at <code>/realtime</code>, Socket.IO at <code>/socket.io</code>.</p>
</body>
</html>
`;
