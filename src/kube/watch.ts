import type { IncomingMessage } from 'node:http';
import { LineSplitter } from './ndjson.js';
import { resourcePath } from './paths.js';
import type { KubeTransport } from './transport.js';
import type { KubeObject } from '../api/meta.js';
import type { KubeStatus, ResourceRef } from './types.js';

export type WatchEvent<T extends KubeObject = KubeObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  /** Carries only `metadata.resourceVersion`: the point the stream has reached. */
  | { type: 'BOOKMARK'; object: KubeObject }
  /** A `Status`; 410 Expired means the requested resourceVersion is no longer in history. */
  | { type: 'ERROR'; object: KubeStatus };

export interface WatchOptions {
  /** Omit for a namespaced resource to watch every namespace. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Changes after this version. Omitted or '0': synthetic ADDED for current objects first. */
  resourceVersion?: string;
  /** Default true. */
  allowWatchBookmarks?: boolean;
  /** How long the server keeps the stream open. Default: random 300–600 s, as kubectl does. */
  timeoutSeconds?: number;
  /** Aborting ends the iteration quietly. */
  signal?: AbortSignal;
}

const EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

// A server that ignores timeoutSeconds, or a connection that silently died, must not hold a
// watcher forever: the client gives up this long after the server should have ended the stream.
const CLIENT_GRACE_SECONDS = 30;

/** Spread across 300–600 s so that many watchers do not reconnect at the same moment. */
export function randomWatchTimeoutSeconds(random: () => number = Math.random): number {
  return 300 + Math.floor(random() * 301);
}

/**
 * One watch request as an async iterator of events. It ends when the server ends the stream (the
 * caller re-watches from its last resourceVersion), and throws on HTTP errors (KubeApiError, e.g.
 * 410) or when the connection fails. Malformed lines are skipped, as client-go and client-node do.
 */
export async function* watchResource<T extends KubeObject = KubeObject>(
  transport: KubeTransport,
  ref: ResourceRef,
  opts: WatchOptions = {},
): AsyncGenerator<WatchEvent<T>, void, undefined> {
  const timeoutSeconds = opts.timeoutSeconds ?? randomWatchTimeoutSeconds();
  const controller = new AbortController();
  const forwardAbort = (): void => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) return;
  opts.signal?.addEventListener('abort', forwardAbort, { once: true });

  let res: IncomingMessage | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let pastDeadline = false;
  try {
    try {
      res = await transport.stream({
        method: 'GET',
        path: resourcePath(ref, opts.namespace),
        query: {
          watch: 'true',
          resourceVersion: opts.resourceVersion,
          allowWatchBookmarks: opts.allowWatchBookmarks === false ? undefined : 'true',
          timeoutSeconds,
          labelSelector: opts.labelSelector || undefined,
          fieldSelector: opts.fieldSelector || undefined,
        },
        signal: controller.signal,
      });
    } catch (err) {
      if (controller.signal.aborted) return;
      throw err;
    }
    const stream = res;
    deadline = setTimeout(
      () => {
        pastDeadline = true;
        stream.destroy();
      },
      (timeoutSeconds + CLIENT_GRACE_SECONDS) * 1000,
    );

    const splitter = new LineSplitter();
    try {
      for await (const chunk of stream) {
        for (const line of splitter.push(chunk as Buffer)) {
          const event = parseWatchLine<T>(line);
          if (event) yield event;
        }
      }
    } catch (err) {
      if (controller.signal.aborted || pastDeadline) return;
      throw err;
    }
    for (const line of splitter.end()) {
      const event = parseWatchLine<T>(line);
      if (event) yield event;
    }
  } finally {
    clearTimeout(deadline);
    opts.signal?.removeEventListener('abort', forwardAbort);
    res?.destroy();
  }
}

/** One line of a watch stream, or undefined when it is not a well-formed event. */
export function parseWatchLine<T extends KubeObject = KubeObject>(line: string): WatchEvent<T> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { type, object } = parsed as { type?: unknown; object?: unknown };
  if (typeof type !== 'string' || !EVENT_TYPES.has(type) || typeof object !== 'object' || object === null) return undefined;
  return { type, object } as WatchEvent<T>;
}
