// The life of one request outside its handler, as kube-apiserver's Go server and filter chain
// shape it: the text 400 for a request Go would not read, the deadline of every request that is
// not a watch (60 s, or a shorter `?timeout=`, then 504), and what is safe to log when one fails.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from '../errors.js';
import { parseGoDuration } from '../../util/cron.js';
import type { RequestTarget } from './request-info.js';
import type { MalformedRequest } from './request-target.js';
import { queryBool } from './go-query.js';
import { sendStatus } from './respond.js';

/** kube-apiserver's ReadHeaderTimeout (secure_serving.go). */
export const REQUEST_HEADER_TIMEOUT_MS = 32_000;
/** kube-apiserver's default --request-timeout. */
export const REQUEST_TIMEOUT_MS = 60_000;

/** Go's reply to a request line or Host header it cannot read: plain text, connection closed. */
export function refuseMalformed(req: IncomingMessage, res: ServerResponse, err: MalformedRequest): void {
  res.statusCode = 400;
  res.statusMessage = err.message;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Connection', 'close');
  res.end(`400 ${err.message}`);
  req.resume();
}

/** Watches are upstream's only long-running requests here: no deadline, `timeout` not read. */
export function isLongRunning(method: string | undefined, target: RequestTarget, query: URLSearchParams): boolean {
  if (target.type !== 'resource' || (method !== 'GET' && method !== 'HEAD')) return false;
  return target.watchPrefix || (target.name === undefined && queryBool(query, 'watch') === true);
}

export interface RequestDeadline {
  expired(): boolean;
  clear(): void;
}

/**
 * Arms the request's deadline (apiserver WithRequestDeadline + WithTimeoutForNonLongRunningRequests):
 * when it passes before the handler answered — a body that stopped arriving, say — the client
 * gets 504 and the connection is closed, so nothing holds the socket.
 */
export function startDeadline(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): RequestDeadline {
  const ms = requestTimeoutMs(query.get('timeout') ?? '');
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.setHeader('Connection', 'close');
    sendStatus(res, new ApiError(504, 'Timeout', 'Timeout: request did not complete within the allotted timeout', {}));
    res.once('finish', () => req.destroy());
  }, ms);
  return {
    expired: () => fired,
    clear: () => clearTimeout(timer),
  };
}

/** `?timeout=` as Go's time.ParseDuration reads it; only a positive one below the maximum counts. */
function requestTimeoutMs(text: string): number {
  if (text === '') return REQUEST_TIMEOUT_MS;
  let ns: number;
  try {
    ns = parseGoDuration(text);
  } catch (err) {
    throw badRequest(`invalid timeout specified in the request URL - ${(err as Error).message}`);
  }
  const ms = ns / 1e6;
  return ms > 0 && ms < REQUEST_TIMEOUT_MS ? Math.max(1, Math.ceil(ms)) : REQUEST_TIMEOUT_MS;
}

/** The client went away (or its request was torn down): nothing to answer, nothing to log. */
export function clientGone(req: IncomingMessage, res: ServerResponse): boolean {
  // Not `req.destroyed`: a request is destroyed as soon as its body has been read to the end.
  return res.destroyed || (req.socket?.destroyed ?? true);
}

/** A body not read to its end is not drained: the connection closes after the answer instead. */
export function closeUnlessBodyRead(req: IncomingMessage, res: ServerResponse): void {
  if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
}
