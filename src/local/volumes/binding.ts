// The two-way binding of a claim and a volume, written in kube-controller-manager's order: the
// volume names the claim, the volume is Bound, the claim names the volume, the claim is Bound.
// Every step is idempotent, so a crash between two of them converges on the next pass.
import { STORAGE_ANNOTATIONS, type PersistentVolume, type PersistentVolumeClaim, type VolumePhase } from '../../api/core/index.js';
import { PERSISTENT_VOLUMES, PERSISTENT_VOLUME_CLAIMS, metaTime, type KubeClient } from '../../kube/index.js';

export async function bindClaimToVolume(client: KubeClient, pvc: PersistentVolumeClaim, pv: PersistentVolume, now: number): Promise<void> {
  const namespace = pvc.metadata.namespace ?? '';
  const claimName = pvc.metadata.name ?? '';
  const ref = pv.spec?.claimRef;
  if (!ref || ref.uid !== pvc.metadata.uid || ref.name !== claimName || ref.namespace !== namespace) {
    const boundByController = !ref ? { annotations: { [STORAGE_ANNOTATIONS.boundByController]: 'yes' } } : {};
    pv = await client.patch<PersistentVolume>(
      PERSISTENT_VOLUMES,
      pv.metadata.name ?? '',
      {
        metadata: { resourceVersion: pv.metadata.resourceVersion, ...boundByController },
        spec: { claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name: claimName, uid: pvc.metadata.uid, resourceVersion: pvc.metadata.resourceVersion } },
      },
      { type: 'merge' },
    );
  }
  await setVolumePhase(client, pv, 'Bound', now);

  const annotations = pvc.metadata.annotations ?? {};
  if (pvc.spec?.volumeName !== pv.metadata.name || annotations[STORAGE_ANNOTATIONS.bindCompleted] !== 'yes') {
    const boundByController = pvc.spec?.volumeName ? {} : { [STORAGE_ANNOTATIONS.boundByController]: 'yes' };
    pvc = await client.patch<PersistentVolumeClaim>(
      PERSISTENT_VOLUME_CLAIMS,
      claimName,
      {
        metadata: { resourceVersion: pvc.metadata.resourceVersion, annotations: { [STORAGE_ANNOTATIONS.bindCompleted]: 'yes', ...boundByController } },
        spec: { volumeName: pv.metadata.name },
      },
      { namespace, type: 'merge' },
    );
  }
  const status = pvc.status ?? {};
  const capacity = pv.spec?.capacity ?? {};
  const accessModes = pv.spec?.accessModes ?? [];
  if (status.phase !== 'Bound' || JSON.stringify(status.capacity) !== JSON.stringify(capacity) || JSON.stringify(status.accessModes) !== JSON.stringify(accessModes)) {
    await client.patchStatus(PERSISTENT_VOLUME_CLAIMS, claimName, { status: { phase: 'Bound', accessModes, capacity } }, { namespace, type: 'merge' });
  }
}

export async function setVolumePhase(client: KubeClient, pv: PersistentVolume, phase: VolumePhase, now: number): Promise<void> {
  if (pv.status?.phase === phase) return;
  // The version guards against a phase decided on a stale read (a conflict is retried).
  await client.patchStatus(
    PERSISTENT_VOLUMES,
    pv.metadata.name ?? '',
    { metadata: { resourceVersion: pv.metadata.resourceVersion }, status: { phase, lastPhaseTransitionTime: metaTime(now) } },
    { type: 'merge' },
  );
}

export async function setClaimPhase(client: KubeClient, pvc: PersistentVolumeClaim, phase: 'Pending' | 'Lost'): Promise<void> {
  if (pvc.status?.phase === phase) return;
  await client.patchStatus(
    PERSISTENT_VOLUME_CLAIMS,
    pvc.metadata.name ?? '',
    { metadata: { resourceVersion: pvc.metadata.resourceVersion }, status: { phase } },
    { namespace: pvc.metadata.namespace, type: 'merge' },
  );
}

/** Whether a volume's claimRef names this claim: same namespace and name, and its uid unless unset (pre-bound). */
export function volumeNamesClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref || ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata.uid;
}
