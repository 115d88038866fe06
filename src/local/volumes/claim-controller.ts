// PersistentVolumeClaims on the embedded hub, as kube-controller-manager's volume binder and a
// CSI external-provisioner treat them: protection while pods use them, the default class given
// retroactively, binding to a volume that names the claim, and dynamic provisioning of a
// directory-backed PersistentVolume (empty, cloned from a claim, or restored from a snapshot).
import type { Logger } from 'pino';
import {
  PVC_PROTECTION_FINALIZER,
  PV_PROTECTION_FINALIZER,
  STORAGE_ANNOTATIONS,
  requestedStorage,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  type StorageClass,
} from '../../api/core/index.js';
import {
  PERSISTENT_VOLUMES,
  PERSISTENT_VOLUME_CLAIMS,
  PODS,
  STORAGE_CLASSES,
  VOLUME_SNAPSHOTS,
  isAlreadyExists,
  type KubeObject,
  type ReconcileContext,
  type ReconcileRequest,
  type ReconcileResult,
  type Reconciler,
} from '../../kube/index.js';
import type { ControllerSpec } from '../../kube/runtime/contract.js';
import { parseQuantity } from '../../util/quantity.js';
import { getIfExists, hasFinalizer, setFinalizer } from '../object-access.js';
import { requestOf, requestsForRef } from '../requests.js';
import { bindClaimToVolume, setClaimPhase, volumeNamesClaim } from './binding.js';
import { ProvisioningError, claimSourceOf, sourceDirectory, type ClaimSource } from './claim-source.js';
import { LOCAL_PROVISIONER, PROVISIONER_FINALIZER } from './constants.js';
import type { VolumeLayout } from './layout.js';
import { claimInUse, podClaimNames } from './protection.js';
import { copyTree, createEmptyTree, publishTree, removeTree, treeExists } from './tree.js';

/** How often a claim whose provisioning failed is tried again (besides watch events). */
const PROVISIONING_RETRY_MS = 15_000;

