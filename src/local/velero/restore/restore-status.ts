// Writes to the Restore object itself. Velero CRs have no status subresource: status (and the
// spec mutations of §1.7) are JSON merge patches on the main resource (spec/velero.md §1.1).
import { RESTORES, type Restore, type RestoreProgress, type RestoreSpec, type RestoreStatus } from '../../../api/velero/index.js';
import { isNotFound, type Clock, type KubeClient } from '../../../kube/index.js';
import type { Logger } from 'pino';

export interface RestorePatch {
  spec?: RestoreSpec;
  status?: RestoreStatus;
  finalizers?: string[];
}

/**
 * One merge patch; with `resourceVersion` it applies only to that version (a concurrent change
 * fails it with a conflict). Spec and status keys are set, never removed: Velero only adds.
 */
export function patchRestore(client: KubeClient, restore: Restore, patch: RestorePatch, resourceVersion?: string, signal?: AbortSignal): Promise<Restore> {
  const body: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {};
  if (resourceVersion) metadata.resourceVersion = resourceVersion;
  if (patch.finalizers) metadata.finalizers = patch.finalizers;
  if (Object.keys(metadata).length > 0) body.metadata = metadata;
  if (patch.spec) body.spec = patch.spec;
  if (patch.status) body.status = patch.status;
  return client.patch<Restore>(RESTORES, restore.metadata.name ?? '', body, { type: 'merge', namespace: restore.metadata.namespace, signal });
}

/** A terminal status must land: transient failures are retried with back-off; a deleted Restore is fine. */
export async function patchRestoreWithRetries(
  client: KubeClient,
  restore: Restore,
  patch: RestorePatch,
  clock: Clock,
  log: Logger,
  attempts = 6,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await patchRestore(client, restore, patch);
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      if (attempt >= attempts) throw err;
      log.warn({ err: err instanceof Error ? err.message : String(err), attempt }, 'updating the Restore failed; retrying');
      await clock.sleep(Math.min(200 * 2 ** attempt, 10_000));
    }
  }
}

/** Progress is a courtesy: a failed write is logged, and writes never overlap or reorder. */
export function progressReporter(
  client: KubeClient,
  restore: Restore,
  log: Logger,
  signal?: AbortSignal,
): { report(p: RestoreProgress): void; flush(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  return {
    report(progress) {
      chain = chain.then(async () => {
        try {
          await patchRestore(client, restore, { status: { progress } }, undefined, signal);
        } catch (err) {
          log.warn({ err: err instanceof Error ? err.message : String(err) }, "Got error trying to update restore's status.progress");
        }
      });
    },
    flush: () => chain,
  };
}
