// The Restore's finalizer and the `cluster-backup` InternalHubComponent (hub-backup.md §4.1): while
// the component exists, Restores carry the finalizer so that their velero restores are deleted
// before they go; when the component is being deleted, so are the Restores. A hub without the
// InternalHubComponent API has none of this (decision 6).
import type { Logger } from 'pino';
import { ACM_RESTORES, RESTORE_FINALIZER, type AcmRestore } from '../../api/backup/index.js';
import { CLUSTER_BACKUP_COMPONENT, INTERNAL_HUB_COMPONENTS, type InternalHubComponent } from '../../api/ocm/index.js';
import { RESTORES, type Restore } from '../../api/velero/index.js';
import { isNotFound, type KubeClient, type KubeObject, type ResourceRef } from '../../kube/index.js';
import { isApiAbsent } from '../hub-identity.js';
import { errorText } from '../../util/errors.js';

/** How soon a Restore being deleted looks again at its velero restores. */
export const DELETION_REQUEUE_MS = 10_000;

export async function findClusterBackupComponent(client: KubeClient, signal?: AbortSignal): Promise<InternalHubComponent | undefined> {
  try {
    const list = await client.list<InternalHubComponent>(INTERNAL_HUB_COMPONENTS, { signal });
    return list.items.find((c) => c.metadata?.name === CLUSTER_BACKUP_COMPONENT);
  } catch (err) {
    if (isApiAbsent(err)) return undefined;
    throw err;
  }
}

async function setFinalizers(client: KubeClient, ref: ResourceRef, obj: KubeObject, finalizers: string[], signal?: AbortSignal): Promise<void> {
  const meta = obj.metadata ?? {};
  // The resourceVersion makes a concurrent change of the list a conflict rather than a lost write.
  await client.patch(
    ref,
    meta.name ?? '',
    { metadata: { finalizers, resourceVersion: meta.resourceVersion } },
    { type: 'merge', namespace: meta.namespace, signal },
  );
}

async function addFinalizer(client: KubeClient, ref: ResourceRef, obj: KubeObject, log: Logger, signal?: AbortSignal): Promise<void> {
  const finalizers = obj.metadata?.finalizers ?? [];
  if (finalizers.includes(RESTORE_FINALIZER)) return;
  try {
    await setFinalizers(client, ref, obj, [...finalizers, RESTORE_FINALIZER], signal);
  } catch (err) {
    // Only logged (§4.1): the next pass tries again.
    log.warn({ err: errorText(err), kind: obj.kind, name: obj.metadata?.name }, 'could not add the restore finalizer');
  }
}

async function removeFinalizer(client: KubeClient, ref: ResourceRef, obj: KubeObject, signal?: AbortSignal): Promise<void> {
  const finalizers = obj.metadata?.finalizers ?? [];
  if (!finalizers.includes(RESTORE_FINALIZER)) return;
  try {
    await setFinalizers(
      client,
      ref,
      obj,
      finalizers.filter((f) => f !== RESTORE_FINALIZER),
      signal,
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

export type FinalizerOutcome = { stop: false } | { stop: true; requeueAfterMs?: number };

/**
 * §4.1 for one pass: a Restore being deleted waits for its velero restores to go, then releases its
 * finalizer (and the component's, when it was the last Restore of its namespace); a component being
 * deleted takes the Restore with it; otherwise both carry the finalizer.
 */
export async function handleFinalizers(
  client: KubeClient,
  restore: AcmRestore,
  owned: readonly Restore[],
  component: InternalHubComponent | undefined,
  log: Logger,
  signal?: AbortSignal,
): Promise<FinalizerOutcome> {
  const namespace = restore.metadata.namespace ?? '';
  if (restore.metadata.deletionTimestamp) {
    for (const velero of owned) {
      try {
        await client.delete(RESTORES, velero.metadata.name ?? '', { namespace, signal });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    if (owned.length > 0) return { stop: true, requeueAfterMs: DELETION_REQUEUE_MS };
    await removeFinalizer(client, ACM_RESTORES, restore, signal);
    if (component) {
      const left = (await client.list<AcmRestore>(ACM_RESTORES, { namespace, signal })).items.filter((r) => r.metadata.name !== restore.metadata.name);
      if (left.length === 0) await removeFinalizer(client, INTERNAL_HUB_COMPONENTS, component, signal);
    }
    return { stop: true };
  }
  if (component?.metadata?.deletionTimestamp) {
    log.info({ component: component.metadata.name }, 'the cluster-backup component is being deleted: deleting the Restore');
    try {
      await client.delete(ACM_RESTORES, restore.metadata.name ?? '', { namespace, signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return { stop: true };
  }
  if (component) {
    await addFinalizer(client, INTERNAL_HUB_COMPONENTS, component, log, signal);
    await addFinalizer(client, ACM_RESTORES, restore, log, signal);
  }
  return { stop: false };
}
