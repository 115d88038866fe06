// The ReplicationSource and ReplicationDestination CRDs (volsync.md §1) with upstream's schema:
// the same fields, enums, patterns and printer columns, no defaults (the controllers apply them).

import { renderCrd, type CrdDefinition, type CustomResourceDefinition, type PrinterColumn } from '../crd/render.js';
import type { JsonSchema } from '../crd/schema.js';
import { arrayOf, boolean, dateTime, int32, object, string, stringList, stringMap } from '../crd/schema.js';
import { affinity, metav1Conditions, moverVolumes, podSecurityContext, quantity, resourceRequirements } from './core-schemas.js';
import { COPY_METHODS, VOLSYNC_GROUP, VOLSYNC_VERSION } from './types.js';

/**
 * Upstream's cron pattern. Its alternation anchors only one branch at each end, so a `CRON_TZ=…`
 * prefix passes (volsync.md §1.2); kept as is so both accept the same specs.
 */
export const SCHEDULE_PATTERN = '^(@(annually|yearly|monthly|weekly|daily|hourly))|((((\\d+,)*\\d+|(\\d+(\\/|-)\\d+)|\\*(\\/\\d+)?)\\s?){5})$';

const trigger = (): JsonSchema => object({ manual: string(), schedule: string({ pattern: SCHEDULE_PATTERN }) });
const copyMethod = (): JsonSchema => string({ enum: [...COPY_METHODS] });
const accessModes = (): JsonSchema => stringList({ minItems: 1 });
const port = (): JsonSchema => int32({ maximum: 65535, minimum: 0 });
const customCA = (): JsonSchema => object({ configMapName: string(), key: string(), secretName: string() });
const external = (): JsonSchema => object({ parameters: stringMap(), provider: string() });

const moverConfig = (): Record<string, JsonSchema> => ({
  moverAffinity: affinity(),
  moverPodLabels: stringMap(),
  moverResources: resourceRequirements(),
  moverSecurityContext: podSecurityContext(),
  moverServiceAccount: string(),
  moverVolumes: moverVolumes(),
});

/** The rsync mover has only these three of MoverConfig. */
const legacyMoverConfig = (): Record<string, JsonSchema> => ({
  moverPodLabels: stringMap(),
  moverResources: resourceRequirements(),
  moverServiceAccount: string(),
});

const volumeOptions = (): Record<string, JsonSchema> => ({
  accessModes: accessModes(),
  capacity: quantity(),
  copyMethod: copyMethod(),
  storageClassName: string(),
  volumeSnapshotClassName: string(),
});

const destinationVolumeOptions = (): Record<string, JsonSchema> => ({
  ...volumeOptions(),
  cleanupTempPVC: boolean(),
  destinationPVC: string(),
});

const resticCommon = (): Record<string, JsonSchema> => ({
  cacheAccessModes: stringList(),
  cacheCapacity: quantity(),
  cacheStorageClassName: string(),
  customCA: customCA(),
  repository: string(),
});

const rcloneCommon = (): Record<string, JsonSchema> => ({
  customCA: customCA(),
  rcloneConfig: string(),
  rcloneConfigSection: string(),
  rcloneDestPath: string(),
});

const rsyncCommon = (): Record<string, JsonSchema> => ({
  address: string(),
  path: string(),
  port: port(),
  serviceType: string(),
  sshKeys: string(),
  sshUser: string(),
});

const sourceSpec = (): JsonSchema =>
  object({
    external: external(),
    paused: boolean(),
    rclone: object({ ...volumeOptions(), ...moverConfig(), ...rcloneCommon() }),
    restic: object({
      ...volumeOptions(),
      ...moverConfig(),
      ...resticCommon(),
      pruneIntervalDays: int32(),
      retain: object({
        daily: int32(),
        hourly: int32(),
        last: string(),
        monthly: int32(),
        weekly: int32(),
        within: string(),
        yearly: int32(),
      }),
      unlock: string(),
    }),
    rsync: object({ ...volumeOptions(), ...legacyMoverConfig(), ...rsyncCommon() }),
    rsyncTLS: object({ ...volumeOptions(), ...moverConfig(), address: string(), keySecret: string(), port: port() }),
    sourcePVC: string(),
    syncthing: object({
      ...moverConfig(),
      configAccessModes: stringList(),
      configCapacity: quantity(),
      configStorageClassName: string(),
      peers: arrayOf(object({ ID: string(), address: string(), introducer: boolean() }, { required: ['ID', 'address', 'introducer'] })),
      serviceType: string(),
    }),
    trigger: trigger(),
  });

