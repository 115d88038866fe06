// The volume populator's wiring (volsync.md §5): PVCs that reference a ReplicationDestination,
// their PVC', and what can unblock them — the RD getting a latestImage, a StorageClass appearing.
import type { Logger } from 'pino';
import { REPLICATION_DESTINATIONS, VOLUME_POPULATOR_NAME, VOLSYNC_GROUP, LABEL_CREATED_BY, CREATED_BY_VOLSYNC } from '../../api/volsync/index.js';
import { isAlreadyExists, isNotFound, type ControllerSpec, type KubeClient, type KubeObject, type ReconcileRequest } from '../../kube/index.js';
import { PERSISTENT_VOLUME_CLAIMS, STORAGE_CLASSES, VOLUME_POPULATORS, type PersistentVolumeClaim } from '../kinds.js';
import { PopulatorReconciler, referencesReplicationDestination } from './reconciler.js';

export function populatorController(opts: { name: string; log: Logger; concurrency: number }): ControllerSpec {
  const waiting = (primaries: readonly KubeObject[], match: (pvc: PersistentVolumeClaim) => boolean): ReconcileRequest[] =>
    (primaries as PersistentVolumeClaim[])
      .filter((pvc) => referencesReplicationDestination(pvc) && !pvc.spec?.volumeName && match(pvc))
      .map((pvc) => ({ namespace: pvc.metadata.namespace ?? '', name: pvc.metadata.name ?? '' }));
  return {
    name: opts.name,
    for: PERSISTENT_VOLUME_CLAIMS,
    // PVC' is controlled by the PVC it populates.
    owns: [PERSISTENT_VOLUME_CLAIMS],
    watches: [
      {
        target: REPLICATION_DESTINATIONS,
        map: (rd, pvcs) => waiting(pvcs(), (pvc) => pvc.metadata.namespace === rd.metadata?.namespace && pvc.spec?.dataSourceRef?.name === rd.metadata?.name),
      },
      { target: STORAGE_CLASSES, map: (sc, pvcs) => waiting(pvcs(), (pvc) => pvc.spec?.storageClassName === sc.metadata?.name) },
    ],
    reconciler: new PopulatorReconciler({ log: opts.log }),
    concurrency: opts.concurrency,
  };
}

/** At startup, when the cluster has the VolumePopulator API: announce VolSync's populator. */
export async function ensureVolumePopulator(client: KubeClient, log: Logger): Promise<void> {
  const body = {
    apiVersion: `${VOLUME_POPULATORS.group}/${VOLUME_POPULATORS.version}`,
    kind: 'VolumePopulator',
    metadata: { name: VOLUME_POPULATOR_NAME, labels: { [LABEL_CREATED_BY]: CREATED_BY_VOLSYNC } },
    sourceKind: { group: VOLSYNC_GROUP, kind: 'ReplicationDestination' },
  };
  try {
    await client.create(VOLUME_POPULATORS, body);
    log.info({ name: VOLUME_POPULATOR_NAME }, 'created the VolumePopulator');
  } catch (err) {
    if (isNotFound(err)) return; // no VolumePopulator API here
    if (!isAlreadyExists(err)) throw err;
    await client.patch(VOLUME_POPULATORS, VOLUME_POPULATOR_NAME, { metadata: body.metadata, sourceKind: body.sourceKind }, { type: 'merge' });
  }
}
