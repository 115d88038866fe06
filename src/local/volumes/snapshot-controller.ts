// VolumeSnapshots on the embedded hub, as the external-snapshotter's snapshot-controller handles
// them: the default class filled in, a VolumeSnapshotContent created for a dynamic snapshot (or a
// pre-provisioned one bound), and the snapshot's status mirrored from its content. Taking the
// snapshot itself is the content controller's job (the CSI sidecar's).
import type { Logger } from 'pino';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/core/index.js';
import {
  DEFAULT_SNAPSHOT_CLASS_ANNOTATION,
  SNAPSHOT_API_VERSION,
  type VolumeSnapshot,
  type VolumeSnapshotClass,
  type VolumeSnapshotContent,
  type VolumeSnapshotStatus,
} from '../../api/snapshot/index.js';
import {
  PERSISTENT_VOLUMES,
  PERSISTENT_VOLUME_CLAIMS,
  VOLUME_SNAPSHOTS,
  VOLUME_SNAPSHOT_CLASSES,
  VOLUME_SNAPSHOT_CONTENTS,
  isAlreadyExists,
  metaTime,
  type KubeObject,
  type ReconcileContext,
  type ReconcileRequest,
  type ReconcileResult,
  type Reconciler,
} from '../../kube/index.js';
import type { ControllerSpec } from '../../kube/runtime/contract.js';
import { bytesToQuantity } from '../../util/quantity.js';
import { getIfExists } from '../object-access.js';
import { requestOf, requestsForRef } from '../requests.js';
import { CONTENT_FINALIZER, LOCAL_PROVISIONER, SNAPSHOT_RETRY_MS } from './constants.js';
import { jsonEqual } from '../../util/json.js';


/** Why a snapshot cannot be taken or bound yet, shown in `status.error`. */
class SnapshotError extends Error {}