const destinationSpec = (): JsonSchema =>
  object({
    external: external(),
    paused: boolean(),
    rclone: object({ ...destinationVolumeOptions(), ...moverConfig(), ...rcloneCommon() }),
    restic: object({
      ...destinationVolumeOptions(),
      ...moverConfig(),
      ...resticCommon(),
      cleanupCachePVC: boolean(),
      enableFileDeletion: boolean(),
      previous: int32(),
      restoreAsOf: dateTime(),
    }),
    rsync: object({ ...destinationVolumeOptions(), ...legacyMoverConfig(), ...rsyncCommon(), serviceAnnotations: stringMap(), volumeMode: string() }),
    rsyncTLS: object({
      ...destinationVolumeOptions(),
      ...moverConfig(),
      keySecret: string(),
      serviceAnnotations: stringMap(),
      serviceType: string(),
      volumeMode: string(),
    }),
    trigger: trigger(),
  });

const commonStatus = (): Record<string, JsonSchema> => ({
  conditions: metav1Conditions(),
  external: stringMap(),
  lastManualSync: string(),
  lastSyncDuration: string(),
  lastSyncStartTime: dateTime(),
  lastSyncTime: dateTime(),
  latestMoverStatus: object({ logs: string(), result: string() }),
  nextSyncTime: dateTime(),
});

const rsyncStatus = (): JsonSchema => object({ address: string(), port: int32(), sshKeys: string() });

const sourceStatus = (): JsonSchema =>
  object({
    ...commonStatus(),
    restic: object({ lastPruned: dateTime(), lastUnlocked: string() }),
    rsync: rsyncStatus(),
    rsyncTLS: object({ keySecret: string() }),
    syncthing: object({
      ID: string(),
      address: string(),
      peers: arrayOf(
        object({ ID: string(), address: string(), connected: boolean(), introducedBy: string(), name: string() }, { required: ['ID', 'address', 'connected'] }),
      ),
    }),
  });

const destinationStatus = (): JsonSchema =>
  object({
    ...commonStatus(),
    latestImage: object({ apiGroup: string(), kind: string(), name: string() }, { required: ['kind', 'name'], 'x-kubernetes-map-type': 'atomic' }),
    rsync: rsyncStatus(),
    rsyncTLS: object({ address: string(), keySecret: string(), port: int32() }),
  });

const SYNC_COLUMNS: PrinterColumn[] = [
  { name: 'Last sync', type: 'string', format: 'date-time', jsonPath: '.status.lastSyncTime' },
  { name: 'Duration', type: 'string', jsonPath: '.status.lastSyncDuration' },
  { name: 'Next sync', type: 'string', format: 'date-time', jsonPath: '.status.nextSyncTime' },
];

export const REPLICATION_SOURCE_CRD: CrdDefinition = {
  group: VOLSYNC_GROUP,
  kind: 'ReplicationSource',
  plural: 'replicationsources',
  scope: 'Namespaced',
  versions: [
    {
      name: VOLSYNC_VERSION,
      storage: true,
      description: 'Asynchronously replicates a PersistentVolumeClaim to a destination through one data mover.',
      properties: { spec: sourceSpec(), status: sourceStatus() },
      printerColumns: [{ name: 'Source', type: 'string', jsonPath: '.spec.sourcePVC' }, ...SYNC_COLUMNS],
      statusSubresource: true,
    },
  ],
};

export const REPLICATION_DESTINATION_CRD: CrdDefinition = {
  group: VOLSYNC_GROUP,
  kind: 'ReplicationDestination',
  plural: 'replicationdestinations',
  scope: 'Namespaced',
  versions: [
    {
      name: VOLSYNC_VERSION,
      storage: true,
      description: 'Receives the data of a ReplicationSource into a PersistentVolumeClaim, optionally snapshotting it after each sync.',
      properties: { spec: destinationSpec(), status: destinationStatus() },
      printerColumns: SYNC_COLUMNS.map((c) => ({ ...c })),
      statusSubresource: true,
    },
  ],
};

export function volsyncCrdDefinitions(): CrdDefinition[] {
  return [REPLICATION_SOURCE_CRD, REPLICATION_DESTINATION_CRD];
}

export function volsyncCrds(): CustomResourceDefinition[] {
  return volsyncCrdDefinitions().map(renderCrd);
}
