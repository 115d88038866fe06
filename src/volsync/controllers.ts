// Wires the volume-replication reconcilers into the controller runtime: ReplicationSources and
// ReplicationDestinations with the Jobs, PVCs and VolumeSnapshots they own, the Secrets they read,
// the copy-trigger PVCs of sources, and the volume populator.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ANNOTATION_USE_COPY_TRIGGER, VOLSYNC_EVENT_REPORTER, type ReplicationDestination, type ReplicationSource } from '../api/volsync/index.js';
import { isServed, SECRETS, SERVICES, type ControllerSpec, type KubeClient, type KubeObject, type ReconcileRequest, type ResourceRef } from '../kube/index.js';
import { settingsFromEnvironment, type VolSyncSettings } from './context.js';
import { volsyncAddOnController } from './addon/controller.js';
import { MANAGED_CLUSTER_ADDONS, MANAGED_CLUSTERS, MANIFEST_WORKS } from '../api/ocm/index.js';
import { DESTINATION_KIND } from './destination.js';
import { JOBS, PERSISTENT_VOLUME_CLAIMS, VOLUME_SNAPSHOTS } from './kinds.js';
import { VolSyncMetrics } from './metrics.js';
import { populatorController } from './populator/controller.js';
import { ReplicationReconciler } from './replication-reconciler.js';
import { SOURCE_KIND } from './source.js';

export const REPLICATION_SOURCE_CONTROLLER = 'replicationsource';
export const REPLICATION_DESTINATION_CONTROLLER = 'replicationdestination';
export const VOLUME_POPULATOR_CONTROLLER = 'volumepopulator';
export const VOLSYNC_CONTROLLERS: readonly string[] = [REPLICATION_SOURCE_CONTROLLER, REPLICATION_DESTINATION_CONTROLLER, VOLUME_POPULATOR_CONTROLLER];

/** The events' reportingController for a controller of this package (`volsync-controller`), else undefined. */
export function volsyncEventReporter(controller: string): string | undefined {
  return VOLSYNC_CONTROLLERS.includes(controller) ? VOLSYNC_EVENT_REPORTER : undefined;
}

export interface VolSyncControllerOptions {
  /** The image of mover Jobs: Lifeboat's mover image. */
  moverImage: string;
  /** The manager's registry; the volsync_* metrics are registered on it. */
  registry: Registry;
  log: Logger;
  settings?: Partial<VolSyncSettings>;
  /** Reconciles of each controller that may run at once. Default 10. */
  concurrency?: number;
}

/** The controller specs, after asking the API whether it serves VolumeSnapshots. */
export async function volsyncControllers(client: KubeClient, opts: VolSyncControllerOptions): Promise<ControllerSpec[]> {
  const snapshotsServed = await isServed(client, VOLUME_SNAPSHOTS);
  // The ACM add-on needs the OCM cluster, add-on and work APIs (an ACM hub, or `lifeboat up`'s stand-ins).
  const addOnServed = (await Promise.all([MANAGED_CLUSTERS, MANAGED_CLUSTER_ADDONS, MANIFEST_WORKS].map((ref) => isServed(client, ref)))).every(Boolean);
  const settings = { ...settingsFromEnvironment(opts.moverImage), ...opts.settings };
  const metrics = new VolSyncMetrics(opts.registry);
  const owns: ResourceRef[] = [JOBS, PERSISTENT_VOLUME_CLAIMS, SERVICES, SECRETS, ...(snapshotsServed ? [VOLUME_SNAPSHOTS] : [])];
  const common = { settings, metrics, snapshotsServed };
  const concurrency = opts.concurrency ?? 10;
  return [
    {
      name: REPLICATION_SOURCE_CONTROLLER,
      for: SOURCE_KIND.resource,
      owns,
      watches: [
        {
          target: PERSISTENT_VOLUME_CLAIMS,
          map: (pvc, primaries) => (pvc.metadata?.annotations?.[ANNOTATION_USE_COPY_TRIGGER] !== undefined ? sourcesOfPvc(pvc, primaries()) : []),
        },
        { target: SECRETS, map: (secret, primaries) => referencing(secret, primaries(), (o) => secretsOf((o as ReplicationSource).spec)) },
      ],
      reconciler: new ReplicationReconciler(SOURCE_KIND, { ...common, log: opts.log.child({ controller: REPLICATION_SOURCE_CONTROLLER }) }),
      concurrency,
    },
    {
      name: REPLICATION_DESTINATION_CONTROLLER,
      for: DESTINATION_KIND.resource,
      owns,
      watches: [{ target: SECRETS, map: (secret, primaries) => referencing(secret, primaries(), (o) => secretsOf((o as ReplicationDestination).spec)) }],
      reconciler: new ReplicationReconciler(DESTINATION_KIND, { ...common, log: opts.log.child({ controller: REPLICATION_DESTINATION_CONTROLLER }) }),
      concurrency,
    },
    // Without VolumeSnapshots there is nothing to populate from.
    ...(snapshotsServed
      ? [populatorController({ name: VOLUME_POPULATOR_CONTROLLER, log: opts.log.child({ controller: VOLUME_POPULATOR_CONTROLLER }), concurrency })]
      : []),
    ...(addOnServed ? [volsyncAddOnController()] : []),
  ];
}

/** Sources whose sourcePVC is this PVC: a copy trigger changed. */
function sourcesOfPvc(pvc: KubeObject, sources: readonly KubeObject[]): ReconcileRequest[] {
  return sources
    .filter((rs) => rs.metadata?.namespace === pvc.metadata?.namespace && (rs as ReplicationSource).spec?.sourcePVC === pvc.metadata?.name)
    .map(requestFor);
}

/** CRs of the Secret's namespace that read it: a missing repository or config Secret may now exist. */
function referencing(secret: KubeObject, owners: readonly KubeObject[], secretsOfOwner: (o: KubeObject) => string[]): ReconcileRequest[] {
  return owners.filter((o) => o.metadata?.namespace === secret.metadata?.namespace && secretsOfOwner(o).includes(secret.metadata?.name ?? '')).map(requestFor);
}

function secretsOf(spec: ReplicationSource['spec'] | ReplicationDestination['spec']): string[] {
  const names: (string | undefined)[] = [
    spec?.restic?.repository,
    spec?.restic?.customCA?.secretName,
    spec?.rclone?.rcloneConfig,
    spec?.rclone?.customCA?.secretName,
    spec?.rsyncTLS?.keySecret,
    spec?.rsync?.sshKeys,
  ];
  return names.filter((n): n is string => !!n);
}

function requestFor(obj: KubeObject): ReconcileRequest {
  return { namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' };
}
