// Restore validation and completion (spec/velero.md §1.7): the spec mutations Velero persists,
// the backup a restore reads (by name, or the newest Completed backup of a schedule), its storage
// location, and Velero's exact validationErrors strings.
import {
  BACKUP_STORAGE_LOCATIONS,
  BACKUPS,
  EXISTING_RESOURCE_POLICIES,
  LABEL_SCHEDULE_NAME,
  NON_RESTORABLE_RESOURCES,
  type Backup,
  type BackupStorageLocation,
  type Restore,
  type RestoreSpec,
} from '../../../api/velero/index.js';
import type { KubeClient } from '../../../kube/index.js';
import { validateIncludesExcludes, validateNamespaceIncludesExcludes } from '../filters/index.js';
import { cloneJson } from '../../../util/json.js';

export const DEFAULT_ITEM_OPERATION_TIMEOUT = '4h0m0s';

export interface ValidatedRestore {
  /** The spec as Velero persists it after the first reconcile. */
  spec: RestoreSpec;
  validationErrors: string[];
  /** Set when validation passed. */
  backup?: Backup;
  location?: BackupStorageLocation;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isNonEmpty(s: string | undefined): s is string {
  return s !== undefined && s !== '';
}

function startTime(b: Backup): number {
  const t = b.status?.startTimestamp;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

/** Velero's mostRecentCompletedBackup: newest status.startTimestamp first, the first Completed wins. */
export function mostRecentCompletedBackup(backups: readonly Backup[]): Backup | undefined {
  return [...backups].sort((a, b) => startTime(b) - startTime(a)).find((b) => b.status?.phase === 'Completed');
}

/** The restore's spec with the non-restorable types excluded and the defaults filled in. */
export function completeSpec(spec: RestoreSpec | undefined): RestoreSpec {
  const out: RestoreSpec = cloneJson(spec ?? {});
  const excluded = [...(out.excludedResources ?? [])];
  for (const r of NON_RESTORABLE_RESOURCES) if (!excluded.includes(r)) excluded.push(r);
  out.excludedResources = excluded;
  if (!out.itemOperationTimeout || out.itemOperationTimeout === '0s') out.itemOperationTimeout = DEFAULT_ITEM_OPERATION_TIMEOUT;
  return out;
}

export async function validateRestore(client: KubeClient, restore: Restore, signal?: AbortSignal): Promise<ValidatedRestore> {
  const namespace = restore.metadata.namespace ?? '';
  const spec = completeSpec(restore.spec);
  const errors: string[] = [];
  const fail = (): ValidatedRestore => ({ spec, validationErrors: errors });

  const included = new Set(spec.includedResources ?? []);
  for (const r of NON_RESTORABLE_RESOURCES) if (included.has(r)) errors.push(`${r} are non-restorable resources`);
  for (const e of validateIncludesExcludes(spec.includedResources, spec.excludedResources)) errors.push(`Invalid included/excluded resource lists: ${e}`);
  for (const e of validateNamespaceIncludesExcludes(spec.includedNamespaces, spec.excludedNamespaces))
    errors.push(`Invalid included/excluded namespace lists: ${e}`);
  if (spec.labelSelector && spec.orLabelSelectors) {
    errors.push('encountered labelSelector as well as orLabelSelectors in restore spec, only one can be specified');
  }
  if (isNonEmpty(spec.backupName) === isNonEmpty(spec.scheduleName)) {
    errors.push('Either a backup or schedule must be specified as a source for the restore, but not both');
    return fail();
  }
  if (spec.existingResourcePolicy && !(EXISTING_RESOURCE_POLICIES as readonly string[]).includes(spec.existingResourcePolicy)) {
    errors.push(`Invalid ExistingResourcePolicy: ${spec.existingResourcePolicy}`);
  }
  // Lifeboat runs no resource-modifier rules; restoring unmodified objects in their place would be wrong.
  if (spec.resourceModifier)
    errors.push(`resourceModifier ${spec.resourceModifier.kind}/${spec.resourceModifier.name} is not supported by the Lifeboat engine`);

  if (isNonEmpty(spec.scheduleName)) {
    let backups: Backup[];
    try {
      backups = [];
      for await (const b of client.listAll<Backup>(BACKUPS, { namespace, labelSelector: `${LABEL_SCHEDULE_NAME}=${spec.scheduleName}`, signal }))
        backups.push(b);
    } catch {
      errors.push('Unable to list backups for schedule');
      return fail();
    }
    if (backups.length === 0) errors.push('No backups found for schedule');
    const chosen = mostRecentCompletedBackup(backups);
    if (chosen?.metadata.name) spec.backupName = chosen.metadata.name;
    else errors.push('No completed backups found for schedule');
    // Velero would go on to look up a backup named "" and add a third, unhelpful message.
    if (!chosen) return fail();
  }

  const backupName = spec.backupName ?? '';
  let backup: Backup;
  try {
    backup = await client.get<Backup>(BACKUPS, backupName, { namespace, signal });
  } catch (err) {
    errors.push(`Error retrieving backup: can't find backup ${namespace}/${backupName}: ${errMessage(err)}`);
    return fail();
  }
  const locationName = backup.spec?.storageLocation ?? '';
  let location: BackupStorageLocation;
  try {
    if (locationName === '') throw new Error(`backup ${namespace}/${backupName} names no spec.storageLocation`);
    location = await client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, locationName, { namespace, signal });
  } catch (err) {
    errors.push(`Error retrieving backup: ${errMessage(err)}`);
    return fail();
  }
  if (location.status?.phase === 'Unavailable') errors.push(`The BSL ${locationName} is unavailable, cannot retrieve the backup`);
  if (!isNonEmpty(spec.scheduleName)) {
    const fromLabel = backup.metadata.labels?.[LABEL_SCHEDULE_NAME];
    if (fromLabel) spec.scheduleName = fromLabel;
  }
  if (errors.length > 0) return fail();
  return { spec, validationErrors: errors, backup, location };
}
