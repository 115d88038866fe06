// The volume populator (volsync.md §5): a PVC whose dataSourceRef names a ReplicationDestination
// is given a volume made from that RD's latest snapshot. A temporary PVC' (`vs-prime-<uid>`) is
// provisioned from the snapshot; its PersistentVolume is then re-bound to the user's PVC by
// pointing the PV's claimRef at it, and PVC' — left Lost — is deleted.
import { pino, type Logger } from 'pino';
import {
  ANNOTATION_POPULATED_FROM,
  ANNOTATION_SELECTED_NODE,
  EventAction,
  EventReason,
  LABEL_POPULATOR_PVC_FOR,
  LABEL_VOLPOP_PVC_PREFIX,
  REPLICATION_DESTINATIONS,
  VOLSYNC_GROUP,
  type ReplicationDestination,
} from '../../api/volsync/index.js';
import { isNotFound, type ReconcileContext, type ReconcileRequest, type Reconciler } from '../../kube/index.js';
import { isSnapshotImage } from '../cleanup.js';
import { addOwnerReference, setControllerReference } from '../create-or-update.js';
import {
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  STORAGE_CLASSES,
  VOLUME_SNAPSHOTS,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
  type VolumeSnapshot,
} from '../kinds.js';
import { isMarkedDoNotDelete, setOwnedByVolSync } from '../labels.js';
import { populatorPvcName } from '../names.js';

const MIGRATED_TO = 'pv.kubernetes.io/migrated-to';

export function referencesReplicationDestination(pvc: PersistentVolumeClaim): boolean {
  const ref = pvc.spec?.dataSourceRef;
  return !!ref && ref.apiGroup === VOLSYNC_GROUP && ref.kind === 'ReplicationDestination' && !!ref.name;
}

export class PopulatorReconciler implements Reconciler {
  private readonly log: Logger;

  constructor(opts: { log?: Logger } = {}) {
    this.log = opts.log ?? pino({ level: 'silent' });
  }

  async reconcile(req: ReconcileRequest, rc: ReconcileContext): Promise<void> {
    const pvc = await this.getPvc(rc, req.namespace, req.name);
    if (!pvc || !referencesReplicationDestination(pvc)) return;
    const node = await this.checkStorageClass(rc, pvc);
    if (node === false) return;
    let prime = await this.getPvc(rc, req.namespace, populatorPvcName(pvc.metadata.uid ?? ''));
    if (!pvc.spec?.volumeName) {
      prime ??= await this.createPrime(rc, pvc, node);
      if (!prime) return;
      await this.protectSnapshots(rc, pvc, prime);
      await this.rebind(rc, pvc, prime);
      return;
    }
    if (prime) {
      // The bind controller has moved the volume once PVC' has lost it.
      if (prime.status?.phase !== 'Lost') return;
      rc.events.event(pvc, 'Normal', EventReason.VolSyncPopulatorFinished, 'Populator finished', EventAction.ProvisionVolume);
    }
    await this.finish(rc, pvc, prime);
  }

  /** Undefined: go on without a node; a node name under WaitForFirstConsumer; false: wait. */
  private async checkStorageClass(rc: ReconcileContext, pvc: PersistentVolumeClaim): Promise<string | undefined | false> {
    const name = pvc.spec?.storageClassName;
    if (!name) return undefined;
    let sc: StorageClass;
    try {
      sc = await rc.client.get<StorageClass>(STORAGE_CLASSES, name, { signal: rc.signal });
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    if (sc.provisioner?.startsWith('kubernetes.io/') && !pvc.metadata.annotations?.[MIGRATED_TO]) return false;
    if (sc.volumeBindingMode !== 'WaitForFirstConsumer') return undefined;
    return pvc.metadata.annotations?.[ANNOTATION_SELECTED_NODE] || false;
  }

  private async createPrime(rc: ReconcileContext, pvc: PersistentVolumeClaim, node: string | undefined): Promise<PersistentVolumeClaim | undefined> {
    const namespace = pvc.metadata.namespace ?? '';
    const rdName = pvc.spec?.dataSourceRef?.name ?? '';
    let rd: ReplicationDestination;
    try {
      rd = await rc.client.get<ReplicationDestination>(REPLICATION_DESTINATIONS, rdName, { namespace, signal: rc.signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      rc.events.event(
        pvc,
        'Warning',
        EventReason.VolSyncPopulatorReplicationDestinationMissing,
        `Unable to populate volume: ${(err as Error).message}`,
        EventAction.ProvisionVolume,
      );
      return undefined;
    }
    const image = rd.status?.latestImage;
    if (!image) {
      rc.events.event(
        pvc,
        'Warning',
        EventReason.VolSyncPopulatorReplicationDestinationNoLatestImage,
        'Unable to populate volume, waiting for replicationdestination to have latestImage',
        EventAction.ProvisionVolume,
      );
      return undefined;
    }
    if (!isSnapshotImage(image)) {
      rc.events.event(
        pvc,
        'Warning',
        EventReason.VolSyncPopulatorError,
        'Unable to populate volume: ReplicationDestination latestImage is not a volumesnapshot',
        EventAction.ProvisionVolume,
      );
      return undefined;
    }
    const snap = await rc.client.get<VolumeSnapshot>(VOLUME_SNAPSHOTS, image.name, { namespace, signal: rc.signal });
    const volpopLabel = LABEL_VOLPOP_PVC_PREFIX + (pvc.metadata.uid ?? '');
    if (snap.metadata.labels?.[volpopLabel] !== pvc.metadata.name) {
      snap.metadata.labels = { ...snap.metadata.labels, [volpopLabel]: pvc.metadata.name ?? '' };
      await rc.client.update(VOLUME_SNAPSHOTS, snap, { signal: rc.signal });
    }
    const source = { apiGroup: image.apiGroup, kind: image.kind, name: image.name };
    const prime: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: populatorPvcName(pvc.metadata.uid ?? ''),
        namespace,
        labels: { [LABEL_POPULATOR_PVC_FOR]: pvc.metadata.name ?? '' },
        ...(node ? { annotations: { [ANNOTATION_SELECTED_NODE]: node } } : {}),
      },
      spec: {
        accessModes: pvc.spec?.accessModes,
        resources: pvc.spec?.resources,
        ...(pvc.spec?.storageClassName ? { storageClassName: pvc.spec.storageClassName } : {}),
        ...(pvc.spec?.volumeMode ? { volumeMode: pvc.spec.volumeMode } : {}),
        // Both, as the API server mirrors them for a snapshot source.
        dataSource: source,
        dataSourceRef: source,
      },
    };
    setControllerReference(prime, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name ?? '', uid: pvc.metadata.uid ?? '' });
    setOwnedByVolSync(prime);
    try {
      const created = await rc.client.create(PERSISTENT_VOLUME_CLAIMS, prime, { signal: rc.signal });
      rc.events.event(pvc, 'Normal', EventReason.VolSyncPopulatorPVCCreated, `Populator pvc created from snapshot ${image.name}`, EventAction.ProvisionVolume);
      this.log.info({ namespace, pvc: pvc.metadata.name, snapshot: image.name }, 'populating volume');
      return created;
    } catch (err) {
      rc.events.event(
        pvc,
        'Warning',
        EventReason.VolSyncPopulatorPVCCreationError,
        `Failed to create populator PVC: ${(err as Error).message}`,
        EventAction.ProvisionVolume,
      );
      throw err;
    }
  }

