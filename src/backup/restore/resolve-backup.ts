// Which backup each restore key reads (hub-backup.md §4.3): `latest`, a named backup, or the
// backup of another type taken at the same time (timestamp matching). A pure decision over the
// Backups listed in the Restore's namespace, shared by the controller and `lifeboat restore preview`.
import {
  BACKUP_NAME_LATEST,
  MSG_BACKUP_NAME_NOT_FOUND,
  MSG_NO_BACKUPS,
  SCHEDULE_NAME_BY_TYPE,
  msgCannotFindBackup,
  msgCannotFindBackupForType,
  type AcmRestoreSpec,
} from '../../api/backup/index.js';
import type { Backup } from '../../api/velero/index.js';
import { isActiveKey, specValueFor, type RestoreKey } from './restore-keys.js';
import { normalizeBackupName } from './spec-values.js';
import { parseBackupTimestamp, timestampSuffix } from './timestamps.js';

/** Related backups of one schedule run may start this far apart (§4.3). */
export const TIMESTAMP_TOLERANCE_MS = 30_000;

export type Resolution = { backup: Backup } | { error: string };

/** Errors of these keys only mean "this restore is not created" (§4.3 error policy). */
export function isSwallowedKey(key: RestoreKey): boolean {
  return key === 'resourcesGeneric' || isActiveKey(key);
}

function startMs(backup: Backup): number {
  const t = backup.status?.startTimestamp;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

function isRestorable(backup: Backup): boolean {
  return backup.status?.phase === 'Completed' || backup.status?.phase === 'PartiallyFailed';
}

/** Completed or PartiallyFailed backups of a key's schedule, newest first (ties keep list order). */
export function restorableBackups(key: RestoreKey, backups: readonly Backup[]): Backup[] {
  const prefix = SCHEDULE_NAME_BY_TYPE[key];
  return backups.filter((b) => (b.metadata.name ?? '').startsWith(prefix) && isRestorable(b)).sort((a, b) => startMs(b) - startMs(a));
}

/** The newest restorable backup of a key's schedule, if any (the `latest` rule without matching). */
export function newestBackup(key: RestoreKey, backups: readonly Backup[]): Backup | undefined {
  return restorableBackups(key, backups)[0];
}

/** The backup of `key`'s schedule taken in the same run as `reference` (§4.3 timestamp matching). */
export function matchByTimestamp(key: RestoreKey, reference: string, backups: readonly Backup[]): Resolution {
  const prefix = SCHEDULE_NAME_BY_TYPE[key];
  const exactName = `${prefix}-${timestampSuffix(reference)}`;
  const exact = backups.find((b) => b.metadata.name === exactName);
  if (exact) return { backup: exact };
  const at = parseBackupTimestamp(reference);
  if (at !== undefined) {
    const near = backups.find((b) => (b.metadata.name ?? '').includes(prefix) && Math.abs(startMs(b) - at) <= TIMESTAMP_TOLERANCE_MS);
    if (near) return { backup: near };
  }
  return { error: msgCannotFindBackupForType(reference, key) };
}

/**
 * `latest` of a passive key. (Upstream also matches the activation subsets by timestamp from the
 * newest backup; here they always follow the managed-clusters backup, see resolveBackup.)
 */
function resolveLatest(key: RestoreKey, backups: readonly Backup[]): Resolution {
  const newest = newestBackup(key, backups);
  return newest ? { backup: newest } : { error: MSG_NO_BACKUPS };
}

function resolveNamed(name: string, backups: readonly Backup[]): Resolution {
  const backup = backups.find((b) => b.metadata.name === name);
  // The API's NotFound as controller-runtime's typed client words it.
  return backup ? { backup } : { error: msgCannotFindBackup(name, `Backup.velero.io ${JSON.stringify(name)} not found`) };
}

/**
 * The backup for one key. `managedClusters` is the resolved managed-clusters backup: the
 * activation subsets are always the ones taken with it (decision 3), whatever the credentials and
 * resources fields say.
 */
export function resolveBackup(key: RestoreKey, spec: AcmRestoreSpec, backups: readonly Backup[], managedClusters?: Backup): Resolution {
  if (isActiveKey(key)) {
    if (!managedClusters) return { error: msgCannotFindBackupForType('', key) };
    return matchByTimestamp(key, managedClusters.metadata.name ?? '', backups);
  }
  const value = normalizeBackupName(specValueFor(spec, key));
  if (value === '') return { error: MSG_BACKUP_NAME_NOT_FOUND };
  if (value === BACKUP_NAME_LATEST) return resolveLatest(key, backups);
  if (key === 'resourcesGeneric') return matchByTimestamp(key, value, backups);
  return resolveNamed(value, backups);
}
