import { ApiError, expired } from '../errors.js';
import { groupVersion, type ResourceType } from '../registry/resource-type.js';
import type { ApiObject } from '../../api/meta.js';
import type { Change } from '../storage/sqlite-store.js';
import type { HubContext } from './context.js';
import type { ObjectFilter } from './object-filter.js';
import { present } from './presenter.js';
import { cloneJson } from '../../util/json.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchSink {
  send(type: WatchEventType, object: Record<string, unknown>): void;
  close(): void;
}

export interface WatchOptions {
  resourceVersion?: string;
  allowBookmarks: boolean;
}

/**
 * Starts a watch: the replay (synthetic ADDED for "now", or the change log after N) and the live
 * subscription happen in the same synchronous step, so no change can fall between them.
 * Returns a function that stops the watch.
 */
export function startWatch(ctx: HubContext, rt: ResourceType, version: string, filter: ObjectFilter, opts: WatchOptions, sink: WatchSink): () => void {
  const store = ctx.store;
  const rvText = opts.resourceVersion;
  if (rvText === undefined || rvText === '' || rvText === '0') {
    for (const stored of store.scan(rt.storageKey, filter.namespace, undefined, filter.name)) {
      const obj = present(rt, version, stored);
      if (filter.matches(obj)) sink.send('ADDED', obj);
    }
  } else {
    const from = Number(rvText);
    if (!Number.isInteger(from) || from < 0) {
      sink.send('ERROR', expired(`too old resource version: ${rvText} (${store.compactedRv() + 1})`).toStatus() as unknown as Record<string, unknown>);
      sink.close();
      return () => undefined;
    }
    if (from < store.compactedRv()) {
      sink.send('ERROR', expired(`too old resource version: ${from} (${store.compactedRv() + 1})`).toStatus() as unknown as Record<string, unknown>);
      sink.close();
      return () => undefined;
    }
    if (from > store.currentRv()) {
      // A version this hub has not reached (a client that remembers another store's versions).
      // Bookmarking it would make the client skip every change up to it; tell it to relist.
      sink.send('ERROR', tooLargeResourceVersion(from, store.currentRv()));
      sink.close();
      return () => undefined;
    }
    for (const change of store.changesSince(from, rt.storageKey)) {
      deliver(rt, version, filter, change, sink);
    }
  }
  const unsubscribe = ctx.watchHub.add({
    storageKey: rt.storageKey,
    onChange(change) {
      deliver(rt, version, filter, change, sink);
    },
  });
  if (opts.allowBookmarks) sendBookmark(rt, version, sink, store.currentRv());
  return unsubscribe;
}

function tooLargeResourceVersion(requested: number, current: number): Record<string, unknown> {
  return new ApiError(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  }).toStatus() as unknown as Record<string, unknown>;
}

export function sendBookmark(rt: ResourceType, version: string, sink: WatchSink, rv: number): void {
  sink.send('BOOKMARK', { kind: rt.kind, apiVersion: groupVersion(rt.group, version), metadata: { resourceVersion: String(rv) } });
}

/** Translates a stored change into what this watcher sees, including selector transitions. */
function deliver(rt: ResourceType, version: string, filter: ObjectFilter, change: Change, sink: WatchSink): void {
  if (filter.namespace !== undefined && change.namespace !== filter.namespace) return;
  // Names never change, so a watch of one object skips the others without copying them: with
  // hundreds of such watches (one per agent) the copies would cost each change a copy per watch.
  if (filter.name !== undefined && change.name !== filter.name) return;
  const obj = present(rt, version, cloneJson(change.object));
  if (filter.selectsAll) {
    sink.send(change.type, obj);
    return;
  }
  const nowMatches = filter.matches(obj);
  if (change.type === 'DELETED') {
    const prev = change.previous ? present(rt, version, cloneJson(change.previous)) : undefined;
    if (nowMatches || (prev && filter.matches(prev))) sink.send('DELETED', obj);
    return;
  }
  const before: ApiObject | undefined = change.type === 'MODIFIED' && change.previous ? present(rt, version, cloneJson(change.previous)) : undefined;
  const wasMatching = before ? filter.matches(before) : false;
  if (change.type === 'ADDED') {
    if (nowMatches) sink.send('ADDED', obj);
  } else if (nowMatches && wasMatching) sink.send('MODIFIED', obj);
  else if (nowMatches) sink.send('ADDED', obj);
  else if (wasMatching) sink.send('DELETED', obj);
}
