// How much the engine reads from a storage location before it calls a file hostile. Storage is
// written by other hubs, other Velero versions or by hand, so every file is read with a cap on
// its stored bytes and, when gzipped, on what it inflates to: an oversized file is an error of
// its backup (logged with the backup's name, or an error of the restore), never a memory spike.
// Each cap is far above what a real backup holds; together they bound what one read can hold in
// memory to tens of MiB.

import { Transform } from 'node:stream';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const STORAGE_READ_LIMITS = {
  /**
   * `velero-backup.json`: one Backup object, a few KiB even with long namespace and resource
   * lists; the API server would refuse to store one above 3 MiB anyway.
   */
  backupMetadataBytes: 4 * MiB,
  /**
   * A gzipped JSON side file (`<name>-podvolumebackups.json.gz`, …), stored and inflated. About
   * 1.5 KiB per PodVolumeBackup: 32 MiB is over 20,000 pod volumes in one backup.
   */
  sideFileStoredBytes: 32 * MiB,
  sideFileInflatedBytes: 32 * MiB,
  /**
   * One entry of a backup tarball (an item body), held in memory while it is read. An item was
   * an API object, which the API server caps at 3 MiB per request (etcd at 1.5 MiB).
   */
  archiveEntryBytes: 16 * MiB,
  /**
   * A whole backup tarball once inflated; item bodies go to the restore's temporary directory,
   * so this bounds disk, not memory. Hub backups are well under 1 GiB.
   */
  archiveInflatedBytes: 16 * GiB,
} as const;

/** A file in storage larger than the engine reads; the message names the file and the cap. */
export class StoredFileTooLargeError extends Error {
  constructor(
    readonly key: string,
    readonly limitBytes: number,
    inflated: boolean,
  ) {
    super(`${key} is larger than the ${formatBytes(limitBytes)} the engine reads${inflated ? ' once decompressed' : ''}`);
    this.name = 'StoredFileTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= GiB && bytes % GiB === 0) return `${bytes / GiB} GiB`;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  return `${bytes} bytes`;
}

/** A pass-through that fails with `tooLarge()` as soon as more than `maxBytes` have gone through. */
export function byteLimit(maxBytes: number, tooLarge: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(tooLarge());
      else callback(null, chunk);
    },
  });
}