export class ClaimReconciler implements Reconciler {
  constructor(
    private readonly layout: VolumeLayout,
    private readonly log: Logger,
  ) {}

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const pvc = await getIfExists<PersistentVolumeClaim>(ctx.client, PERSISTENT_VOLUME_CLAIMS, req.name, req.namespace, ctx.signal);
    if (!pvc) return;
    if (pvc.metadata.deletionTimestamp) {
      // kubernetes.io/pvc-protection: the claim goes only once no running pod uses it.
      if (hasFinalizer(pvc, PVC_PROTECTION_FINALIZER) && !(await claimInUse(ctx.client, req.namespace, req.name))) {
        await setFinalizer(ctx.client, PERSISTENT_VOLUME_CLAIMS, pvc, PVC_PROTECTION_FINALIZER, false);
      }
      return;
    }
    if (!hasFinalizer(pvc, PVC_PROTECTION_FINALIZER)) {
      await setFinalizer(ctx.client, PERSISTENT_VOLUME_CLAIMS, pvc, PVC_PROTECTION_FINALIZER, true);
      return;
    }
    return pvc.spec?.volumeName ? this.syncBound(pvc, pvc.spec.volumeName, ctx) : this.syncUnbound(pvc, ctx);
  }

  private async syncBound(pvc: PersistentVolumeClaim, volumeName: string, ctx: ReconcileContext): Promise<void> {
    const pv = await getIfExists<PersistentVolume>(ctx.client, PERSISTENT_VOLUMES, volumeName, undefined, ctx.signal);
    const wasBound = pvc.metadata.annotations?.[STORAGE_ANNOTATIONS.bindCompleted] === 'yes';
    if (!wasBound && (!pv || (pv.spec?.claimRef && !volumeNamesClaim(pv, pvc)))) {
      // Pre-bound by its creator to a volume that does not exist (yet) or serves another claim: it waits.
      return;
    }
    if (!pv) {
      if (pvc.status?.phase !== 'Lost') ctx.events.event(pvc, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
      await setClaimPhase(ctx.client, pvc, 'Lost');
      return;
    }
    if (pv.spec?.claimRef && !volumeNamesClaim(pv, pvc)) {
      // The volume was moved to another claim (a volume populator does that): this one lost it.
      if (pvc.status?.phase !== 'Lost') ctx.events.event(pvc, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
      await setClaimPhase(ctx.client, pvc, 'Lost');
      return;
    }
    await this.expandIfAsked(pvc, pv, ctx);
    await bindClaimToVolume(ctx.client, pvc, pv, ctx.clock.now());
  }

  private async syncUnbound(pvc: PersistentVolumeClaim, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const candidate = ctx.cache.list<PersistentVolume>(PERSISTENT_VOLUMES).find((pv) => volumeNamesClaim(pv, pvc));
    const waiting = candidate && (await getIfExists<PersistentVolume>(ctx.client, PERSISTENT_VOLUMES, candidate.metadata.name ?? '', undefined, ctx.signal));
    if (waiting && volumeNamesClaim(waiting, pvc)) {
      // Pre-bound by its creator, provisioned before a crash, or handed over by a populator.
      await bindClaimToVolume(ctx.client, pvc, waiting, ctx.clock.now());
      return;
    }
    const className = pvc.spec?.storageClassName;
    if (className === undefined || className === null) {
      await this.assignDefaultClass(pvc, ctx);
      return;
    }
    if (className === '') return; // no class: only a matching pre-made volume can bind it
    const storageClass = ctx.cache.get<StorageClass & KubeObject>(STORAGE_CLASSES, '', className);
    if (!storageClass) {
      ctx.events.event(pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      return;
    }
    const annotations = pvc.metadata.annotations ?? {};
    if (annotations[STORAGE_ANNOTATIONS.storageProvisioner] !== storageClass.provisioner) {
      await ctx.client.patch(
        PERSISTENT_VOLUME_CLAIMS,
        pvc.metadata.name ?? '',
        {
          metadata: {
            resourceVersion: pvc.metadata.resourceVersion,
            annotations: { [STORAGE_ANNOTATIONS.storageProvisioner]: storageClass.provisioner, [STORAGE_ANNOTATIONS.betaStorageProvisioner]: storageClass.provisioner },
          },
        },
        { namespace: pvc.metadata.namespace, type: 'merge' },
      );
      return;
    }
    if (storageClass.provisioner !== LOCAL_PROVISIONER) return;
    if (storageClass.volumeBindingMode === 'WaitForFirstConsumer' && !annotations[STORAGE_ANNOTATIONS.selectedNode]) {
      ctx.events.event(pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      return;
    }
    const source = claimSourceOf(pvc);
    if (source.kind === 'populator') return; // its populator fills and binds it
    try {
      await this.provision(pvc, storageClass, source, ctx);
    } catch (err) {
      if (!(err instanceof ProvisioningError)) throw err;
      ctx.events.event(pvc, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${className}": ${err.message}`);
      return { requeueAfterMs: PROVISIONING_RETRY_MS };
    }
  }

  /** Since Kubernetes 1.28 a claim without a class gets the default class once one exists. */
  private async assignDefaultClass(pvc: PersistentVolumeClaim, ctx: ReconcileContext): Promise<void> {
    if (pvc.metadata.annotations?.[STORAGE_ANNOTATIONS.betaStorageClass] !== undefined) return;
    const defaults = ctx.cache
      .list<StorageClass & KubeObject>(STORAGE_CLASSES)
      .filter((sc) => sc.metadata.annotations?.[STORAGE_ANNOTATIONS.defaultClass] === 'true' || sc.metadata.annotations?.[STORAGE_ANNOTATIONS.betaDefaultClass] === 'true')
      .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    if (defaults.length === 0) return;
    await ctx.client.patch(
      PERSISTENT_VOLUME_CLAIMS,
      pvc.metadata.name ?? '',
      { metadata: { resourceVersion: pvc.metadata.resourceVersion }, spec: { storageClassName: defaults[0].metadata.name } },
      { namespace: pvc.metadata.namespace, type: 'merge' },
    );
  }

  private async provision(
    pvc: PersistentVolumeClaim,
    storageClass: StorageClass,
    source: Exclude<ClaimSource, { kind: 'populator' }>,
    ctx: ReconcileContext,
  ): Promise<void> {
    const request = requestedStorage(pvc);
    if (request === undefined) throw new ProvisioningError('the claim requests no storage: set spec.resources.requests.storage');
    let requestBytes: number;
    try {
      requestBytes = parseQuantity(request);
    } catch (err) {
      throw new ProvisioningError(`spec.resources.requests.storage: ${(err as Error).message}`);
    }
    const pvName = `pvc-${pvc.metadata.uid}`;
    const existing = await getIfExists<PersistentVolume>(ctx.client, PERSISTENT_VOLUMES, pvName, undefined, ctx.signal);
    if (existing) {
      await bindClaimToVolume(ctx.client, pvc, existing, ctx.clock.now());
      return;
    }
    const dir = this.layout.volumePath(pvName);
    if (!(await treeExists(dir))) {
      ctx.events.event(pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${pvc.metadata.namespace}/${pvc.metadata.name}"`);
      const staging = this.layout.stagingPath(dir);
      await removeTree(staging);
      if (source.kind === 'empty') await createEmptyTree(staging);
      else {
        const from = await sourceDirectory(ctx.client, this.layout, pvc, source, requestBytes);
        if (!(await treeExists(from))) throw new ProvisioningError(`the data of ${source.kind === 'claim' ? 'PVC' : 'snapshot'} ${source.name} is missing (${from})`);
        try {
          await copyTree(from, staging);
        } catch (err) {
          await removeTree(staging);
          throw new ProvisioningError((err as Error).message);
        }
      }
      await publishTree(staging, dir);
    }
    const pv: PersistentVolume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: pvName,
        annotations: { [STORAGE_ANNOTATIONS.provisionedBy]: LOCAL_PROVISIONER },
        finalizers: [PV_PROTECTION_FINALIZER, PROVISIONER_FINALIZER],
      },
      spec: {
        capacity: { storage: String(request) },
        accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
        volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
        storageClassName: pvc.spec?.storageClassName,
        persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
        ...(storageClass.mountOptions ? { mountOptions: storageClass.mountOptions } : {}),
        claimRef: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          namespace: pvc.metadata.namespace,
          name: pvc.metadata.name,
          uid: pvc.metadata.uid,
          resourceVersion: pvc.metadata.resourceVersion,
        },
        hostPath: { path: dir, type: 'Directory' },
      },
    };
    let created: PersistentVolume;
    try {
      created = await ctx.client.create<PersistentVolume>(PERSISTENT_VOLUMES, pv);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      created = await ctx.client.get<PersistentVolume>(PERSISTENT_VOLUMES, pvName);
    }
    this.log.info({ namespace: pvc.metadata.namespace, claim: pvc.metadata.name, volume: pvName, dir, source: source.kind }, 'provisioned volume');
    await bindClaimToVolume(ctx.client, pvc, created, ctx.clock.now());
    ctx.events.event(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`);
  }

  /** A larger request on a bound claim of an expandable class grows the volume (a directory has room). */
  private async expandIfAsked(pvc: PersistentVolumeClaim, pv: PersistentVolume, ctx: ReconcileContext): Promise<void> {
    const request = requestedStorage(pvc);
    const capacity = pv.spec?.capacity?.storage;
    if (request === undefined || capacity === undefined || pv.metadata.annotations?.[STORAGE_ANNOTATIONS.provisionedBy] !== LOCAL_PROVISIONER) return;
    let grow: boolean;
    try {
      grow = parseQuantity(request) > parseQuantity(capacity);
    } catch {
      return;
    }
    if (!grow) return;
    const storageClass = ctx.cache.get<StorageClass & KubeObject>(STORAGE_CLASSES, '', pvc.spec?.storageClassName ?? '');
    if (storageClass?.allowVolumeExpansion !== true) return;
    const updated = await ctx.client.patch<PersistentVolume>(PERSISTENT_VOLUMES, pv.metadata.name ?? '', { spec: { capacity: { storage: String(request) } } }, { type: 'merge' });
    pv.spec = updated.spec;
    ctx.events.event(pvc, 'Normal', 'VolumeResizeSuccessful', 'resize volume succeeded');
  }
}

export function claimController(layout: VolumeLayout, log: Logger): ControllerSpec {
  return {
    name: 'local-volume-claims',
    for: PERSISTENT_VOLUME_CLAIMS,
    watches: [
      {
        // A volume naming a claim binds it; a volume gone or moved changes the claim's phase.
        target: PERSISTENT_VOLUMES,
        map: (obj) => requestsForRef((obj as PersistentVolume).spec?.claimRef),
      },
      {
        // A new (default) class lets waiting claims provision.
        target: STORAGE_CLASSES,
        map: (_obj, claims) => claims().filter((c) => !(c as PersistentVolumeClaim).spec?.volumeName).map(requestOf),
      },
      {
        // A snapshot that becomes ready, or a source claim that binds, lets a restore or clone go on.
        target: VOLUME_SNAPSHOTS,
        map: (obj, claims) => claims().filter((c) => waitsOn(c as PersistentVolumeClaim, obj, 'VolumeSnapshot')).map(requestOf),
      },
      {
        target: PERSISTENT_VOLUME_CLAIMS,
        map: (obj, claims) => claims().filter((c) => waitsOn(c as PersistentVolumeClaim, obj, 'PersistentVolumeClaim')).map(requestOf),
      },
      {
        // Pods that stop using a claim may release its deletion.
        target: PODS,
        map: (obj) => podClaimNames(obj as Pod).map((name) => ({ namespace: obj.metadata?.namespace ?? '', name })),
      },
    ],
    reconciler: new ClaimReconciler(layout, log.child({ controller: 'local-volume-claims' })),
    concurrency: 4,
  };
}

/** Whether an unbound claim's data source is this object (of this kind). */
function waitsOn(claim: PersistentVolumeClaim, source: KubeObject, kind: string): boolean {
  if (claim.spec?.volumeName || claim.metadata.namespace !== source.metadata?.namespace) return false;
  const ref = claim.spec?.dataSourceRef ?? claim.spec?.dataSource;
  return ref?.name === source.metadata?.name && ref?.kind === kind;
}
