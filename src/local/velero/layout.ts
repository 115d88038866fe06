// Velero's object-store layout (spec/velero.md §2.1–2.3). Keys are relative to the storage
// location's root prefix; the ObjectStore applies `spec.objectStorage.prefix`. Real Velero lists,
// syncs and restores what is written under these keys, so they are exact.

/** The only top-level "directories" allowed under the root prefix; any other makes the BSL Unavailable (§7). */
export const VALID_TOP_LEVEL_PREFIXES: readonly string[] = ['backups', 'restores', 'restic', 'metadata', 'plugins', 'kopia'];

export const BACKUPS_PREFIX = 'backups/';
export const RESTORES_PREFIX = 'restores/';
export const METADATA_REVISION_KEY = 'metadata/revision';

export class InvalidObjectKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid object key "${key}": ${reason}`);
    this.name = 'InvalidObjectKeyError';
  }
}

/**
 * Refuses keys that could escape a directory store's root or that S3 and a file system would
 * interpret differently. Every store calls this before touching a key.
 */
export function validateObjectKey(key: string): void {
  if (key === '') throw new InvalidObjectKeyError(key, 'empty key');
  validateKeyPath(key);
  if (key.endsWith('/')) throw new InvalidObjectKeyError(key, 'key ends with "/"');
}

/** Like validateObjectKey, for list prefixes: empty (the root) and a trailing `/` are allowed. */
export function validateKeyPrefix(prefix: string): void {
  if (prefix === '') return;
  validateKeyPath(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

function validateKeyPath(key: string): void {
  if (key.startsWith('/')) throw new InvalidObjectKeyError(key, 'leading "/"');
  if (key.includes('\\')) throw new InvalidObjectKeyError(key, 'contains "\\"');
  if (key.includes('\0')) throw new InvalidObjectKeyError(key, 'contains a NUL byte');
  for (const segment of key.split('/')) {
    if (segment === '') throw new InvalidObjectKeyError(key, 'empty path segment');
    if (segment === '.' || segment === '..') throw new InvalidObjectKeyError(key, `path segment "${segment}"`);
  }
}

/** Backup and restore names become one key segment; a `/` or `..` would move the files elsewhere. */
function segment(kind: string, name: string): string {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\') || name.includes('\0')) {
    throw new InvalidObjectKeyError(name, `not a valid ${kind} name`);
  }
  return name;
}

/** `P/` or '' for a BSL prefix, trimmed of slashes as Velero does. */
export function rootPrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

// ---------------------------------------------------------------------------------------------
// backups/<name>/ (§2.2)

export function backupDir(name: string): string {
  return `${BACKUPS_PREFIX}${segment('backup', name)}/`;
}

/** Exists iff the backup exists; written last so a syncing Velero never sees a half backup. */
export function backupMetadataKey(name: string): string {
  return `${backupDir(name)}velero-backup.json`;
}

export function backupContentsKey(name: string): string {
  return `${backupDir(name)}${name}.tar.gz`;
}

export function backupLogKey(name: string): string {
  return `${backupDir(name)}${name}-logs.gz`;
}

export function backupResourceListKey(name: string): string {
  return `${backupDir(name)}${name}-resource-list.json.gz`;
}

export function backupResultsKey(name: string): string {
  return `${backupDir(name)}${name}-results.gz`;
}

export function backupItemOperationsKey(name: string): string {
  return `${backupDir(name)}${name}-itemoperations.json.gz`;
}

export function backupVolumeSnapshotsKey(name: string): string {
  return `${backupDir(name)}${name}-volumesnapshots.json.gz`;
}

export function backupPodVolumeBackupsKey(name: string): string {
  return `${backupDir(name)}${name}-podvolumebackups.json.gz`;
}

export function backupVolumeInfoKey(name: string): string {
  return `${backupDir(name)}${name}-volumeinfo.json.gz`;
}

/** Written by Velero ≤1.16 only; read as optional. */
export function backupCsiVolumeSnapshotsKey(name: string): string {
  return `${backupDir(name)}${name}-csi-volumesnapshots.json.gz`;
}

/** Written by Velero ≤1.16 only; read as optional. */
export function backupCsiVolumeSnapshotContentsKey(name: string): string {
  return `${backupDir(name)}${name}-csi-volumesnapshotcontents.json.gz`;
}

/** Written by Velero ≤1.17 only; read as optional. */
export function backupCsiVolumeSnapshotClassesKey(name: string): string {
  return `${backupDir(name)}${name}-csi-volumesnapshotclasses.json.gz`;
}

/** The backup name from a common prefix under `backups/` (`backups/b1/`, `backups/b1` or `b1`). */
export function backupNameFromPrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? trimmed : trimmed.slice(slash + 1);
}

// ---------------------------------------------------------------------------------------------
// restores/<name>/ (§2.3)

export function restoreDir(name: string): string {
  return `${RESTORES_PREFIX}${segment('restore', name)}/`;
}

export function restoreLogKey(name: string): string {
  return `${restoreDir(name)}restore-${name}-logs.gz`;
}

export function restoreResultsKey(name: string): string {
  return `${restoreDir(name)}restore-${name}-results.gz`;
}

export function restoreResourceListKey(name: string): string {
  return `${restoreDir(name)}restore-${name}-resource-list.json.gz`;
}

export function restoreItemOperationsKey(name: string): string {
  return `${restoreDir(name)}restore-${name}-itemoperations.json.gz`;
}

/** Note: no `restore-` prefix, unlike the other restore files (Velero 1.14+). */
export function restoreVolumeInfoKey(name: string): string {
  return `${restoreDir(name)}${name}-volumeinfo.json.gz`;
}