  /** PVC' co-owns the snapshots it is made from, so they outlive the RD moving on to newer ones. */
  private async protectSnapshots(rc: ReconcileContext, pvc: PersistentVolumeClaim, prime: PersistentVolumeClaim): Promise<void> {
    for (const snap of await this.labelledSnapshots(rc, pvc)) {
      if (isMarkedDoNotDelete(snap)) continue;
      if (addOwnerReference(snap, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: prime.metadata.name ?? '', uid: prime.metadata.uid ?? '' })) {
        await rc.client.update(VOLUME_SNAPSHOTS, snap, { signal: rc.signal });
      }
    }
  }

  private async rebind(rc: ReconcileContext, pvc: PersistentVolumeClaim, prime: PersistentVolumeClaim): Promise<void> {
    const pvName = prime.spec?.volumeName;
    if (!pvName) return;
    let pv: PersistentVolume;
    try {
      pv = await rc.client.get<PersistentVolume>(PERSISTENT_VOLUMES, pvName, { signal: rc.signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const claim = pv.spec?.claimRef;
    if (claim && claim.name === pvc.metadata.name && claim.namespace === pvc.metadata.namespace && claim.uid === pvc.metadata.uid) return;
    await rc.client.patch(
      PERSISTENT_VOLUMES,
      pvName,
      {
        metadata: { annotations: { [ANNOTATION_POPULATED_FROM]: `${pvc.metadata.namespace}/${prime.spec?.dataSourceRef?.name ?? ''}` } },
        spec: {
          claimRef: { namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, resourceVersion: pvc.metadata.resourceVersion },
        },
      },
      { type: 'strategic', signal: rc.signal },
    );
  }

  private async finish(rc: ReconcileContext, pvc: PersistentVolumeClaim, prime: PersistentVolumeClaim | undefined): Promise<void> {
    const volpopLabel = LABEL_VOLPOP_PVC_PREFIX + (pvc.metadata.uid ?? '');
    for (const snap of await this.labelledSnapshots(rc, pvc)) {
      delete snap.metadata.labels?.[volpopLabel];
      if (prime && isMarkedDoNotDelete(snap)) snap.metadata.ownerReferences = (snap.metadata.ownerReferences ?? []).filter((r) => r.uid !== prime.metadata.uid);
      await rc.client.update(VOLUME_SNAPSHOTS, snap, { signal: rc.signal });
    }
    if (!prime) return;
    try {
      await rc.client.delete(PERSISTENT_VOLUME_CLAIMS, prime.metadata.name ?? '', { namespace: prime.metadata.namespace, signal: rc.signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async labelledSnapshots(rc: ReconcileContext, pvc: PersistentVolumeClaim): Promise<VolumeSnapshot[]> {
    const label = LABEL_VOLPOP_PVC_PREFIX + (pvc.metadata.uid ?? '');
    return (await rc.client.list<VolumeSnapshot>(VOLUME_SNAPSHOTS, { namespace: pvc.metadata.namespace, labelSelector: label, signal: rc.signal })).items;
  }

  private async getPvc(rc: ReconcileContext, namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    try {
      return await rc.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, name, { namespace, signal: rc.signal });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}
