// Copy methods (volsync.md §2.5): how the source's point-in-time copy is made (Direct, Clone,
// Snapshot), how the destination PVC is provided or provisioned, and what a finished destination
// sync publishes as its latestImage.
import { ANNOTATION_SNAPNAME, EventAction, EventReason, type CopyMethod, type Quantity, type TypedLocalObjectReference } from '../../api/volsync/index.js';
import type { AccessMode, VolumeMode } from '../../api/core/index.js';
import { isNotFound } from '../../kube/index.js';
import { kindAndName, ownerRef, type MoverContext } from '../context.js';
import { createOrUpdate, setControllerReference } from '../create-or-update.js';
import { PERSISTENT_VOLUME_CLAIMS, SNAPSHOT_GROUP, VOLUME_SNAPSHOTS, type PersistentVolumeClaim, type PersistentVolumeClaimSpec, type VolumeSnapshot } from '../kinds.js';
import { isMarkedDoNotDelete, markForCleanup, relinquish, setOwnedByVolSync } from '../labels.js';
import { destinationSnapshotName } from '../names.js';
import { copyTriggerCompleted, waitForCopyTrigger } from './copy-trigger.js';
import { isQuantity, parseQuantity } from '../../util/quantity.js';

/** Warn when a snapshot has not bound after this long, or a PVC has not. */
export const SNAPSHOT_BIND_TIMEOUT_MS = 30_000;
export const PVC_BIND_TIMEOUT_MS = 120_000;

export interface VolumeOptions {
  copyMethod?: CopyMethod | string;
  capacity?: Quantity;
  storageClassName?: string;
  accessModes?: AccessMode[];
  volumeMode?: VolumeMode;
  volumeSnapshotClassName?: string;
}

export function isDirect(copyMethod: string | undefined): boolean {
  return copyMethod === 'Direct' || copyMethod === 'None';
}

export class VolumeHandler {
  constructor(
    private readonly ctx: MoverContext,
    readonly options: VolumeOptions,
  ) {}

  get isCopyMethodDirect(): boolean {
    return isDirect(this.options.copyMethod);
  }

  /** The PVC the source mover reads: the source itself (Direct) or a fresh Clone/Snapshot copy. Undefined: not ready yet. */
  async ensurePvcFromSource(src: PersistentVolumeClaim, name: string, temporary: boolean): Promise<PersistentVolumeClaim | undefined> {
    const volumeMode = src.spec?.volumeMode ?? 'Filesystem';
    switch (this.options.copyMethod) {
      case 'None':
      case 'Direct':
        return src;
      case 'Clone':
        return this.ensureClone(src, name, temporary, volumeMode);
      case 'Snapshot': {
        const snap = await this.ensureSourceSnapshot(src, name, temporary);
        return snap && this.pvcFromSnapshot(snap, src, name, temporary, volumeMode);
      }
      default:
        throw new Error(`unsupported copyMethod: ${this.options.copyMethod ?? ''} -- must be Direct, None, Clone, or Snapshot`);
    }
  }

