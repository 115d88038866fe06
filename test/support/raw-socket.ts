// HTTP/1.1 over a bare TLS socket, for requests no HTTP client would send: request lines that are
// not normalised (`/%2e%2e`), absolute-form targets, lying Content-Length, bodies that stop.
import tls from 'node:tls';

export interface RawExchange {
  /** 0 when the server closed the connection without answering. */
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection (after its answer, or instead of one). */
  closed: boolean;
  /** Milliseconds from sending to the answer (or the close). */
  ms: number;
}

export interface RawTarget {
  url: string;
  ca: string;
  token: string;
}

export interface RawRequestOptions {
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Leave out the bearer token. */
  anonymous?: boolean;
  /** Content-Length to declare instead of the body's own. */
  contentLength?: number;
  /** Give up waiting after this long (the result then has what arrived). */
  timeoutMs?: number;
}

/** The bytes of one request, framed as given (nothing normalised, nothing added but Host). */
export function requestBytes(target: RawTarget, method: string, requestTarget: string, opts: RawRequestOptions = {}): Buffer {
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body);
  const headers: Record<string, string> = { Host: new URL(target.url).host, Connection: 'close', ...opts.headers };
  if (!opts.anonymous) headers.Authorization = `Bearer ${target.token}`;
  if (body !== undefined || opts.contentLength !== undefined) headers['Content-Length'] ??= String(opts.contentLength ?? body?.length ?? 0);
  const head = `${method} ${requestTarget} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body ?? Buffer.alloc(0)]);
}

/** Sends raw bytes and reads the one answer (to the connection's close or the timeout). */
export function exchange(target: RawTarget, bytes: Buffer, timeoutMs = 10_000): Promise<RawExchange> {
  const { hostname, port } = new URL(target.url);
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    let done = false;
    const socket = tls.connect({ host: hostname, port: Number(port), ca: target.ca, servername: 'localhost' });
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseResponse(Buffer.concat(chunks)), closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('secureConnect', () => socket.write(bytes));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

export function rawRequest(target: RawTarget, method: string, requestTarget: string, opts: RawRequestOptions = {}): Promise<RawExchange> {
  return exchange(target, requestBytes(target, method, requestTarget, opts), opts.timeoutMs);
}

function parseResponse(raw: Buffer): Omit<RawExchange, 'closed' | 'ms'> {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (!text.startsWith('HTTP/1.1 ') || end < 0) return { status: 0, reason: '', headers: {}, body: '' };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const m = /^HTTP\/1\.1 (\d{3}) ?(.*)$/.exec(statusLine);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status: m ? Number(m[1]) : 0, reason: m?.[2] ?? '', headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}
