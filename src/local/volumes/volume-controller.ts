// PersistentVolumes on the embedded hub: their phase as the volume binder keeps it (Available,
// Bound, Released), pv-protection, and reclaim: a released volume of the local provisioner with
// the Delete policy loses its directory, then its object.
import type { Logger } from 'pino';
import { PV_PROTECTION_FINALIZER, STORAGE_ANNOTATIONS, type PersistentVolume, type PersistentVolumeClaim } from '../../api/core/index.js';
import { PERSISTENT_VOLUMES, PERSISTENT_VOLUME_CLAIMS, type ReconcileContext, type ReconcileRequest, type Reconciler } from '../../kube/index.js';
import type { ControllerSpec } from '../../kube/runtime/contract.js';
import { deleteIfExists, getIfExists, hasFinalizer, setFinalizer } from '../object-access.js';
import { setVolumePhase } from './binding.js';
import { LOCAL_PROVISIONER, PROVISIONER_FINALIZER } from './constants.js';
import { volumeDirectory, type VolumeLayout } from './layout.js';
import { removeTree } from './tree.js';

export class VolumeReconciler implements Reconciler {
  constructor(
    private readonly layout: VolumeLayout,
    private readonly log: Logger,
  ) {}

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<void> {
    const pv = await getIfExists<PersistentVolume>(ctx.client, PERSISTENT_VOLUMES, req.name, undefined, ctx.signal);
    if (!pv) return;
    const ref = pv.spec?.claimRef;
    const claim = ref?.name && ref.namespace ? await getIfExists<PersistentVolumeClaim>(ctx.client, PERSISTENT_VOLUME_CLAIMS, ref.name, ref.namespace, ctx.signal) : undefined;
    // A claimRef with a uid names one claim; when that claim is gone the volume is released. Without
    // a uid the volume waits (pre-bound) for a claim of that name.
    const released = Boolean(ref?.uid) && (!claim || claim.metadata.uid !== ref?.uid);
    const bound = Boolean(ref) && !released && claim?.spec?.volumeName === pv.metadata.name;

    if (pv.metadata.deletionTimestamp) {
      if (!bound) await setFinalizer(ctx.client, PERSISTENT_VOLUMES, pv, PV_PROTECTION_FINALIZER, false);
      if (hasFinalizer(pv, PROVISIONER_FINALIZER) && !bound) {
        await this.deleteData(pv);
        await setFinalizer(ctx.client, PERSISTENT_VOLUMES, await ctx.client.get<PersistentVolume>(PERSISTENT_VOLUMES, req.name), PROVISIONER_FINALIZER, false);
      }
      return;
    }
    if (!hasFinalizer(pv, PV_PROTECTION_FINALIZER)) {
      await setFinalizer(ctx.client, PERSISTENT_VOLUMES, pv, PV_PROTECTION_FINALIZER, true);
      return;
    }
    const now = ctx.clock.now();
    if (!ref || (!claim && !released)) return setVolumePhase(ctx.client, pv, 'Available', now);
    if (bound) return setVolumePhase(ctx.client, pv, 'Bound', now);
    // Its claim is not bound to it yet: the claim's side completes the binding (as upstream, no phase change).
    if (!released) return;
    if (pv.status?.phase !== 'Released') {
      await setVolumePhase(ctx.client, pv, 'Released', now);
      ctx.events.event(pv, 'Normal', 'VolumeReleased', `Volume released by the deletion of claim ${ref?.namespace}/${ref?.name}`);
    }
    const ours = pv.metadata.annotations?.[STORAGE_ANNOTATIONS.provisionedBy] === LOCAL_PROVISIONER;
    if (ours && (pv.spec?.persistentVolumeReclaimPolicy ?? 'Delete') === 'Delete') {
      this.log.info({ volume: req.name, claim: `${ref?.namespace}/${ref?.name}` }, 'deleting released volume');
      await deleteIfExists(ctx.client, PERSISTENT_VOLUMES, req.name);
    }
  }

  /** Removes the directory of a volume the local provisioner made; others are not ours to touch. */
  private async deleteData(pv: PersistentVolume): Promise<void> {
    if (pv.metadata.annotations?.[STORAGE_ANNOTATIONS.provisionedBy] !== LOCAL_PROVISIONER) return;
    if ((pv.spec?.persistentVolumeReclaimPolicy ?? 'Delete') !== 'Delete') return;
    const dir = volumeDirectory(pv);
    // Only a directory of the layout: a hand-edited hostPath must never make us delete elsewhere.
    if (dir === this.layout.volumePath(pv.metadata.name ?? '')) await removeTree(dir);
  }
}

export function volumeController(layout: VolumeLayout, log: Logger): ControllerSpec {
  return {
    name: 'local-volumes',
    for: PERSISTENT_VOLUMES,
    watches: [
      {
        // A claim deleted, created or bound changes the phase of the volume that names it.
        target: PERSISTENT_VOLUME_CLAIMS,
        map: (obj, volumes) => {
          const pvc = obj as PersistentVolumeClaim;
          const named = volumes().filter((v) => {
            const ref = (v as PersistentVolume).spec?.claimRef;
            return ref?.name === pvc.metadata.name && ref?.namespace === pvc.metadata.namespace;
          });
          const bound = pvc.spec?.volumeName ? [{ metadata: { name: pvc.spec.volumeName } }] : [];
          return [...named, ...bound].map((v) => ({ namespace: '', name: v.metadata?.name ?? '' }));
        },
      },
    ],
    reconciler: new VolumeReconciler(layout, log.child({ controller: 'local-volumes' })),
    concurrency: 2,
  };
}
