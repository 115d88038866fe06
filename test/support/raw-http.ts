import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RawClient {
  request(
    method: string,
    path: string,
    opts?: { body?: string | Buffer | object; contentType?: string; accept?: string; token?: string | null },
  ): Promise<RawResponse>;
  /** Opens a watch and collects its events until `stop()`. */
  watch(path: string, opts?: { accept?: string }): Promise<{ events: { type: string; object: Record<string, unknown> }[]; ended: Promise<void>; stop(): void }>;
  url: string;
  token: string;
  ca: string;
}

/** Talks HTTPS to a hub the way any client would, reading URL, CA and token from its kubeconfig. */
export function rawClient(kubeconfigPath: string): RawClient {
  const cfg = parseYaml(readFileSync(kubeconfigPath, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { token: string } }[];
  };
  const url = cfg.clusters[0].cluster.server;
  const ca = Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const token = cfg.users[0].user.token;
  const agent = new https.Agent({ ca, keepAlive: true, maxSockets: 64 });

  function request(
    method: string,
    path: string,
    opts: { body?: string | Buffer | object; contentType?: string; accept?: string; token?: string | null } = {},
  ): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
      const bearer = opts.token === undefined ? token : opts.token;
      if (bearer !== null) headers.Authorization = `Bearer ${bearer}`;
      let payload: Buffer | undefined;
      if (opts.body !== undefined) {
        payload = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
        headers['Content-Type'] = opts.contentType ?? 'application/json';
        headers['Content-Length'] = String(payload.length);
      }
      const req = https.request(new URL(path, url), { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  async function watch(path: string, opts: { accept?: string } = {}) {
    const events: { type: string; object: Record<string, unknown> }[] = [];
    let stopFn: () => void = () => undefined;
    const ended = new Promise<void>((resolve, reject) => {
      const req = https.request(
        new URL(path, url),
        { method: 'GET', headers: { Accept: opts.accept ?? 'application/json', Authorization: `Bearer ${token}` }, agent: new https.Agent({ ca }) },
        (res) => {
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString('utf8');
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              if (line.trim()) events.push(JSON.parse(line) as { type: string; object: Record<string, unknown> });
            }
          });
          res.on('end', () => resolve());
          res.on('close', () => resolve());
          res.on('error', () => resolve());
        },
      );
      req.on('error', (e) => (events.length === 0 ? reject(e) : resolve()));
      req.end();
      stopFn = () => req.destroy();
    });
    return { events, ended, stop: () => stopFn() };
  }

  return { request, watch, url, token, ca };
}
