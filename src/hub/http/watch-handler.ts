import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from '../registry/resource-type.js';
import type { ObjectFilter } from '../rest/object-filter.js';
import { sendBookmark, startWatch, type WatchEventType, type WatchSink } from '../rest/watch.js';
import { responseFormat } from './negotiate.js';
import { tableFor, tableOptions } from './tables.js';
import type { HandlerDeps } from './resource-handler.js';
import type { ApiObject } from '../../api/meta.js';
import { badRequest } from '../errors.js';

// Without timeoutSeconds the real server ends a watch after a random 30–60 minutes, so clients
// exercise their re-watch path; the hub does the same.
const MIN_WATCH_SECONDS = 1800;

/** Streams watch events as newline-delimited JSON, flushed one by one. */
export function serveWatch(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  rt: ResourceType,
  version: string,
  filter: ObjectFilter,
  q: URLSearchParams,
): void {
  const timeoutRaw = q.get('timeoutSeconds');
  let timeoutSeconds = MIN_WATCH_SECONDS + Math.floor(Math.random() * MIN_WATCH_SECONDS);
  if (timeoutRaw !== null && timeoutRaw !== '') {
    const n = Number(timeoutRaw);
    if (!Number.isFinite(n) || n < 0) throw badRequest(`timeoutSeconds: Invalid value: "${timeoutRaw}"`);
    if (n > 0) timeoutSeconds = n;
  }
  const asTable = responseFormat(req.headers.accept) === 'table';
  const tableOpts = asTable ? tableOptions(q, deps.ctx.clock.now()) : undefined;
  const allowBookmarks = q.get('allowWatchBookmarks') === 'true';

  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Transfer-Encoding', 'chunked');
  res.socket?.setNoDelay(true);
  res.flushHeaders();

  let open = true;
  let headersSent = false;
  const sink: WatchSink = {
    send(type: WatchEventType, object: Record<string, unknown>) {
      if (!open) return;
      const meta = object.metadata as { resourceVersion?: string } | undefined;
      let payload = object;
      if (tableOpts && type !== 'ERROR' && type !== 'BOOKMARK') {
        payload = tableFor(rt, version, [object as ApiObject], {
          ...tableOpts,
          now: deps.ctx.clock.now(),
          resourceVersion: meta?.resourceVersion ?? '',
          noHeaders: headersSent,
        });
        headersSent = true;
      }
      res.write(JSON.stringify({ type, object: payload }) + '\n');
    },
    close() {
      end();
    },
  };
  const timers: NodeJS.Timeout[] = [];
  let stop: () => void = () => undefined;
  let untrack: () => void = () => undefined;
  function end(): void {
    if (!open) return;
    open = false;
    stop();
    untrack();
    for (const t of timers) clearTimeout(t);
    res.end();
  }
  stop = startWatch(deps.ctx, rt, version, filter, { resourceVersion: q.get('resourceVersion') ?? undefined, allowBookmarks }, sink);
  if (!open) return;
  untrack = deps.trackWatch(end);
  timers.push(setTimeout(end, timeoutSeconds * 1000));
  if (allowBookmarks) {
    // Every committed change is published before any timer runs, so the head is always safe to report.
    const tick = setInterval(() => sendBookmark(rt, version, sink, deps.ctx.store.currentRv()), deps.bookmarkIntervalMs);
    timers.push(tick);
  }
  req.on('close', end);
  res.on('error', end);
}
