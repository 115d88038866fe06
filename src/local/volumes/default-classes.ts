// The default StorageClass and VolumeSnapshotClass `lifeboat up` creates: volumes and snapshots
// that are directories of the hub's data directory. Existing ones are left as the user made them.
import type { StorageClass } from '../../api/core/index.js';
import { DEFAULT_SNAPSHOT_CLASS_ANNOTATION, SNAPSHOT_API_VERSION, type VolumeSnapshotClass } from '../../api/snapshot/index.js';
import { STORAGE_ANNOTATIONS } from '../../api/core/index.js';
import { STORAGE_CLASSES, VOLUME_SNAPSHOT_CLASSES, isAlreadyExists, type KubeClient } from '../../kube/index.js';
import { LOCAL_PROVISIONER, LOCAL_SNAPSHOT_CLASS, LOCAL_STORAGE_CLASS } from './constants.js';

export async function ensureDefaultClasses(client: KubeClient): Promise<void> {
  const storageClass: StorageClass = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: LOCAL_STORAGE_CLASS, annotations: { [STORAGE_ANNOTATIONS.defaultClass]: 'true' } },
    provisioner: LOCAL_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  };
  const snapshotClass: VolumeSnapshotClass = {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'VolumeSnapshotClass',
    metadata: { name: LOCAL_SNAPSHOT_CLASS, annotations: { [DEFAULT_SNAPSHOT_CLASS_ANNOTATION]: 'true' } },
    driver: LOCAL_PROVISIONER,
    deletionPolicy: 'Delete',
  };
  for (const [ref, obj] of [
    [STORAGE_CLASSES, storageClass],
    [VOLUME_SNAPSHOT_CLASSES, snapshotClass],
  ] as const) {
    try {
      await client.create(ref, obj);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
