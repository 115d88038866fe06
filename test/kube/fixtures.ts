// ConfigMaps, the objects the kube tests read and write.
import type { KubeObject } from '../../src/kube/index.js';

export interface ConfigMap extends KubeObject {
  data?: { [k: string]: string };
}

export function cm(namespace: string, name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...(labels ? { labels } : {}) }, data };
}

/** Numeric comparison of the hub's resourceVersions (opaque to clients, integers on the hub). */
export function rvNum(rv: string | undefined): number {
  return Number(rv ?? NaN);
}
