// The delta cleanup as the controller runs it (hub-backup.md §4.8, decisions 4 and 5): one
// `Prepare to restore:` event per part, server-side LISTs with the part's selectors, the shared
// delete decision, foreground deletes; every deleted object logged, CleanupAll's counted in an Event.
import type { Logger } from 'pino';
import {
  EVENT_ACTION_CLEANUP,
  EVENT_REASON_CLEANUP_DELETED,
  EVENT_REASON_PREPARE_TO_RESTORE,
  eventCleanupDeleted,
  eventCleaningUp,
  type AcmRestore,
} from '../../../api/backup/index.js';
import { BACKUPS, type Backup, type Restore } from '../../../api/velero/index.js';
import { isNotFound, type EventRecorder, type KubeClient, type KubeObject } from '../../../kube/index.js';
import { findLocalClusterName } from '../../hub-identity.js';
import { CleanupCatalog, discoverCleanupCatalog } from './catalog.js';
import { shouldDelete } from './decide.js';
import { deleteForeground } from './delete-object.js';
import { cleanupParts, type CleanupBackups, type CleanupMode } from './queries.js';
import { formatSelector } from './requirements.js';
import { errorText } from '../../../util/errors.js';

export interface DeltaCleanupOptions {
  client: KubeClient;
  events: EventRecorder;
  log: Logger;
  signal?: AbortSignal;
}

/** The Backup behind a tracked velero restore, or undefined when either is gone. */
async function backupBehind(
  client: KubeClient,
  namespace: string,
  owned: readonly Restore[],
  restoreName: string | undefined,
  signal?: AbortSignal,
): Promise<Backup | undefined> {
  const velero = restoreName ? owned.find((r) => r.metadata.name === restoreName) : undefined;
  const backupName = velero?.spec?.backupName;
  if (!backupName) return undefined;
  try {
    return await client.get<Backup>(BACKUPS, backupName, { namespace, signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function trackedCleanupBackups(client: KubeClient, restore: AcmRestore, owned: readonly Restore[], signal?: AbortSignal): Promise<CleanupBackups> {
  const ns = restore.metadata.namespace ?? '';
  const s = restore.status;
  const [credentials, resources, generic, managedClusters] = await Promise.all([
    backupBehind(client, ns, owned, s?.veleroCredentialsRestoreName, signal),
    backupBehind(client, ns, owned, s?.veleroResourcesRestoreName, signal),
    backupBehind(client, ns, owned, s?.veleroGenericResourcesRestoreName, signal),
    backupBehind(client, ns, owned, s?.veleroManagedClustersRestoreName, signal),
  ]);
  return { credentials, resources, generic, managedClusters };
}

/** Runs the cleanup; returns how many objects were deleted. */
export async function runDeltaCleanup(
  opts: DeltaCleanupOptions,
  restore: AcmRestore,
  backups: CleanupBackups,
  mode: CleanupMode,
  passive: boolean,
): Promise<number> {
  const { client, log, signal } = opts;
  const needsCatalog = Boolean(backups.resources || backups.managedClusters);
  const catalog = needsCatalog ? await discoverCleanupCatalog(client, signal) : undefined;
  const localClusterName = await findLocalClusterName(client, { signal, log });
  let total = 0;
  for (const part of cleanupParts(backups, mode, passive, catalog ?? new CleanupCatalog([]))) {
    opts.events.event(restore, 'Normal', EVENT_REASON_PREPARE_TO_RESTORE, eventCleaningUp(part.backup), EVENT_ACTION_CLEANUP);
    let deleted = 0;
    for (const query of part.queries) {
      const doomed: KubeObject[] = [];
      try {
        for await (const obj of client.listAll(query.ref, { labelSelector: formatSelector(query.requirements), signal })) {
          const meta = obj.metadata ?? {};
          if (shouldDelete(part, query, { namespace: meta.namespace, name: meta.name ?? '', labels: meta.labels }, localClusterName)) doomed.push(obj);
        }
      } catch (err) {
        if (signal?.aborted) throw err;
        log.error({ resource: query.ref.plural, group: query.ref.group, err: errorText(err) }, 'cleanup: list failed; skipping this resource');
        continue;
      }
      for (const obj of doomed) {
        if (!(await deleteForeground(client, query.ref, obj, log, signal))) continue;
        deleted++;
        log.info(
          { part: part.part, backup: part.backup, kind: query.ref.kind, namespace: obj.metadata?.namespace, name: obj.metadata?.name },
          'cleanup: deleted',
        );
      }
    }
    total += deleted;
    log.info({ part: part.part, backup: part.backup, mode, deleted }, 'cleanup part done');
    if (mode === 'CleanupAll')
      opts.events.event(restore, 'Normal', EVENT_REASON_CLEANUP_DELETED, eventCleanupDeleted(deleted, part.backup, mode), EVENT_ACTION_CLEANUP);
  }
  return total;
}
