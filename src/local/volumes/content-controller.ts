// VolumeSnapshotContents of the local driver, as the CSI snapshotter sidecar and the
// snapshot-controller handle them: the snapshot taken (a point-in-time copy of the volume's
// directory), a pre-provisioned snapshot checked, the content deleted with its VolumeSnapshot
// under the Delete policy, and its directory removed before the object goes.
import { promises as fs } from 'node:fs';
import type { Logger } from 'pino';
import type { PersistentVolume } from '../../api/core/index.js';
import { type VolumeSnapshot, type VolumeSnapshotContent, type VolumeSnapshotContentStatus } from '../../api/snapshot/index.js';
import {
  PERSISTENT_VOLUMES,
  VOLUME_SNAPSHOTS,
  VOLUME_SNAPSHOT_CONTENTS,
  metaTime,
  type ReconcileContext,
  type ReconcileRequest,
  type ReconcileResult,
  type Reconciler,
} from '../../kube/index.js';
import type { ControllerSpec } from '../../kube/runtime/contract.js';
import { parseQuantity } from '../../util/quantity.js';
import { deleteIfExists, getIfExists, hasFinalizer, setFinalizer } from '../object-access.js';
import { CONTENT_FINALIZER, LOCAL_PROVISIONER, SNAPSHOT_RETRY_MS } from './constants.js';
import { volumeDirectory, type VolumeLayout } from './layout.js';
import { copyTree, diskUsage, publishTree, removeTree, treeExists } from './tree.js';


export class ContentReconciler implements Reconciler {
  constructor(
    private readonly layout: VolumeLayout,
    private readonly log: Logger,
  ) {}

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const content = await getIfExists<VolumeSnapshotContent>(ctx.client, VOLUME_SNAPSHOT_CONTENTS, req.name, undefined, ctx.signal);
    if (!content || content.spec?.driver !== LOCAL_PROVISIONER) return;
    if (content.metadata.deletionTimestamp) {
      if (hasFinalizer(content, CONTENT_FINALIZER)) {
        const handle = content.status?.snapshotHandle ?? content.spec.source?.snapshotHandle;
        if (content.spec.deletionPolicy === 'Delete' && handle) await removeTree(this.layout.snapshotPath(handle));
        await setFinalizer(ctx.client, VOLUME_SNAPSHOT_CONTENTS, content, CONTENT_FINALIZER, false);
      }
      return;
    }
    if (!hasFinalizer(content, CONTENT_FINALIZER)) {
      await setFinalizer(ctx.client, VOLUME_SNAPSHOT_CONTENTS, content, CONTENT_FINALIZER, true);
      return;
    }
    const ref = content.spec.volumeSnapshotRef ?? {};
    if (ref.uid && ref.name && ref.namespace) {
      const snapshot = await getIfExists<VolumeSnapshot>(ctx.client, VOLUME_SNAPSHOTS, ref.name, ref.namespace, ctx.signal);
      if (!snapshot || snapshot.metadata.uid !== ref.uid) {
        // Its VolumeSnapshot is gone: the content goes with it, or stays (Retain) for re-use.
        if (content.spec.deletionPolicy === 'Delete') {
          this.log.info({ content: req.name, snapshot: `${ref.namespace}/${ref.name}` }, 'deleting the content of a deleted snapshot');
          await deleteIfExists(ctx.client, VOLUME_SNAPSHOT_CONTENTS, req.name);
        }
        return;
      }
    }
    if (content.status?.readyToUse === true) return;
    const status = content.spec.source?.volumeHandle ? await this.takeSnapshot(content, ctx) : await this.checkExisting(content, ctx.clock.now());
    await ctx.client.updateStatus(VOLUME_SNAPSHOT_CONTENTS, { ...content, status });
    if (!status.readyToUse) return { requeueAfterMs: SNAPSHOT_RETRY_MS };
  }

  /** Copies the volume's directory; the copy is the snapshot once it has its final name. */
  private async takeSnapshot(content: VolumeSnapshotContent, ctx: ReconcileContext): Promise<VolumeSnapshotContentStatus> {
    const handle = content.metadata.name ?? '';
    const target = this.layout.snapshotPath(handle);
    const volumeName = content.spec?.source?.volumeHandle ?? '';
    const pv = await getIfExists<PersistentVolume>(ctx.client, PERSISTENT_VOLUMES, volumeName, undefined, ctx.signal);
    const restoreSize = capacityBytes(pv);
    const startedNs = ctx.clock.now() * 1e6;
    if (!(await treeExists(target))) {
      const source = pv ? volumeDirectory(pv) : undefined;
      if (!source || !(await treeExists(source))) return failure(`failed to take snapshot of volume ${volumeName}: the volume or its directory does not exist`, ctx.clock.now());
      const staging = this.layout.stagingPath(target);
      await removeTree(staging);
      try {
        await copyTree(source, staging);
      } catch (err) {
        await removeTree(staging);
        return failure(`failed to take snapshot of volume ${volumeName}: ${(err as Error).message}`, ctx.clock.now());
      }
      await publishTree(staging, target);
      this.log.info({ content: handle, volume: volumeName }, 'took snapshot');
    }
    return {
      snapshotHandle: handle,
      readyToUse: true,
      creationTime: content.status?.creationTime ?? startedNs,
      ...(restoreSize !== undefined ? { restoreSize } : {}),
    };
  }

  /** A pre-provisioned content names a snapshot directory that must already exist. */
  private async checkExisting(content: VolumeSnapshotContent, now: number): Promise<VolumeSnapshotContentStatus> {
    const handle = content.spec?.source?.snapshotHandle ?? '';
    let dir: string;
    try {
      dir = this.layout.snapshotPath(handle);
    } catch (err) {
      return failure(`invalid snapshot handle: ${(err as Error).message}`, now);
    }
    if (!(await treeExists(dir))) return failure(`snapshot ${handle} does not exist in ${this.layout.snapshotsDir}`, now);
    const stat = await fs.stat(dir);
    return { snapshotHandle: handle, readyToUse: true, creationTime: Math.floor(stat.mtimeMs) * 1e6, restoreSize: (await diskUsage(dir)) ?? 0 };
  }
}

function capacityBytes(pv: PersistentVolume | undefined): number | undefined {
  const capacity = pv?.spec?.capacity?.storage;
  if (capacity === undefined) return undefined;
  try {
    return parseQuantity(capacity);
  } catch {
    return undefined;
  }
}

function failure(message: string, now: number): VolumeSnapshotContentStatus {
  return { readyToUse: false, error: { message, time: metaTime(now) } };
}

export function contentController(layout: VolumeLayout, log: Logger): ControllerSpec {
  return {
    name: 'local-snapshot-contents',
    for: VOLUME_SNAPSHOT_CONTENTS,
    watches: [
      {
        // A deleted VolumeSnapshot releases its content.
        target: VOLUME_SNAPSHOTS,
        map: (obj) => [{ namespace: '', name: (obj as VolumeSnapshot).status?.boundVolumeSnapshotContentName ?? `snapcontent-${obj.metadata?.uid ?? ''}` }],
      },
    ],
    reconciler: new ContentReconciler(layout, log.child({ controller: 'local-snapshot-contents' })),
    concurrency: 2,
  };
}
