// A backed-up object as the restore handles it: plain JSON, whatever its kind, plus the metadata
// edits Velero makes before creating it (spec/velero.md §5.4 steps 5 and 10).
import { getValidName, LABEL_BACKUP_NAME, LABEL_RESTORE_NAME } from '../../../api/velero/index.js';
import type { KubeObject, ObjectMeta } from '../../../api/meta.js';
import { isJsonObject, type JsonObject } from '../../../util/json.js';

export type Item = JsonObject & KubeObject;

// Server-owned or identity fields: a create must not carry them, and owners are not restored
// (their uids would not exist in the target; velero-io/velero#4707).
const RESET_METADATA_FIELDS: readonly (keyof ObjectMeta)[] = [
  'generateName',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
];

/** Velero's resetMetadataAndStatus, in place; labels, annotations, finalizers and managedFields stay. */
export function resetMetadataAndStatus(obj: Item): Item {
  const meta = obj.metadata;
  if (meta === undefined) throw new Error('metadata not found');
  if (!isJsonObject(meta)) throw new Error(`metadata was of type ${Array.isArray(meta) ? 'array' : typeof meta}, expected an object`);
  for (const field of RESET_METADATA_FIELDS) delete meta[field];
  delete obj.status;
  return obj;
}

/** Overwrites both labels: the restore owns them on everything it restores. */
export function addRestoreLabels(obj: Item, restoreName: string, backupName: string): void {
  const meta = (obj.metadata ??= {});
  const labels = (meta.labels ??= {});
  labels[LABEL_BACKUP_NAME] = getValidName(backupName);
  labels[LABEL_RESTORE_NAME] = getValidName(restoreName);
}

/** Blanks both labels so that a merge patch towards the desired object always sets them. */
export function blankRestoreLabels(obj: Item): void {
  const meta = (obj.metadata ??= {});
  const labels = (meta.labels ??= {});
  labels[LABEL_BACKUP_NAME] = '';
  labels[LABEL_RESTORE_NAME] = '';
}

/** `<apiVersion>/<Kind>`: how the resource list and the dedup key name a type. */
export function resourceKey(obj: Item): string {
  return `${obj.apiVersion ?? ''}/${obj.kind ?? ''}`;
}

export function nameOf(obj: Item): string {
  return typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
}

/** Velero's getResourceID: `<gr>/<ns>/<name>` or `<gr>/<name>`. */
export function resourceId(groupResource: string, namespace: string, name: string): string {
  return namespace === '' ? `${groupResource}/${name}` : `${groupResource}/${namespace}/${name}`;
}
