import type { BackupStorageLocation, BackupStorageLocationPhase } from '../../../api/velero/index.js';
import { VALID_TOP_LEVEL_PREFIXES } from '../layout.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { StorageLocationError } from '../object-store/open-store.js';

export interface StorageLocationValidation {
  phase: BackupStorageLocationPhase;
  /** '' when Available; Velero's `BackupStorageLocation "<name>" is unavailable: <reason>` otherwise. */
  message: string;
}

/** Velero lists at most this many offending directories, then `...`. */
const MAX_LISTED_INVALID = 3;

/**
 * Velero's BSL check (spec/velero.md §7): the spec is coherent, the store answers a listing of
 * its root, and that root holds no "directory" other than Velero's own. Never throws: every
 * failure is an Unavailable outcome whose message names the cause (never the credentials).
 */
export async function validateStorageLocation(bsl: BackupStorageLocation, store: ObjectStore): Promise<StorageLocationValidation> {
  try {
    const storage = bsl.spec?.objectStorage;
    if (storage?.caCert && storage.caCertRef) throw new Error('cannot specify both caCert and caCertRef in objectStorage');
    const invalid = (await store.listPrefixes('')).filter((prefix) => !VALID_TOP_LEVEL_PREFIXES.includes(prefix));
    if (invalid.length > MAX_LISTED_INVALID) {
      throw new Error(`Backup store contains ${invalid.length} invalid top-level directories: [${[...invalid.slice(0, MAX_LISTED_INVALID), '...'].join(' ')}]`);
    }
    if (invalid.length > 0) throw new Error(`Backup store contains invalid top-level directories: [${invalid.join(' ')}]`);
    return { phase: 'Available', message: '' };
  } catch (err) {
    return unavailable(bsl, err);
  }
}

/** The Unavailable outcome for an error met before or during validation (e.g. opening the store). */
export function unavailable(bsl: BackupStorageLocation, err: unknown): StorageLocationValidation {
  const reason = err instanceof StorageLocationError ? err.problem : err instanceof Error ? err.message : String(err);
  return { phase: 'Unavailable', message: `BackupStorageLocation "${bsl.metadata.name ?? ''}" is unavailable: ${reason}` };
}
