// Where the embedded hub keeps volume and snapshot data: one directory per PersistentVolume and
// per snapshot, under the hub's data directory. A directory is complete once it has its final
// name: content is prepared under a `.staging-` name and renamed, so a crash never leaves a
// half-copied volume that looks whole.
import path from 'node:path';
import type { PersistentVolume } from '../../api/core/index.js';

export const STAGING_PREFIX = '.staging-';

export class VolumeLayout {
  readonly volumesDir: string;
  readonly snapshotsDir: string;

  constructor(readonly dataDir: string) {
    this.volumesDir = path.join(path.resolve(dataDir), 'volumes');
    this.snapshotsDir = path.join(path.resolve(dataDir), 'snapshots');
  }

  volumePath(pvName: string): string {
    return path.join(this.volumesDir, safeName(pvName));
  }

  snapshotPath(handle: string): string {
    return path.join(this.snapshotsDir, safeName(handle));
  }

  stagingPath(finalPath: string): string {
    return path.join(path.dirname(finalPath), STAGING_PREFIX + path.basename(finalPath));
  }
}

/** The directory that holds a PersistentVolume's files, from its spec. */
export function volumeDirectory(pv: PersistentVolume): string | undefined {
  return pv.spec?.hostPath?.path ?? pv.spec?.local?.path;
}

/** Object names and snapshot handles become one path component, never a path. */
function safeName(name: string): string {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) throw new Error(`"${name}" cannot name a directory`);
  return name;
}
