import type { StorageView } from './resource-type.js';

// events.k8s.io/v1 and core/v1 Events are two views of the same stored objects (kube-api spec
// §2.17). Storage keeps the core/v1 shape because `kubectl describe` reads core Events.
const RENAMES: [eventsV1: string, core: string][] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
  ['reportingController', 'reportingComponent'],
];

function rename(obj: Record<string, unknown>, from: 0 | 1, apiVersion: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj, apiVersion };
  for (const pair of RENAMES) {
    const src = pair[from];
    const dst = pair[from === 0 ? 1 : 0];
    delete out[src];
    if (obj[src] !== undefined) out[dst] = obj[src];
  }
  return out;
}

export const eventsV1View: StorageView = {
  toStorage(obj) {
    const core = rename(obj, 0, 'v1');
    // Core readers (kubectl describe) sort and print by lastTimestamp/firstTimestamp and count.
    const when = typeof obj.eventTime === 'string' ? obj.eventTime.replace(/\.\d+Z$/, 'Z') : undefined;
    if (core.firstTimestamp === undefined && when) core.firstTimestamp = when;
    if (core.lastTimestamp === undefined && when) {
      const series = obj.series as { lastObservedTime?: string } | undefined;
      core.lastTimestamp = series?.lastObservedTime ? series.lastObservedTime.replace(/\.\d+Z$/, 'Z') : when;
    }
    if (core.count === undefined) core.count = (obj.series as { count?: number } | undefined)?.count ?? 1;
    if (core.source === undefined && typeof obj.reportingController === 'string') {
      core.source = { component: obj.reportingController };
    }
    return core;
  },
  fromStorage(obj) {
    const v1 = rename(obj, 1, 'events.k8s.io/v1');
    if (v1.eventTime === undefined || v1.eventTime === null) {
      const ts = obj.firstTimestamp ?? obj.lastTimestamp;
      if (typeof ts === 'string') v1.eventTime = ts.replace(/Z$/, '.000000Z');
    }
    return v1;
  },
};
