import type { ServerResponse } from 'node:http';
import type { ApiError } from '../errors.js';

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export function commonHeaders(res: ServerResponse): void {
  // kubectl keeps an HTTP cache on disk; without this a stale /version or 404 sticks there.
  res.setHeader('Cache-Control', 'no-cache, private');
}

export function sendJson(res: ServerResponse, code: number, body: unknown, format: 'json' | 'table' | 'raw' = 'json', contentType?: string): void {
  const text = JSON.stringify(body);
  res.statusCode = code;
  res.setHeader('Content-Type', contentType ?? (format === 'table' ? TABLE_CONTENT_TYPE : 'application/json'));
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
