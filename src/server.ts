import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import type { Logger } from './logger.js';

/** How long requests in flight may take to finish when the server stops (a card click must answer within 5 s). */
const CLOSE_GRACE_MS = 5_000;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The HTTP host: `/api/messages` for Bot Framework, `/healthz` (the process answers) and `/readyz` (it can take
 * work) for probes, and the pages mounted under their own paths (the providers' reply page at `/reply`,
 * `/documents/…` for the document links offered in Teams), each with its own parsing, headers and errors.
 * JSON is parsed before the bot sees the request. A body that cannot be read (not JSON, too big, bad
 * encoding) gets a 400 with a generic message and one log line; nothing about the failure is echoed, and
 * the process keeps going.
 */
/** What the load balancer's readiness probe is told; `reason` names no secret and no data. */
export interface Readiness {
  ready: boolean;
  reason?: string;
}

export async function startHttpServer(opts: {
  host: string;
  port: number;
  botHandler: RequestHandler;
  /** GET /documents/:token: the signed document links offered in Teams. */
  documentHandler?: RequestHandler;
  log: Logger;
  /** For `/readyz`: whether this instance should be sent work (database reachable, schema current, not stopping). */
  readiness?: () => Promise<Readiness>;
  /** Routers mounted at their paths, e.g. `{ path: '/reply', router }`. */
  pages?: ReadonlyArray<{ path: string; router: RequestHandler }>;
  /** Reverse-proxy hops whose X-Forwarded-For is believed (for the pages' per-address limits); 0 = none. */
  trustProxy?: number;
}): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  if (opts.trustProxy) app.set('trust proxy', opts.trustProxy);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res, next) => {
    const answer = async () => {
      const r: Readiness = opts.readiness ? await opts.readiness() : { ready: true };
      res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not ready', ...(r.reason ? { reason: r.reason } : {}) });
    };
    answer().catch(next);
  });
  app.post('/api/messages', express.json({ limit: '1mb' }), opts.botHandler);
  if (opts.documentHandler) app.get('/documents/:token', opts.documentHandler);
  app.all('/api/messages', (_req, res) => {
    res.status(405).set('allow', 'POST').json({ error: 'Method not allowed' });
  });
  for (const page of opts.pages ?? []) app.use(page.path, page.router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found' });
  });
  app.use(((err, req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) opts.log.error({ err }, 'request failed');
    else opts.log.info({ status: 400, reason: 'unreadable body', detail: typeof err?.type === 'string' ? err.type : undefined, path: req.path }, 'bot request refused');
    if (res.headersSent) return;
    res.status(status === 500 ? 500 : 400).json({ error: status === 500 ? 'Request failed' : 'Bad request' });
  }) as express.ErrorRequestHandler);

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, opts.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  // Longer than a load balancer's idle timeout (60 s on Azure), so an idle keep-alive connection is never
  // closed by us at the moment a client reuses it (which the client sees as ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Stop taking requests; let those in flight finish (idle keep-alive connections are closed at once),
        // and close whatever is still open after a grace period.
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
