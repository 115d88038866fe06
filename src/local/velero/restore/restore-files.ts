// The files a restore leaves in the storage location (spec/velero.md §2.3): log, results,
// resource list, item operations and volume info, each gzipped; JSON as Go's json.Encoder writes it.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { restoreItemOperationsKey, restoreLogKey, restoreResourceListKey, restoreResultsKey, restoreVolumeInfoKey } from '../layout.js';
import { encodeGoJson, marshalGoJson } from '../backup/go-json.js';
import type { ObjectStore } from '../object-store/index.js';
import type { RestoreLog } from './restore-log.js';
import type { RestoreResults, VeleroResult } from './results.js';

const gzipAsync = promisify(gzip);

async function gzippedJson(value: unknown): Promise<Buffer> {
  return gzipAsync(Buffer.from(encodeGoJson(value)));
}

// Result is a Go struct: its keys keep field order (velero, cluster, namespaces), unlike a map's.
function marshalResult(r: VeleroResult): string {
  const parts: string[] = [];
  if (r.velero?.length) parts.push(`"velero":${marshalGoJson(r.velero)}`);
  if (r.cluster?.length) parts.push(`"cluster":${marshalGoJson(r.cluster)}`);
  if (r.namespaces && Object.keys(r.namespaces).length) parts.push(`"namespaces":${marshalGoJson(r.namespaces)}`);
  return `{${parts.join(',')}}`;
}

export function encodeResults(results: RestoreResults): string {
  return `{"errors":${marshalResult(results.errors)},"warnings":${marshalResult(results.warnings)}}\n`;
}

export async function putRestoreLog(store: ObjectStore, restoreName: string, log: RestoreLog): Promise<void> {
  await log.close();
  await store.put(restoreLogKey(restoreName), log.gzipped());
}

/** Results, resource list, item operations (`[]`) and volume info (`[]`: a resource-only engine restores no volumes). */
export async function putRestoreOutputs(
  store: ObjectStore,
  restoreName: string,
  results: RestoreResults,
  resourceList: Record<string, string[]>,
): Promise<void> {
  await store.put(restoreResultsKey(restoreName), await gzipAsync(Buffer.from(encodeResults(results))));
  await store.put(restoreResourceListKey(restoreName), await gzippedJson(resourceList));
  await store.put(restoreItemOperationsKey(restoreName), await gzippedJson([]));
  await store.put(restoreVolumeInfoKey(restoreName), await gzippedJson([]));
}
