// What a crash can leave behind, cleared before the controllers start: half-made copies, and
// directories of volumes or snapshots whose objects are gone (made just before a crash, or deleted
// while the hub was down). A directory whose claim still exists is kept: provisioning adopts it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { PersistentVolumeClaim } from '../../api/core/index.js';
import type { VolumeSnapshotContent } from '../../api/snapshot/index.js';
import { PERSISTENT_VOLUMES, PERSISTENT_VOLUME_CLAIMS, VOLUME_SNAPSHOT_CONTENTS, type KubeClient } from '../../kube/index.js';
import { STAGING_PREFIX, type VolumeLayout } from './layout.js';
import { removeTree } from './tree.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const VOLUME_DIR = new RegExp(`^pvc-(${UUID})$`);
const SNAPSHOT_DIR = new RegExp(`^snapcontent-${UUID}$`);

export async function sweepVolumeDirectories(client: KubeClient, layout: VolumeLayout, log: Logger): Promise<void> {
  await fs.mkdir(layout.volumesDir, { recursive: true, mode: 0o700 });
  await fs.mkdir(layout.snapshotsDir, { recursive: true, mode: 0o700 });

  const volumes = new Set((await client.list(PERSISTENT_VOLUMES)).items.map((pv) => pv.metadata?.name));
  const claimUids = new Set((await client.list<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS)).items.map((c) => c.metadata.uid));
  await sweep(layout.volumesDir, log, (name) => {
    const m = VOLUME_DIR.exec(name);
    return m !== null && !volumes.has(name) && !claimUids.has(m[1]);
  });

  const handles = new Set<string | undefined>();
  for (const content of (await client.list<VolumeSnapshotContent>(VOLUME_SNAPSHOT_CONTENTS)).items) {
    handles.add(content.metadata.name);
    handles.add(content.status?.snapshotHandle);
    handles.add(content.spec?.source?.snapshotHandle);
  }
  await sweep(layout.snapshotsDir, log, (name) => SNAPSHOT_DIR.test(name) && !handles.has(name));
}

async function sweep(dir: string, log: Logger, orphaned: (name: string) => boolean): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    if (!name.startsWith(STAGING_PREFIX) && !orphaned(name)) continue;
    log.warn({ dir: path.join(dir, name) }, 'removing a volume directory left by an interrupted run');
    await removeTree(path.join(dir, name));
  }
}
