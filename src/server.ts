import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import type { Logger } from './logger.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The HTTP host: `/api/messages` for Bot Framework, `/healthz` for probes. JSON is parsed before
 * the adapter sees the request (it answers 400 otherwise); malformed JSON gets a 400 here.
 */
export async function startHttpServer(opts: {
  host: string;
  port: number;
  botHandler: RequestHandler;
  log: Logger;
}): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.post('/api/messages', express.json({ limit: '1mb' }), opts.botHandler);
  app.use(((err, _req, res, _next) => {
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status >= 500) opts.log.error({ err }, 'request failed');
    res.status(status).json({ error: status === 400 ? 'Malformed request body' : 'Request failed' });
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
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
