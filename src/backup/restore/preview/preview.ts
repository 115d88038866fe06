// `lifeboat restore preview`: what a new Restore would create, update and delete on the connected
// hub, without changing anything. The decisions are the controller's own — the webhook rules,
// exclusivity, the cleanup value and storage checks, backup resolution and the velero restore
// shapes (planVeleroRestores) — the velero restores run through the engine's plan mode, and the
// delta cleanup is predicted with the controller's queries and delete decision.
import type { Logger } from 'pino';
import {
  AcmRestorePhases,
  CLEANUP_TYPES,
  MSG_BSL_NOT_FOUND,
  msgInvalidCleanupValue,
  msgNothingToDo,
  msgRestoreBslNotAvailable,
  EVENT_MESSAGE_HOOKS_NOT_SUPPORTED,
  type AcmRestore,
} from '../../../api/backup/index.js';
import { BACKUPS, type Backup } from '../../../api/velero/index.js';
import type { KubeClient } from '../../../kube/index.js';
import { checkStorageLocation } from '../../schedule/storage-location.js';
import type { CleanupBackups, CleanupMode } from '../cleanup/index.js';
import { exclusivityProblem } from '../exclusivity.js';
import { planVeleroRestores, type PlannedRestore } from '../plan.js';
import { isSkip } from '../spec-values.js';
import { hasValidSyncOptions } from '../sync-options.js';
import { webhookRejection } from '../webhook-rules.js';
import { predictCleanup } from './cleanup-prediction.js';
import type { PlannedObject, PreviewObject, PreviewOutcome, RestorePlanner } from './types.js';

export interface PreviewOptions {
  log?: Logger;
  signal?: AbortSignal;
}

function previewObject(p: PlannedObject): PreviewObject {
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    ...(p.namespace ? { namespace: p.namespace } : {}),
    name: p.name,
    ...(p.action === 'update' ? { changedPaths: p.changedPaths ?? [] } : {}),
  };
}

function byIdentity(a: PreviewObject, b: PreviewObject): number {
  const ka = [a.apiVersion, a.kind, a.namespace ?? '', a.name];
  const kb = [b.apiVersion, b.kind, b.namespace ?? '', b.name];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

/** The backups the tracked restores would read once this pass is done (the cleanup's inputs). */
function trackedBackups(restores: readonly PlannedRestore[]): CleanupBackups {
  const of = (key: PlannedRestore['key']): Backup | undefined => restores.find((r) => r.key === key)?.backup;
  return { credentials: of('credentials'), resources: of('resources'), generic: of('resourcesGeneric'), managedClusters: of('managedClusters') };
}

/** Why the controller would not restore anything, as the phase and message it would show. */
async function rejection(client: KubeClient, restore: AcmRestore, signal?: AbortSignal): Promise<PreviewOutcome | undefined> {
  const rejected = (phase: string, message: string): PreviewOutcome => ({ kind: 'rejected', phase, message });
  const webhook = webhookRejection(restore);
  if (webhook) return rejected(AcmRestorePhases.FinishedWithErrors, webhook);
  const conflict = await exclusivityProblem(client, restore, signal);
  if (conflict) return rejected(AcmRestorePhases.FinishedWithErrors, conflict);
  if (!(CLEANUP_TYPES as readonly string[]).includes(restore.spec.cleanupBeforeRestore)) {
    return rejected(AcmRestorePhases.FinishedWithErrors, msgInvalidCleanupValue(restore.spec.cleanupBeforeRestore));
  }
  const namespace = restore.metadata.namespace ?? '';
  const storage = await checkStorageLocation(client, namespace, signal);
  const phase = hasValidSyncOptions(restore.spec) ? AcmRestorePhases.EnabledWithErrors : AcmRestorePhases.Error;
  if (storage === 'none') return rejected(phase, MSG_BSL_NOT_FOUND);
  if (storage === 'unavailable') return rejected(phase, msgRestoreBslNotAvailable(namespace));
  return undefined;
}

/**
 * The first cycle of `restore` as a new Restore: its velero restores, then (cleanupBeforeRestore
 * other than None) the cleanup that follows them. Post-activation tasks (the activation record and
 * the auto-import secrets) are not part of the preview.
 */
export async function previewRestore(client: KubeClient, restore: AcmRestore, planner: RestorePlanner, opts: PreviewOptions = {}): Promise<PreviewOutcome> {
  const fresh: AcmRestore = { ...restore, status: undefined };
  const rejected = await rejection(client, fresh, opts.signal);
  if (rejected) return rejected;
  const notes: string[] = [];
  if ((fresh.spec.hooks?.resources ?? []).length > 0) notes.push(EVENT_MESSAGE_HOOKS_NOT_SUPPORTED);

  const backups: Backup[] = [];
  for await (const b of client.listAll<Backup>(BACKUPS, { namespace: fresh.metadata.namespace, signal: opts.signal })) backups.push(b);
  const plan = planVeleroRestores(fresh, 'full', backups);
  if (plan.kind === 'error')
    return { kind: 'rejected', phase: hasValidSyncOptions(fresh.spec) ? AcmRestorePhases.EnabledWithErrors : AcmRestorePhases.Error, message: plan.message };
  for (const s of plan.skipped) notes.push(`no ${s.key} restore: ${s.reason}`);
  if (plan.kind === 'nothing')
    return { kind: 'preview', preview: { create: [], update: [], delete: [] }, notes: [...notes, msgNothingToDo(fresh.metadata.name ?? '')] };

  // Each velero restore is planned against the hub as it is now; a namespace the first one creates
  // exists for the next, so an object is reported once, for the first restore that touches it.
  const planned = new Map<string, PlannedObject>();
  for (const { restore: velero, backup } of plan.restores) {
    notes.push(`velero restore ${velero.metadata.name ?? ''} reads backup ${backup.metadata.name ?? ''}`);
    for (const p of await planner(velero, backup)) {
      const key = `${p.groupResource}\u0000${p.namespace}\u0000${p.name}`;
      if (!planned.has(key)) planned.set(key, p);
    }
  }
  const mode = fresh.spec.cleanupBeforeRestore;
  const deleted =
    mode === 'None'
      ? []
      : await predictCleanup(
          client,
          [...planned.values()],
          trackedBackups(plan.restores),
          mode as CleanupMode,
          isSkip(fresh.spec.veleroManagedClustersBackupName),
          opts,
        );
  if (!isSkip(fresh.spec.veleroManagedClustersBackupName))
    notes.push('after the restore, imported clusters that are not Available are prepared for auto-import (not listed)');
  return {
    kind: 'preview',
    preview: {
      create: [...planned.values()]
        .filter((p) => p.action === 'create')
        .map(previewObject)
        .sort(byIdentity),
      update: [...planned.values()]
        .filter((p) => p.action === 'update')
        .map(previewObject)
        .sort(byIdentity),
      delete: deleted.sort(byIdentity),
    },
    notes,
  };
}
