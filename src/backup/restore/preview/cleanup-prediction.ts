// The delta cleanup as it would run once the planned restores are done (hub-backup.md §4.8): the
// same parts, queries and delete decision as the controller, evaluated in memory on the objects as
// the restore leaves them — restored objects carry the labels of their backup, created ones exist.
import type { Logger } from 'pino';
import { apiVersionOf, type KubeClient, type ResourceRef } from '../../../kube/index.js';
import { findLocalClusterName } from '../../hub-identity.js';
import { cleanupParts, discoverCleanupCatalog, shouldDelete, type CleanupBackups, type CleanupCandidate, type CleanupMode } from '../cleanup/index.js';
import type { PlannedObject, PreviewObject } from './types.js';

const grOf = (ref: ResourceRef): string => (ref.group ? `${ref.plural}.${ref.group}` : ref.plural);
const keyOf = (gr: string, namespace: string | undefined, name: string): string => `${gr}\u0000${namespace ?? ''}\u0000${name}`;

export async function predictCleanup(
  client: KubeClient,
  planned: readonly PlannedObject[],
  backups: CleanupBackups,
  mode: CleanupMode,
  passive: boolean,
  opts: { log?: Logger; signal?: AbortSignal } = {},
): Promise<PreviewObject[]> {
  const catalog = await discoverCleanupCatalog(client, opts.signal);
  const localClusterName = await findLocalClusterName(client, opts);
  const restored = new Map<string, PlannedObject>();
  for (const p of planned) restored.set(keyOf(p.groupResource, p.namespace, p.name), p);

  const listed = new Map<string, Promise<CleanupCandidate[]>>();
  const candidatesOf = (ref: ResourceRef): Promise<CleanupCandidate[]> => {
    const gr = grOf(ref);
    let pending = listed.get(gr);
    if (!pending) {
      pending = (async () => {
        const out: CleanupCandidate[] = [];
        const seen = new Set<string>();
        for await (const obj of client.listAll(ref, { signal: opts.signal })) {
          const meta = obj.metadata ?? {};
          const key = keyOf(gr, meta.namespace, meta.name ?? '');
          seen.add(key);
          out.push({ namespace: meta.namespace, name: meta.name ?? '', labels: restored.get(key)?.labels ?? meta.labels });
        }
        for (const p of planned) {
          if (p.groupResource === gr && !seen.has(keyOf(gr, p.namespace, p.name)))
            out.push({ namespace: p.namespace || undefined, name: p.name, labels: p.labels });
        }
        return out;
      })();
      listed.set(gr, pending);
    }
    return pending;
  };

  const deleted = new Map<string, PreviewObject>();
  for (const part of cleanupParts(backups, mode, passive, catalog)) {
    for (const query of part.queries) {
      for (const candidate of await candidatesOf(query.ref)) {
        if (!shouldDelete(part, query, candidate, localClusterName)) continue;
        const ref = query.ref;
        deleted.set(keyOf(grOf(ref), candidate.namespace, candidate.name), {
          apiVersion: apiVersionOf(ref),
          kind: ref.kind ?? '',
          ...(candidate.namespace ? { namespace: candidate.namespace } : {}),
          name: candidate.name,
        });
      }
    }
  }
  return [...deleted.values()];
}
