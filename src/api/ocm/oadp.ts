// oadp.openshift.io DataProtectionApplication: how OADP installs Velero and its storage
// locations. The backup operator accepts a BackupStorageLocation only when something like this
// owns it; on the embedded hub `lifeboat up --storage` creates one (decision 16).

import type { BackupStorageLocationSpec } from '../velero/types.js';
import { resourceOf } from '../crd/render.js';
import type { Condition, CustomObject } from '../meta.js';
import { defineOcmKind } from './ocm-kind.js';
import * as S from '../crd/schema.js';

export interface DpaBackupLocation {
  /** Name of the BackupStorageLocation OADP creates; OADP derives one when it is absent. */
  name?: string;
  velero?: BackupStorageLocationSpec;
  /** An OADP CloudStorage reference instead of an inline location; Lifeboat does not read it. */
  bucket?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface DataProtectionApplicationSpec {
  backupLocations?: DpaBackupLocation[];
  snapshotLocations?: Record<string, unknown>[];
  configuration?: {
    velero?: { defaultPlugins?: string[]; noDefaultBackupLocation?: boolean; [key: string]: unknown };
    nodeAgent?: Record<string, unknown>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export type DataProtectionApplication = CustomObject<
  'DataProtectionApplication',
  DataProtectionApplicationSpec,
  { conditions?: Condition[]; [key: string]: unknown }
>;

const veleroLocation = () =>
  S.openObject(
    {
      provider: S.string(),
      objectStorage: S.openObject({ bucket: S.string(), prefix: S.string(), caCert: S.string({ format: 'byte' }) }, { required: ['bucket'] }),
      config: S.stringMap(),
      credential: S.openObject({ name: S.string(), key: S.string(), optional: S.boolean() }, { required: ['key'] }),
      default: S.boolean(),
      accessMode: S.string({ enum: ['ReadOnly', 'ReadWrite'] }),
      backupSyncPeriod: S.string(),
      validationFrequency: S.string(),
    },
    { required: ['provider'] },
  );

export const DATA_PROTECTION_APPLICATION_CRD = defineOcmKind({
  group: 'oadp.openshift.io',
  kind: 'DataProtectionApplication',
  plural: 'dataprotectionapplications',
  scope: 'Namespaced',
  shortNames: ['dpa'],
  versions: [
    {
      name: 'v1alpha1',
      storage: true,
      statusSubresource: true,
      properties: {
        spec: S.openObject({
          backupLocations: S.arrayOf(S.openObject({ name: S.string(), velero: veleroLocation(), bucket: S.freeform() })),
          snapshotLocations: S.arrayOf(S.freeform()),
          configuration: S.openObject({
            velero: S.openObject({ defaultPlugins: S.stringList(), noDefaultBackupLocation: S.boolean() }),
            nodeAgent: S.freeform(),
          }),
          backupImages: S.boolean(),
          unsupportedOverrides: S.stringMap(),
        }),
        status: S.openObject({ conditions: S.conditions() }),
      },
    },
  ],
});
export const DATA_PROTECTION_APPLICATIONS = resourceOf(DATA_PROTECTION_APPLICATION_CRD);

export const OADP_KINDS = [DATA_PROTECTION_APPLICATION_CRD];