export class SnapshotReconciler implements Reconciler {
  constructor(private readonly log: Logger) {}

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const snapshot = await getIfExists<VolumeSnapshot>(ctx.client, VOLUME_SNAPSHOTS, req.name, req.namespace, ctx.signal);
    if (!snapshot || snapshot.metadata.deletionTimestamp) return;
    try {
      const content = await this.contentFor(snapshot, ctx);
      if (content) await this.mirrorStatus(snapshot, content, ctx);
    } catch (err) {
      if (!(err instanceof SnapshotError)) throw err;
      await this.reportError(snapshot, err.message, ctx);
      return { requeueAfterMs: SNAPSHOT_RETRY_MS };
    }
  }

  /** The bound content; undefined when another driver's snapshotter handles this snapshot. */
  private async contentFor(snapshot: VolumeSnapshot, ctx: ReconcileContext): Promise<VolumeSnapshotContent | undefined> {
    const source = snapshot.spec?.source ?? {};
    const { persistentVolumeClaimName: claimName, volumeSnapshotContentName: preProvisioned } = source;
    if (Boolean(claimName) === Boolean(preProvisioned)) throw new SnapshotError('exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set');
    if (preProvisioned) return this.bindPreProvisioned(snapshot, preProvisioned, ctx);

    const contentName = `snapcontent-${snapshot.metadata.uid}`;
    const existing = await getIfExists<VolumeSnapshotContent>(ctx.client, VOLUME_SNAPSHOT_CONTENTS, contentName, undefined, ctx.signal);
    if (existing) return existing;
    const namespace = snapshot.metadata.namespace ?? '';
    const pvc = await getIfExists<PersistentVolumeClaim>(ctx.client, PERSISTENT_VOLUME_CLAIMS, claimName as string, namespace, ctx.signal);
    if (!pvc) throw new SnapshotError(`failed to take snapshot: persistentvolumeclaims "${claimName}" not found`);
    if (pvc.status?.phase !== 'Bound' || !pvc.spec?.volumeName) throw new SnapshotError(`failed to take snapshot: the source PVC ${claimName} is not bound yet`);
    const pv = await getIfExists<PersistentVolume>(ctx.client, PERSISTENT_VOLUMES, pvc.spec.volumeName, undefined, ctx.signal);
    if (!pv) throw new SnapshotError(`failed to take snapshot: the volume ${pvc.spec.volumeName} of PVC ${claimName} does not exist`);
    const snapshotClass = await this.classFor(snapshot, ctx);
    if (snapshotClass.driver !== LOCAL_PROVISIONER) return undefined;
    const content: VolumeSnapshotContent = {
      apiVersion: SNAPSHOT_API_VERSION,
      kind: 'VolumeSnapshotContent',
      metadata: { name: contentName, finalizers: [CONTENT_FINALIZER] },
      spec: {
        volumeSnapshotRef: {
          apiVersion: SNAPSHOT_API_VERSION,
          kind: 'VolumeSnapshot',
          name: snapshot.metadata.name,
          namespace,
          uid: snapshot.metadata.uid,
          resourceVersion: snapshot.metadata.resourceVersion,
        },
        source: { volumeHandle: pv.metadata.name },
        driver: snapshotClass.driver,
        deletionPolicy: snapshotClass.deletionPolicy,
        volumeSnapshotClassName: snapshotClass.metadata.name,
        sourceVolumeMode: pvc.spec.volumeMode ?? 'Filesystem',
      },
    };
    try {
      const created = await ctx.client.create<VolumeSnapshotContent>(VOLUME_SNAPSHOT_CONTENTS, content);
      this.log.info({ namespace, snapshot: snapshot.metadata.name, content: contentName, claim: claimName }, 'created snapshot content');
      return created;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      return ctx.client.get<VolumeSnapshotContent>(VOLUME_SNAPSHOT_CONTENTS, contentName);
    }
  }

  /** The named class, or the driver's default, which is then written into the snapshot's spec. */
  private async classFor(snapshot: VolumeSnapshot, ctx: ReconcileContext): Promise<VolumeSnapshotClass> {
    const named = snapshot.spec?.volumeSnapshotClassName;
    if (named) {
      const found = await getIfExists<VolumeSnapshotClass & KubeObject>(ctx.client, VOLUME_SNAPSHOT_CLASSES, named, undefined, ctx.signal);
      if (!found) throw new SnapshotError(`failed to get input parameters to create snapshot: volumesnapshotclasses.snapshot.storage.k8s.io "${named}" not found`);
      return found;
    }
    const defaults = (await ctx.client.list<VolumeSnapshotClass & KubeObject>(VOLUME_SNAPSHOT_CLASSES)).items.filter(
      (c) => c.metadata.annotations?.[DEFAULT_SNAPSHOT_CLASS_ANNOTATION] === 'true' && c.driver === LOCAL_PROVISIONER,
    );
    if (defaults.length === 0) throw new SnapshotError(`cannot find default snapshot class for driver ${LOCAL_PROVISIONER}`);
    if (defaults.length > 1) throw new SnapshotError(`default snapshot class: ${defaults.length} default snapshot classes exist for driver ${LOCAL_PROVISIONER}`);
    await ctx.client.patch(
      VOLUME_SNAPSHOTS,
      snapshot.metadata.name ?? '',
      { spec: { volumeSnapshotClassName: defaults[0].metadata.name } },
      { namespace: snapshot.metadata.namespace, type: 'merge' },
    );
    return defaults[0];
  }

  private async bindPreProvisioned(snapshot: VolumeSnapshot, contentName: string, ctx: ReconcileContext): Promise<VolumeSnapshotContent> {
    const content = await getIfExists<VolumeSnapshotContent>(ctx.client, VOLUME_SNAPSHOT_CONTENTS, contentName, undefined, ctx.signal);
    if (!content) throw new SnapshotError(`volumesnapshotcontents.snapshot.storage.k8s.io "${contentName}" not found`);
    const ref = content.spec?.volumeSnapshotRef ?? {};
    if (ref.name !== snapshot.metadata.name || ref.namespace !== snapshot.metadata.namespace) {
      throw new SnapshotError(`VolumeSnapshotContent ${contentName} is bound to VolumeSnapshot ${ref.namespace ?? ''}/${ref.name ?? ''}, not to this snapshot`);
    }
    if (ref.uid && ref.uid !== snapshot.metadata.uid) throw new SnapshotError(`VolumeSnapshotContent ${contentName} is bound to another VolumeSnapshot of this name`);
    if (ref.uid) return content;
    return ctx.client.patch<VolumeSnapshotContent>(
      VOLUME_SNAPSHOT_CONTENTS,
      contentName,
      { metadata: { resourceVersion: content.metadata.resourceVersion }, spec: { volumeSnapshotRef: { ...ref, uid: snapshot.metadata.uid } } },
      { type: 'merge' },
    );
  }

  private async mirrorStatus(snapshot: VolumeSnapshot, content: VolumeSnapshotContent, ctx: ReconcileContext): Promise<void> {
    const cs = content.status ?? {};
    const status: VolumeSnapshotStatus = {
      boundVolumeSnapshotContentName: content.metadata.name,
      readyToUse: cs.readyToUse === true,
      ...(cs.creationTime !== undefined ? { creationTime: metaTime(Math.floor(cs.creationTime / 1e6)) } : {}),
      ...(cs.restoreSize !== undefined ? { restoreSize: bytesToQuantity(cs.restoreSize) } : {}),
      ...(cs.error ? { error: cs.error } : {}),
    };
    const current = snapshot.status ?? {};
    if (jsonEqual(current, status)) return;
    await ctx.client.updateStatus(VOLUME_SNAPSHOTS, { ...snapshot, status });
  }

  private async reportError(snapshot: VolumeSnapshot, message: string, ctx: ReconcileContext): Promise<void> {
    if (snapshot.status?.error?.message === message) return;
    ctx.events.event(snapshot, 'Warning', 'SnapshotCreationFailed', message);
    await ctx.client.updateStatus(VOLUME_SNAPSHOTS, {
      ...snapshot,
      status: { ...snapshot.status, readyToUse: false, error: { message, time: metaTime(ctx.clock.now()) } },
    });
  }
}

export function snapshotController(log: Logger): ControllerSpec {
  return {
    name: 'local-volume-snapshots',
    for: VOLUME_SNAPSHOTS,
    watches: [
      {
        // The content's progress shows in its snapshot's status.
        target: VOLUME_SNAPSHOT_CONTENTS,
        map: (obj) => requestsForRef((obj as VolumeSnapshotContent).spec?.volumeSnapshotRef),
      },
      {
        // A source claim that binds lets a waiting snapshot be taken.
        target: PERSISTENT_VOLUME_CLAIMS,
        map: (obj, snapshots) =>
          snapshots()
            .filter((s) => s.metadata?.namespace === obj.metadata?.namespace && (s as VolumeSnapshot).spec?.source?.persistentVolumeClaimName === obj.metadata?.name)
            .map(requestOf),
      },
    ],
    reconciler: new SnapshotReconciler(log.child({ controller: 'local-volume-snapshots' })),
    concurrency: 2,
  };
}
