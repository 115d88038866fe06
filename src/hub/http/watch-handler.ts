import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from '../registry/resource-type.js';
import type { ObjectFilter } from '../rest/object-filter.js';
import { WatchStream, type WatchEncoder, type WatchSink } from '../rest/watch.js';
import { cloneJson } from '../../util/json.js';
import { responseFormat } from './negotiate.js';
import { tableFor, tableOptions } from './tables.js';
import type { HandlerDeps } from './resource-handler.js';
import type { ListQuery } from './request-options.js';

// Without timeoutSeconds the real server ends a watch after a random 30–60 minutes, so clients
// exercise their re-watch path; the hub does the same.
const MIN_WATCH_SECONDS = 1800;
// Node fires a timer set beyond 2^31-1 ms at once; a longer watch is ended at that bound.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * How long a watch runs: upstream turns `timeoutSeconds` into a Go duration (0 means "pick one"),
 * and a negative one ends the watch at once.
 */
export function watchDurationMs(timeoutSeconds: bigint | undefined): number {
  if (timeoutSeconds === undefined || timeoutSeconds === 0n) return (MIN_WATCH_SECONDS + Math.floor(Math.random() * MIN_WATCH_SECONDS)) * 1000;
  if (timeoutSeconds < 0n) return 0;
  return timeoutSeconds * 1000n > BigInt(MAX_TIMER_MS) ? MAX_TIMER_MS : Number(timeoutSeconds) * 1000;
}

/** Streams watch events as newline-delimited JSON, flushed one by one. */
export function serveWatch(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  rt: ResourceType,
  version: string,
  filter: ObjectFilter,
  opts: ListQuery,
  q: URLSearchParams,
): void {
  const durationMs = watchDurationMs(opts.timeoutSeconds);
  const encoder = responseFormat(req.headers.accept) === 'table' ? tableEncoder(deps, rt, version, q) : JSON_ENCODER;

  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Transfer-Encoding', 'chunked');
  res.socket?.setNoDelay(true);
  res.flushHeaders();

  let open = true;
  const sink: WatchSink = {
    write: (line) => open && res.write(line),
    onDrain: (resume) => res.once('drain', resume),
    close: () => end(),
  };
  const timers: NodeJS.Timeout[] = [];
  let untrack: () => void = () => undefined;
  const stream = new WatchStream(
    deps.ctx,
    rt,
    version,
    filter,
    { resourceVersion: opts.resourceVersion, allowBookmarks: opts.allowWatchBookmarks, sendInitialEvents: opts.sendInitialEvents },
    sink,
    encoder,
  );
  function end(): void {
    if (!open) return;
    open = false;
    stream.stop();
    untrack();
    for (const t of timers) clearTimeout(t);
    res.end();
  }
  req.on('close', end);
  res.on('error', end);
  if (durationMs === 0) return end();
  stream.start();
  if (!open) return;
  untrack = deps.trackWatch(end);
  timers.push(setTimeout(end, durationMs));
  if (opts.allowWatchBookmarks) timers.push(setInterval(() => stream.bookmark(), deps.bookmarkIntervalMs));
}

const JSON_ENCODER: WatchEncoder = {
  change: (type, _object, json) => `{"type":"${type}","object":${json()}}\n`,
  status: (type, object) => `${JSON.stringify({ type, object })}\n`,
  linesShareable: true,
};

/** `kubectl get -w`: each change as a one-row Table, column definitions only in the first. */
function tableEncoder(deps: HandlerDeps, rt: ResourceType, version: string, q: URLSearchParams): WatchEncoder {
  const opts = tableOptions(q, deps.ctx.clock.now());
  let headersSent = false;
  return {
    change(type, object) {
      const row = cloneJson(object());
      const table = tableFor(rt, version, [row], {
        ...opts,
        now: deps.ctx.clock.now(),
        resourceVersion: row.metadata.resourceVersion ?? '',
        noHeaders: headersSent,
      });
      headersSent = true;
      return `${JSON.stringify({ type, object: table })}\n`;
    },
    status: JSON_ENCODER.status,
  };
}
