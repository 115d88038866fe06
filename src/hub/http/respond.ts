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

/** Sends JSON text that is already serialised. */
export function sendRawJson(res: ServerResponse, code: number, text: string | Buffer, contentType = 'application/json'): void {
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
