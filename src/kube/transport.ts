import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createSecureContext } from 'node:tls';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { KubeTimeoutError, errorFromResponse } from './errors.js';

export type QueryValue = string | number | boolean | undefined;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  /** Serialized as JSON. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Overrides the transport's default for this request. */
  timeoutMs?: number;
}

export interface TransportOptions {
  /** Deadline for a whole request (for streams: until the response headers). Default 30 s. */
  timeoutMs?: number;
  userAgent?: string;
  /** Requests are logged at debug level: method, path, status, duration. Never headers. */
  log?: Logger;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

type TlsFields = Pick<https.RequestOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'>;

/**
 * HTTP to one API server with the credentials of a KubeConfig. client-node supplies the auth
 * (tokens, exec plugins, client certificates); the transport keeps its own keep-alive agents,
 * because client-node makes a fresh agent per call and a TLS handshake per request.
 */
export class KubeTransport {
  readonly server: string;
  private readonly timeoutMs: number;
  private readonly userAgent: string;
  private readonly log: Logger | undefined;
  private agent: { tls: TlsFields; isHttps: boolean; agent: http.Agent } | undefined;

  constructor(
    private readonly kubeConfig: KubeConfig,
    opts: TransportOptions = {},
  ) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.userAgent = opts.userAgent ?? 'lifeboat';
    this.log = opts.log;
  }

  /** Sends a request and decodes the JSON reply; non-2xx replies become KubeApiError. */
  async json<T>(spec: RequestSpec): Promise<T> {
    const timeoutMs = spec.timeoutMs ?? this.timeoutMs;
    const { res, done } = await this.send(spec, timeoutMs);
    try {
      const text = await readBody(res);
      if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) {
        throw errorFromResponse(res.statusCode ?? 0, text, spec.method, spec.path);
      }
      return (text ? JSON.parse(text) : undefined) as T;
    } finally {
      done();
    }
  }

  /**
   * Opens a streaming request. The timeout covers only the wait for the response headers; the
   * caller owns the stream afterwards and ends it by destroying the response (or via the signal).
   */
  async stream(spec: RequestSpec): Promise<IncomingMessage> {
    const timeoutMs = spec.timeoutMs ?? this.timeoutMs;
    const { res, done } = await this.send(spec, timeoutMs);
    if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) {
      try {
        throw errorFromResponse(res.statusCode ?? 0, await readBody(res), spec.method, spec.path);
      } finally {
        done();
      }
    }
    done({ keepSignal: true });
    return res;
  }

  private async send(spec: RequestSpec, timeoutMs: number): Promise<{ res: IncomingMessage; done: (o?: { keepSignal?: boolean }) => void }> {
    const url = new URL(this.server + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const opts: https.RequestOptions = { headers: {} };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const headers: http.OutgoingHttpHeaders = { ...(opts.headers as http.OutgoingHttpHeaders), Accept: 'application/json', 'User-Agent': this.userAgent };
    let payload: Buffer | undefined;
    if (spec.body !== undefined) {
      payload = Buffer.from(JSON.stringify(spec.body));
      headers['Content-Type'] = spec.contentType ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const isHttps = url.protocol === 'https:';
    const request = isHttps ? https.request : http.request;
    const started = Date.now();
    const where = `${spec.method} ${url.pathname}${url.search}`;

    return new Promise((resolve, reject) => {
      if (spec.signal?.aborted) return reject(abortReason(spec.signal));
      const req = request(url, {
        method: spec.method,
        headers,
        agent: this.agentFor(opts, isHttps),
        ...(opts.auth ? { auth: opts.auth } : {}),
      });
      let response: IncomingMessage | undefined;
      // Destroying the response too makes a reader in the middle of the body see this very error.
      const fail = (err: Error): void => {
        req.destroy(err);
        response?.destroy(err);
      };
      const timer = setTimeout(() => fail(new KubeTimeoutError(spec.method, url.pathname, timeoutMs)), timeoutMs);
      const onAbort = (): void => fail(abortReason(spec.signal));
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = (o?: { keepSignal?: boolean }): void => {
        clearTimeout(timer);
        if (!o?.keepSignal) spec.signal?.removeEventListener('abort', onAbort);
      };
      // `on`, not `once`: a second error (after a timeout or abort) must not go unhandled.
      req.on('error', (err) => {
        cleanup();
        this.log?.debug({ request: where, err: err.message, ms: Date.now() - started }, 'kube request failed');
        reject(err);
      });
      req.once('response', (res) => {
        response = res;
        this.log?.debug({ request: where, status: res.statusCode, ms: Date.now() - started }, 'kube request');
        // The stream's consumer needs errors too, but the request promise is already settled.
        res.once('close', () => cleanup());
        resolve({ res, done: cleanup });
      });
      req.end(payload);
    });
  }

  /** Reuses one keep-alive agent for as long as the TLS material stays the same. */
  private agentFor(opts: https.RequestOptions, isHttps: boolean): http.Agent {
    const cluster = this.kubeConfig.getCurrentCluster();
    // Proxies need the agent client-node built for them.
    if (cluster?.proxyUrl && opts.agent instanceof http.Agent) return opts.agent;
    const tls: TlsFields = {
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      pfx: opts.pfx,
      passphrase: opts.passphrase,
      rejectUnauthorized: opts.rejectUnauthorized,
      servername: opts.servername,
    };
    if (!this.agent || this.agent.isHttps !== isHttps || !sameTls(this.agent.tls, tls)) {
      this.agent?.agent.destroy();
      // One secure context for all of the agent's connections: built per connection, parsing the
      // CA bundle again costs each new connection milliseconds of CPU.
      const secureContext = isHttps
        ? createSecureContext(definedOnly({ ca: tls.ca, cert: tls.cert, key: tls.key, pfx: tls.pfx, passphrase: tls.passphrase }))
        : undefined;
      const agent = isHttps ? new https.Agent({ ...definedOnly(tls), secureContext, keepAlive: true }) : new http.Agent({ keepAlive: true });
      this.agent = { tls, isHttps, agent };
    }
    return this.agent.agent;
  }

  /** Closes idle keep-alive connections so the process can exit. */
  close(): void {
    this.agent?.agent.destroy();
    this.agent = undefined;
  }
}

/**
 * Field by field, contents not identity (client-node hands out new Buffers per request). Cheaper
 * than hashing the CA bundle and key on every request, which cost a restore of 100,000 items
 * seconds of CPU.
 */
function sameTls(a: TlsFields, b: TlsFields): boolean {
  return (Object.keys(b) as (keyof TlsFields)[]).every((k) => sameValue(a[k], b[k]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('the request was aborted');
  err.name = 'AbortError';
  return err;
}

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