  /** A destination PVC the user provides: it must exist. */
  async useProvidedPvc(name: string): Promise<PersistentVolumeClaim> {
    return this.ctx.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, name, {
      namespace: this.ctx.owner.metadata.namespace,
      signal: this.ctx.signal,
    });
  }

  /** Provisions (or keeps) a PVC of this handler's size, modes and class. */
  async ensureNewPvc(name: string, temporary: boolean): Promise<PersistentVolumeClaim> {
    const { options } = this;
    if (!options.accessModes?.length) throw new Error('accessModes must be provided when destinationPVC is not');
    if (options.capacity === undefined) throw new Error('capacity must be provided when destinationPVC is not');
    const capacity = options.capacity;
    const { obj: pvc, op } = await this.ensureOwned<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, name, temporary, (pvc, isNew) => {
      const spec = (pvc.spec ??= {});
      if (isNew) {
        spec.accessModes = [...(options.accessModes ?? [])];
        if (options.storageClassName !== undefined) spec.storageClassName = options.storageClassName;
        spec.volumeMode = options.volumeMode ?? 'Filesystem';
      }
      spec.resources = { ...spec.resources, requests: { storage: capacity } };
    });
    if (op === 'created') this.created(pvc, `created ${kindAndName(pvc)} to receive incoming data`);
    this.warnIfUnbound(pvc, 'check StorageClass name and CSI driver capabilities');
    return pvc;
  }

  /** After a destination sync: the PVC itself (Direct) or a new VolumeSnapshot of it. Undefined: not bound yet. */
  async ensureImage(pvc: PersistentVolumeClaim): Promise<TypedLocalObjectReference | undefined> {
    switch (this.options.copyMethod) {
      case 'None':
      case 'Direct':
        return { apiGroup: '', kind: 'PersistentVolumeClaim', name: pvc.metadata.name ?? '' };
      case 'Snapshot': {
        const snap = await this.ensureImageSnapshot(pvc);
        return snap && { apiGroup: SNAPSHOT_GROUP, kind: 'VolumeSnapshot', name: snap.metadata.name ?? '' };
      }
      default:
        throw new Error(`unsupported copyMethod: ${this.options.copyMethod ?? ''} -- must be Direct, None, or Snapshot`);
    }
  }

  /** So that the next iteration snapshots anew instead of re-using this iteration's name. */
  async removeSnapshotAnnotation(pvcName: string): Promise<void> {
    const { ctx } = this;
    let pvc: PersistentVolumeClaim;
    try {
      pvc = await ctx.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, pvcName, { namespace: ctx.owner.metadata.namespace, signal: ctx.signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (pvc.metadata.annotations?.[ANNOTATION_SNAPNAME] === undefined) return;
    delete pvc.metadata.annotations[ANNOTATION_SNAPNAME];
    await ctx.client.update(PERSISTENT_VOLUME_CLAIMS, pvc, { signal: ctx.signal });
  }

  private async ensureClone(src: PersistentVolumeClaim, name: string, temporary: boolean, volumeMode: VolumeMode): Promise<PersistentVolumeClaim | undefined> {
    if (!(await this.exists(PERSISTENT_VOLUME_CLAIMS, name)) && (await waitForCopyTrigger(this.ctx, src))) return undefined;
    const size = this.options.capacity ?? src.status?.capacity?.storage ?? src.spec?.resources?.requests?.storage ?? '';
    const { obj: clone, op } = await this.ensureOwned<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, name, temporary, (pvc, isNew) => {
      if (isNew) pvc.spec = this.copySpec(src, size, volumeMode, { kind: 'PersistentVolumeClaim', name: src.metadata.name ?? '' });
    });
    if (clone.metadata.deletionTimestamp) return undefined;
    if (op === 'created') this.created(clone, `created ${kindAndName(clone)} as a clone of ${kindAndName(src)}`);
    this.warnIfUnbound(clone, 'check StorageClass name and ensure CSI driver supports volume cloning');
    if (clone.status?.phase === 'Bound') await copyTriggerCompleted(this.ctx, src);
    return clone;
  }

  private async ensureSourceSnapshot(src: PersistentVolumeClaim, name: string, temporary: boolean): Promise<VolumeSnapshot | undefined> {
    if (!(await this.exists(VOLUME_SNAPSHOTS, name)) && (await waitForCopyTrigger(this.ctx, src))) return undefined;
    const { obj: snap, op } = await this.ensureOwned<VolumeSnapshot>(VOLUME_SNAPSHOTS, name, temporary, (snap, isNew) => {
      if (isNew) snap.spec = this.snapshotSpec(src);
    });
    if (snap.metadata.deletionTimestamp) return undefined;
    if (op === 'created') this.created(snap, `created ${kindAndName(snap)} from ${kindAndName(src)}`);
    if (!snap.status?.boundVolumeSnapshotContentName) {
      this.warnIfSnapshotUnbound(snap);
      return undefined;
    }
    if (snap.status.readyToUse === false) return undefined;
    await copyTriggerCompleted(this.ctx, src);
    return snap;
  }

  private async pvcFromSnapshot(
    snap: VolumeSnapshot,
    original: PersistentVolumeClaim,
    name: string,
    temporary: boolean,
    volumeMode: VolumeMode,
  ): Promise<PersistentVolumeClaim> {
    const restoreSize = snap.status?.restoreSize;
    const size =
      this.options.capacity ??
      (restoreSize !== undefined && isQuantity(restoreSize) && parseQuantity(restoreSize) !== 0 ? restoreSize : undefined) ??
      original.status?.capacity?.storage ??
      original.spec?.resources?.requests?.storage ??
      '';
    const { obj: pvc, op } = await this.ensureOwned<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, name, temporary, (pvc, isNew) => {
      if (isNew) pvc.spec = this.copySpec(original, size, volumeMode, { apiGroup: SNAPSHOT_GROUP, kind: 'VolumeSnapshot', name: snap.metadata.name ?? '' });
    });
    if (op === 'created') this.created(pvc, `created ${kindAndName(pvc)} from ${kindAndName(snap)}`);
    this.warnIfUnbound(pvc, 'check StorageClass name and CSI driver capabilities');
    return pvc;
  }

  private async ensureImageSnapshot(pvc: PersistentVolumeClaim): Promise<VolumeSnapshot | undefined> {
    const { ctx } = this;
    const annotations = (pvc.metadata.annotations ??= {});
    if (!annotations[ANNOTATION_SNAPNAME]) {
      annotations[ANNOTATION_SNAPNAME] = destinationSnapshotName(pvc.metadata.name ?? '', new Date(ctx.clock.now()));
      const updated = await ctx.client.update<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, pvc, { signal: ctx.signal });
      pvc.metadata = updated.metadata;
    }
    const { obj: snap, op } = await createOrUpdate<VolumeSnapshot>(
      ctx.client,
      VOLUME_SNAPSHOTS,
      ctx.owner.metadata.namespace,
      annotations[ANNOTATION_SNAPNAME],
      (snap, isNew) => {
        // A snapshot the user protected stays theirs, even while it is this iteration's image.
        if (isMarkedDoNotDelete(snap)) relinquish(snap, ctx.owner.metadata.uid);
        else {
          setControllerReference(snap, ownerRef(ctx.owner));
          setOwnedByVolSync(snap);
        }
        if (isNew) snap.spec = this.snapshotSpec(pvc);
      },
      ctx.signal,
    );
    if (op === 'created') this.created(snap, `created ${kindAndName(snap)} from ${kindAndName(pvc)}`);
    if (snap.metadata.deletionTimestamp) return undefined;
    // Bound is enough: readyToUse is not awaited on the destination (VolSync PR #1520).
    if (!snap.status?.boundVolumeSnapshotContentName) {
      this.warnIfSnapshotUnbound(snap);
      return undefined;
    }
    return snap;
  }

  /** Creates or keeps an object controlled by the owner, labelled created-by (and cleanup when temporary). */
  private ensureOwned<T extends PersistentVolumeClaim | VolumeSnapshot>(
    ref: typeof PERSISTENT_VOLUME_CLAIMS,
    name: string,
    temporary: boolean,
    fill: (obj: T, isNew: boolean) => void,
  ): Promise<{ obj: T; op: string }> {
    const { ctx } = this;
    return createOrUpdate<T>(
      ctx.client,
      ref,
      ctx.owner.metadata.namespace,
      name,
      (obj, isNew) => {
        setControllerReference(obj, ownerRef(ctx.owner));
        setOwnedByVolSync(obj);
        if (temporary) markForCleanup(ctx.owner.metadata.uid, obj);
        fill(obj, isNew);
      },
      ctx.signal,
    );
  }

  /** A copy of `original`: the given size, the overridden or original modes and class, and the source. */
  private copySpec(original: PersistentVolumeClaim, size: Quantity, volumeMode: VolumeMode, dataSource: TypedLocalObjectReference): PersistentVolumeClaimSpec {
    const { options } = this;
    const spec: PersistentVolumeClaimSpec = {
      accessModes: options.accessModes ?? original.spec?.accessModes,
      resources: { requests: { storage: size } },
      volumeMode,
      dataSource,
    };
    const storageClass = options.storageClassName ?? original.spec?.storageClassName;
    if (storageClass) spec.storageClassName = storageClass;
    return spec;
  }

  private snapshotSpec(pvc: PersistentVolumeClaim): VolumeSnapshot['spec'] {
    const className = this.options.volumeSnapshotClassName;
    return { source: { persistentVolumeClaimName: pvc.metadata.name }, ...(className ? { volumeSnapshotClassName: className } : {}) };
  }

  private created(obj: PersistentVolumeClaim | VolumeSnapshot, note: string): void {
    const isPvc = obj.kind === 'PersistentVolumeClaim';
    this.ctx.events.event(
      this.ctx.owner,
      'Normal',
      isPvc ? EventReason.PersistentVolumeClaimCreated : EventReason.VolumeSnapshotCreated,
      note,
      isPvc ? EventAction.CreatePersistentVolumeClaim : EventAction.CreateVolumeSnapshot,
    );
  }

  private async exists(ref: typeof PERSISTENT_VOLUME_CLAIMS, name: string): Promise<boolean> {
    try {
      await this.ctx.client.get(ref, name, { namespace: this.ctx.owner.metadata.namespace, signal: this.ctx.signal });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  private warnIfUnbound(pvc: PersistentVolumeClaim, hint: string): void {
    const created = Date.parse(pvc.metadata.creationTimestamp ?? '');
    if (pvc.status?.phase === 'Bound' || Number.isNaN(created) || created + PVC_BIND_TIMEOUT_MS >= this.ctx.clock.now()) return;
    this.ctx.events.event(this.ctx.owner, 'Warning', EventReason.PersistentVolumeClaimNotBound, `waiting for ${kindAndName(pvc)} to bind; ${hint}`);
  }

  private warnIfSnapshotUnbound(snap: VolumeSnapshot): void {
    const created = Date.parse(snap.metadata.creationTimestamp ?? '');
    if (Number.isNaN(created) || created + SNAPSHOT_BIND_TIMEOUT_MS >= this.ctx.clock.now()) return;
    this.ctx.events.event(
      this.ctx.owner,
      'Warning',
      EventReason.VolumeSnapshotNotBound,
      `waiting for ${kindAndName(snap)} to bind; check VolumeSnapshotClass name and ensure CSI driver supports volume snapshots`,
    );
  }
}
