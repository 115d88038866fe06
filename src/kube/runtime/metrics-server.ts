import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { generate } from 'selfsigned';

export interface MetricsServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** PEM key and certificate; omitted: a self-signed certificate is generated for this run. */
  tls?: { key: string; cert: string };
  /** Bearer token /metrics requires. */
  token: string;
  registry: Registry;
  /** /readyz answers 200 only while this is true. Default: always. */
  ready?: () => boolean;
  /** /healthz answers 200 only while this is true. Default: always. */
  healthy?: () => boolean;
  log?: Logger;
}

export interface MetricsServer {
  url: string;
  /** The certificate served (useful to trust a generated one). */
  cert: string;
  close(): Promise<void>;
}

/**
 * HTTPS endpoint for Prometheus. /metrics needs `Authorization: Bearer <token>`; /healthz and
 * /readyz answer without it, because kubelet probes send no credentials and reveal nothing.
 */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  if (!opts.token) throw new Error('the metrics server needs a bearer token');
  const host = opts.host ?? '127.0.0.1';
  const tls = opts.tls ?? (await selfSignedFor(host));
  const expected = digest(opts.token);
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.log?.error({ err: err instanceof Error ? err.message : String(err), path: req.url }, 'metrics request failed');
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    switch (path) {
      case '/healthz':
        return (opts.healthy?.() ?? true) ? send(res, 200, 'ok\n') : send(res, 503, 'not healthy\n');
      case '/readyz':
        return (opts.ready?.() ?? true) ? send(res, 200, 'ok\n') : send(res, 503, 'not ready\n');
      case '/metrics': {
        if (!authorized(req.headers.authorization, expected)) {
          res.setHeader('WWW-Authenticate', 'Bearer');
          return send(res, 401, 'unauthorized\n');
        }
        const body = await opts.registry.metrics();
        return send(res, 200, body, opts.registry.contentType);
      }
      default:
        return send(res, 404, 'not found\n');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `https://${urlHost}:${port}`, cert: tls.cert, close: () => closeServer(server) };
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  // Equal-length digests keep the comparison constant-time whatever the presented token's length.
  return timingSafeEqual(digest(match[1]), expected);
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function send(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Scrapers keep connections alive; do not let them hold the shutdown.
    server.closeAllConnections();
  });
}

async function selfSignedFor(host: string): Promise<{ key: string; cert: string }> {
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  const altNames = [
    { type: 2 as const, value: 'localhost' },
    { type: 7 as const, ip: '127.0.0.1' },
    ...(host !== 'localhost' && host !== '127.0.0.1' && host !== '0.0.0.0' && host !== '::'
      ? [isIp ? { type: 7 as const, ip: host } : { type: 2 as const, value: host }]
      : []),
  ];
  const notBeforeDate = new Date(Date.now() - 3600_000);
  const pems = await generate([{ name: 'commonName', value: 'lifeboat-metrics' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 365 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
