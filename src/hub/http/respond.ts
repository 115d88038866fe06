import type { ServerResponse } from 'node:http';
import type { ApiError } from '../errors.js';

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export function commonHeaders(res: ServerResponse): void {
  // kubectl keeps an HTTP cache on disk; without this a stale /version or 404 sticks there.
  res.setHeader('Cache-Control', 'no-cache, private');
}

export function sendJson(res: ServerResponse, code: number, body: unknown, format: 'json' | 'table' | 'raw' = 'json', contentType?: string): void {
  sendRawJson(res, code, JSON.stringify(body), contentType ?? (format === 'table' ? TABLE_CONTENT_TYPE : 'application/json'));
}

const PRETTY = new WeakSet<ServerResponse>();

/**
 * apiserver's isPrettyPrint: `?pretty=` read with Go's strconv.ParseBool (anything else is
 * false), and without it curl, Wget and browsers get indented JSON too. Watches never are.
 */
export function choosePrettyPrint(res: ServerResponse, query: URLSearchParams, userAgent: string | undefined): void {
  const pretty = query.get('pretty') ?? '';
  const on = pretty !== '' ? ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(pretty) : /^(curl|Wget|Mozilla\/5\.0)/.test(userAgent ?? '');
  if (on) PRETTY.add(res);
}

/** Sends JSON text that is already serialised. */
export function sendRawJson(res: ServerResponse, code: number, text: string | Buffer, contentType = 'application/json'): void {
  if (PRETTY.has(res)) text = JSON.stringify(JSON.parse(text.toString()), null, 2);
  res.statusCode = code;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function sendStatus(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err.code === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="kubernetes"');
  sendJson(res, err.code, err.toStatus());
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.statusCode = code;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
