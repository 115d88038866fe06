// What a new volume starts with: nothing, a copy of another claim's volume (cloning), or a copy of a
// snapshot (restore). A data source of any other kind belongs to a volume populator: the
// provisioner leaves such a claim alone, as a CSI provisioner does.
import { STORAGE_ANNOTATIONS, type PersistentVolume, type PersistentVolumeClaim, type TypedObjectReference } from '../../api/core/index.js';
import { SNAPSHOT_GROUP, type VolumeSnapshot, type VolumeSnapshotContent } from '../../api/snapshot/index.js';
import { PERSISTENT_VOLUMES, PERSISTENT_VOLUME_CLAIMS, VOLUME_SNAPSHOTS, VOLUME_SNAPSHOT_CONTENTS, type KubeClient } from '../../kube/index.js';
import { formatBytes, parseQuantity } from '../../util/quantity.js';
import { getIfExists } from '../object-access.js';
import { LOCAL_PROVISIONER } from './constants.js';
import { volumeDirectory, type VolumeLayout } from './layout.js';

export type ClaimSource =
  | { kind: 'empty' }
  | { kind: 'claim'; name: string }
  | { kind: 'snapshot'; name: string }
  | { kind: 'populator'; ref: TypedObjectReference };

/** A reason the volume cannot be provisioned yet, worded for the claim's ProvisioningFailed event. */
export class ProvisioningError extends Error {}

export function claimSourceOf(pvc: PersistentVolumeClaim): ClaimSource {
  const ref = pvc.spec?.dataSourceRef ?? pvc.spec?.dataSource;
  if (!ref) return { kind: 'empty' };
  const group = ref.apiGroup ?? '';
  const sameNamespace = !ref.namespace || ref.namespace === pvc.metadata.namespace;
  if (sameNamespace && group === '' && ref.kind === 'PersistentVolumeClaim') return { kind: 'claim', name: ref.name };
  if (sameNamespace && group === SNAPSHOT_GROUP && ref.kind === 'VolumeSnapshot') return { kind: 'snapshot', name: ref.name };
  return { kind: 'populator', ref };
}

/** The directory whose copy becomes the new volume; throws ProvisioningError while it cannot be used. */
export async function sourceDirectory(
  client: KubeClient,
  layout: VolumeLayout,
  pvc: PersistentVolumeClaim,
  source: { kind: 'claim' | 'snapshot'; name: string },
  requestBytes: number,
): Promise<string> {
  return source.kind === 'claim' ? cloneSource(client, pvc, source.name, requestBytes) : snapshotSource(client, layout, pvc, source.name, requestBytes);
}

async function cloneSource(client: KubeClient, pvc: PersistentVolumeClaim, name: string, requestBytes: number): Promise<string> {
  const namespace = pvc.metadata.namespace ?? '';
  const fail = (why: string): never => {
    throw new ProvisioningError(`error getting handle for DataSource Type PersistentVolumeClaim by Name ${name}: ${why}`);
  };
  const source = await getIfExists<PersistentVolumeClaim>(client, PERSISTENT_VOLUME_CLAIMS, name, namespace);
  if (!source) return fail(`error getting PVC ${name} from namespace ${namespace}: persistentvolumeclaims "${name}" not found`);
  if (source.metadata.deletionTimestamp) return fail(`the PVC ${name} is being deleted`);
  if (source.status?.phase !== 'Bound' || !source.spec?.volumeName) return fail(`the PVC ${name} is not bound`);
  const sourceClass = source.spec.storageClassName ?? '';
  const targetClass = pvc.spec?.storageClassName ?? '';
  if (sourceClass !== targetClass) {
    throw new ProvisioningError(
      `the source PVC and destination PVCs must be in the same storage class for cloning. Source is in ${sourceClass}, but new PVC is in ${targetClass}`,
    );
  }
  const sourceMode = source.spec.volumeMode ?? 'Filesystem';
  const targetMode = pvc.spec?.volumeMode ?? 'Filesystem';
  if (sourceMode !== targetMode) {
    throw new ProvisioningError(`the source PVC and destination PVCs must have the same volume mode for cloning. Source is ${sourceMode}, but new PVC is ${targetMode}`);
  }
  const capacity = source.status.capacity?.storage ?? source.spec.resources?.requests?.storage;
  if (capacity !== undefined && requestBytes < parseQuantity(capacity)) {
    throw new ProvisioningError(
      `error, new PVC request must be greater than or equal in size to the specified PVC data source, requested ${formatBytes(requestBytes)} but source is ${String(capacity)}`,
    );
  }
  const pv = await getIfExists<PersistentVolume>(client, PERSISTENT_VOLUMES, source.spec.volumeName);
  const dir = pv ? volumeDirectory(pv) : undefined;
  if (!pv || pv.metadata.annotations?.[STORAGE_ANNOTATIONS.provisionedBy] !== LOCAL_PROVISIONER || !dir) {
    return fail(`the volume of PVC ${name} is not a ${LOCAL_PROVISIONER} volume`);
  }
  return dir;
}

async function snapshotSource(client: KubeClient, layout: VolumeLayout, pvc: PersistentVolumeClaim, name: string, requestBytes: number): Promise<string> {
  const namespace = pvc.metadata.namespace ?? '';
  const fail = (why: string): never => {
    throw new ProvisioningError(`error getting handle for DataSource Type VolumeSnapshot by Name ${name}: ${why}`);
  };
  const snapshot = await getIfExists<VolumeSnapshot>(client, VOLUME_SNAPSHOTS, name, namespace);
  if (!snapshot) return fail(`error getting snapshot ${name} from api server: volumesnapshots.snapshot.storage.k8s.io "${name}" not found`);
  if (snapshot.metadata.deletionTimestamp) return fail(`snapshot ${name} is currently being deleted`);
  const contentName = snapshot.status?.boundVolumeSnapshotContentName;
  if (!contentName) return fail(`snapshot ${name} not bound`);
  if (snapshot.status?.readyToUse !== true) return fail(`snapshot ${name} is not Ready`);
  const content = await getIfExists<VolumeSnapshotContent>(client, VOLUME_SNAPSHOT_CONTENTS, contentName);
  if (!content) return fail(`error getting snapshot content ${contentName}: volumesnapshotcontents.snapshot.storage.k8s.io "${contentName}" not found`);
  if (content.spec?.driver !== LOCAL_PROVISIONER) return fail(`snapshot ${name} was taken by driver ${content.spec?.driver ?? '""'}, not ${LOCAL_PROVISIONER}`);
  const handle = content.status?.snapshotHandle ?? content.spec.source.snapshotHandle;
  if (!handle) return fail(`snapshot content ${contentName} has no snapshot handle`);
  const restoreSize = content.status?.restoreSize;
  if (restoreSize !== undefined && requestBytes < restoreSize) {
    throw new ProvisioningError(`requested volume size ${requestBytes} is less than the size ${restoreSize} for the source snapshot ${name}`);
  }
  return layout.snapshotPath(handle);
}
