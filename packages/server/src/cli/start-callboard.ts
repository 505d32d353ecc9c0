import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallboardError } from '@callboard/core';
import type { Logger } from 'pino';
import { createAuth } from '../auth/index.js';
import { assertLoopbackInDevMode, createNodeListener } from '../bindings/node.js';
import type { CallboardConfig } from '../config/parse-config.js';
import { createHub, type Hub } from '../hub/hub.js';
import { createCallboardHandler } from '../http/create-callboard-handler.js';
import { createCallboardMetrics } from '../metrics/create-callboard-metrics.js';
import { instrumentedIngest } from '../metrics/instrumented-ingest.js';
import { attachRealtime } from '../realtime/index.js';
import { createProviders } from './create-providers.js';
import { findDashboardDir } from './find-dashboard-dir.js';
import { openStore } from './open-store.js';
import { createBus } from './create-bus.js';
import { pruneStorePeriodically } from './prune-store-periodically.js';
import { createStaticFallback } from './serve-static.js';

/** A running reference server. */
export interface RunningCallboard {
  /** The base URL it listens on (`http://127.0.0.1:3000`). */
  url: string;
  server: Server;
  hub: Hub;
  /**
   * Graceful shutdown: stop accepting connections, tell realtime clients to come back later,
   * stop the simulator, let in-flight requests finish (up to `graceMs`, default 10 s, then cut
   * them), and close the bus and the store.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Starts the reference server from a parsed configuration: store, providers, hub, auth, the
 * HTTP handler on `node:http`, the realtime gateways on the same server, the static dashboard,
 * and simulated traffic. Refuses a non-loopback host in dev mode before opening anything.
 */
export async function startCallboard(config: CallboardConfig, logger: Logger): Promise<RunningCallboard> {
  const auth = createAuth({ apiKeys: config.apiKey ? [config.apiKey] : [], ...(config.tokenSecret ? { tokenSecret: config.tokenSecret } : {}) });
  assertLoopbackInDevMode(auth.devMode, config.host);
  const store = await openStore(config.db);
  const bus = await createBus(config.redisUrl, config.redisChannel, (error) => logger.warn({ err: error }, 'Redis bus error'));
  const { providers, defaultProvider, simulated } = createProviders(config);
  const hub = createHub({
    store,
    bus,
    providers,
    ...(defaultProvider ? { defaultProvider } : {}),
    ...(config.publicUrl ? { statusCallbackUrl: (id: string) => `${config.publicUrl}/webhooks/${id}` } : {}),
  });
  const metrics = createCallboardMetrics();
  const staticDir = config.staticDir ?? findDashboardDir();
  const handler = createCallboardHandler({
    hub,
    auth,
    metrics,
    logger: logger.child({ component: 'http' }),
    bodyLimitBytes: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    metricsPublic: config.metricsPublic,
    fallback: createStaticFallback(staticDir),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(config.corsOrigins.length > 0 ? { cors: { origins: config.corsOrigins } } : {}),
    ...(config.rateLimit > 0
      ? { rateLimit: { api: { ratePerSec: config.rateLimit, burst: Math.max(1, Math.ceil(config.rateLimit * 4)) } } }
      : { rateLimit: { api: false, webhooks: false } }),
  });
  const server = createServer(createNodeListener(handler));
  const realtime = attachRealtime(server, {
    hub,
    auth,
    logger: logger.child({ component: 'realtime' }),
    legacyEvents: config.legacyEvents,
    ...(config.corsOrigins.length > 0 ? { socketIo: { cors: { origin: config.corsOrigins } } } : {}),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await realtime.close({ graceMs: 0 });
    simulated?.close();
    await hub.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new CallboardError({
        code: 'INVALID_ARGUMENT',
        message: `Cannot listen on ${config.host}:${config.port} (${code}): choose another PORT or HOST`,
        cause: error,
      });
    }
    throw error;
  }
  const ingest = instrumentedIngest(hub, metrics);
  const detachers = Object.values(providers)
    .filter((provider) => provider.attach !== undefined)
    .map((provider) => provider.attach!((events) => ingest(events).then(() => undefined)));
  if (simulated && config.simulate > 0) simulated.startTraffic({ callsPerMinute: config.simulate });
  const pruner =
    config.eventRetentionMs > 0 || config.callRetentionMs > 0
      ? pruneStorePeriodically(hub.store, { callsMs: config.callRetentionMs, eventsMs: config.eventRetentionMs }, logger.child({ component: 'retention' }))
      : undefined;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info(
    {
      url,
      devMode: auth.devMode,
      db: config.db.startsWith('postgres') ? 'postgres' : config.db,
      providers: Object.keys(providers),
      simulate: config.simulate,
      eventRetentionMs: config.eventRetentionMs,
      callRetentionMs: config.callRetentionMs,
      staticDir: staticDir ?? null,
      publicUrl: config.publicUrl ?? null,
    },
    auth.devMode ? `Callboard listening on ${url} (dev mode: no API key, loopback only)` : `Callboard listening on ${url}`,
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    server,
    hub,
    close(options = {}) {
      closing ??= (async () => {
        const graceMs = options.graceMs ?? 10_000;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections go idle as their last request finishes: close each as it does.
        const reaper = setInterval(() => server.closeIdleConnections(), 50);
        simulated?.stopTraffic();
        await realtime.close({ retryAfterMs: 2_000, graceMs: Math.min(graceMs, 2_000) });
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await stopped;
        clearTimeout(timer);
        clearInterval(reaper);
        for (const detach of detachers) detach();
        simulated?.close();
        await pruner?.stop();
        await hub.close();
        logger.info({}, 'Callboard stopped');
      })();
      return closing;
    },
  };
}
