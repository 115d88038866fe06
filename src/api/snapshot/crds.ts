// The snapshot.storage.k8s.io/v1 CRDs as the external-snapshotter ships them: names, short names,
// scope, printer columns, status subresources, required fields and the CEL rules of its schema.
// They are Lifeboat's own on the embedded hub (not stand-ins of an optional product), so they carry
// no OCM label and `lifeboat up --no-ocm-crds` keeps them.

import { renderCrd, resourceOf, type CrdDefinition, type CustomResourceDefinition } from '../crd/render.js';
import type { JsonSchema } from '../crd/schema.js';
import * as S from '../crd/schema.js';
import { SNAPSHOT_GROUP, SNAPSHOT_VERSION } from './types.js';

interface CelRule {
  rule: string;
  message: string;
}

/** A schema node with x-kubernetes-validations rules, which the API server evaluates on writes. */
function withRules(schema: JsonSchema, rules: CelRule[]): JsonSchema {
  return Object.assign(schema, { 'x-kubernetes-validations': rules });
}

const immutable = (schema: JsonSchema, field: string): JsonSchema => withRules(schema, [{ rule: 'self == oldSelf', message: `${field} is immutable` }]);

const requiredOnceSet = (field: string): CelRule => ({ rule: `!has(oldSelf.${field}) || has(self.${field})`, message: `${field} is required once set` });

const exactlyOne = (a: string, b: string): CelRule => ({
  rule: `(has(self.${a}) && !has(self.${b})) || (!has(self.${a}) && has(self.${b}))`,
  message: `exactly one of ${a} and ${b} must be set`,
});

const snapshotError = (): JsonSchema => S.object({ message: S.string(), time: S.dateTime() });

/** resource.Quantity as upstream's generated schemas write it. */
const quantity = (): JsonSchema =>
  S.string({
    pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
    'x-kubernetes-int-or-string': true,
  });

const AGE = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' } as const;
const READY_TO_USE = {
  name: 'ReadyToUse',
  type: 'boolean',
  jsonPath: '.status.readyToUse',
  description: 'Whether the snapshot can be used to restore a volume.',
} as const;

export const VOLUME_SNAPSHOT_CRD: CrdDefinition = {
  group: SNAPSHOT_GROUP,
  kind: 'VolumeSnapshot',
  plural: 'volumesnapshots',
  scope: 'Namespaced',
  shortNames: ['vs'],
  versions: [
    {
      name: SNAPSHOT_VERSION,
      storage: true,
      statusSubresource: true,
      description: 'A request to take a point-in-time snapshot of a PersistentVolumeClaim, or to bind a snapshot that already exists.',
      required: ['spec'],
      printerColumns: [
        READY_TO_USE,
        { name: 'SourcePVC', type: 'string', jsonPath: '.spec.source.persistentVolumeClaimName', description: 'The claim the snapshot is taken from.' },
        {
          name: 'SourceSnapshotContent',
          type: 'string',
          jsonPath: '.spec.source.volumeSnapshotContentName',
          description: 'The pre-provisioned VolumeSnapshotContent this snapshot binds.',
        },
        { name: 'RestoreSize', type: 'string', jsonPath: '.status.restoreSize', description: 'The smallest volume the snapshot can be restored into.' },
        { name: 'SnapshotClass', type: 'string', jsonPath: '.spec.volumeSnapshotClassName', description: 'The VolumeSnapshotClass used.' },
        {
          name: 'SnapshotContent',
          type: 'string',
          jsonPath: '.status.boundVolumeSnapshotContentName',
          description: 'The VolumeSnapshotContent bound to this snapshot.',
        },
        { name: 'CreationTime', type: 'date', jsonPath: '.status.creationTime', description: 'When the storage took the snapshot.' },
        AGE,
      ],
      properties: {
        spec: S.object(
          {
            source: withRules(
              S.object({
                persistentVolumeClaimName: immutable(S.string(), 'persistentVolumeClaimName'),
                volumeSnapshotContentName: immutable(S.string(), 'volumeSnapshotContentName'),
              }),
              [
                requiredOnceSet('persistentVolumeClaimName'),
                requiredOnceSet('volumeSnapshotContentName'),
                exactlyOne('volumeSnapshotContentName', 'persistentVolumeClaimName'),
              ],
            ),
            volumeSnapshotClassName: withRules(S.string(), [{ rule: 'size(self) > 0', message: 'volumeSnapshotClassName must not be the empty string when set' }]),
          },
          { required: ['source'] },
        ),
        status: S.object({
          boundVolumeSnapshotContentName: S.string(),
          creationTime: S.dateTime(),
          error: snapshotError(),
          readyToUse: S.boolean(),
          restoreSize: quantity(),
          volumeGroupSnapshotName: S.string(),
        }),
      },
    },
  ],
};

export const VOLUME_SNAPSHOT_CONTENT_CRD: CrdDefinition = {
  group: SNAPSHOT_GROUP,
  kind: 'VolumeSnapshotContent',
  plural: 'volumesnapshotcontents',
  scope: 'Cluster',
  shortNames: ['vsc', 'vscs'],
  versions: [
    {
      name: SNAPSHOT_VERSION,
      storage: true,
      statusSubresource: true,
      description: 'A snapshot taken by the storage system, bound to one VolumeSnapshot.',
      required: ['spec'],
      printerColumns: [
        READY_TO_USE,
        { name: 'RestoreSize', type: 'integer', jsonPath: '.status.restoreSize', description: 'The size of the snapshot in bytes.' },
        {
          name: 'DeletionPolicy',
          type: 'string',
          jsonPath: '.spec.deletionPolicy',
          description: 'Whether the snapshot on the storage is deleted with its VolumeSnapshot.',
        },
        { name: 'Driver', type: 'string', jsonPath: '.spec.driver', description: 'The CSI driver that took the snapshot.' },
        { name: 'VolumeSnapshotClass', type: 'string', jsonPath: '.spec.volumeSnapshotClassName', description: 'The class of the snapshot.' },
        { name: 'VolumeSnapshot', type: 'string', jsonPath: '.spec.volumeSnapshotRef.name', description: 'The VolumeSnapshot bound to this content.' },
        {
          name: 'VolumeSnapshotNamespace',
          type: 'string',
          jsonPath: '.spec.volumeSnapshotRef.namespace',
          description: 'The namespace of the VolumeSnapshot bound to this content.',
        },
        AGE,
      ],
      properties: {
        spec: withRules(
          S.object(
            {
              deletionPolicy: S.string({ enum: ['Delete', 'Retain'] }),
              driver: S.string(),
              source: withRules(
                S.object({
                  snapshotHandle: immutable(S.string(), 'snapshotHandle'),
                  volumeHandle: immutable(S.string(), 'volumeHandle'),
                }),
                [requiredOnceSet('volumeHandle'), requiredOnceSet('snapshotHandle'), exactlyOne('volumeHandle', 'snapshotHandle')],
              ),
              sourceVolumeMode: immutable(S.string(), 'sourceVolumeMode'),
              volumeSnapshotClassName: S.string(),
              volumeSnapshotRef: withRules(
                S.object(
                  {
                    apiVersion: S.string(),
                    fieldPath: S.string(),
                    kind: S.string(),
                    name: S.string(),
                    namespace: S.string(),
                    resourceVersion: S.string(),
                    uid: S.string(),
                  },
                  { 'x-kubernetes-map-type': 'atomic' },
                ),
                [{ rule: 'has(self.name) && has(self.__namespace__)', message: 'both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set' }],
              ),
            },
            { required: ['deletionPolicy', 'driver', 'source', 'volumeSnapshotRef'] },
          ),
          [requiredOnceSet('sourceVolumeMode')],
        ),
        status: S.object({
          creationTime: S.int64(),
          error: snapshotError(),
          readyToUse: S.boolean(),
          restoreSize: S.int64({ minimum: 0 }),
          snapshotHandle: S.string(),
          volumeGroupSnapshotHandle: S.string(),
        }),
      },
    },
  ],
};

export const VOLUME_SNAPSHOT_CLASS_CRD: CrdDefinition = {
  group: SNAPSHOT_GROUP,
  kind: 'VolumeSnapshotClass',
  plural: 'volumesnapshotclasses',
  scope: 'Cluster',
  shortNames: ['vsclass', 'vsclasses'],
  versions: [
    {
      name: SNAPSHOT_VERSION,
      storage: true,
      description: 'How snapshots of one CSI driver are taken, and whether their storage is deleted with them.',
      required: ['deletionPolicy', 'driver'],
      printerColumns: [
        { name: 'Driver', type: 'string', jsonPath: '.driver' },
        {
          name: 'DeletionPolicy',
          type: 'string',
          jsonPath: '.deletionPolicy',
          description: 'Whether snapshots of this class are deleted from the storage with their VolumeSnapshot.',
        },
        AGE,
      ],
      properties: {
        deletionPolicy: S.string({ enum: ['Delete', 'Retain'] }),
        driver: S.string(),
        parameters: S.stringMap(),
      },
    },
  ],
};

export const SNAPSHOT_CRDS: readonly CrdDefinition[] = [VOLUME_SNAPSHOT_CRD, VOLUME_SNAPSHOT_CONTENT_CRD, VOLUME_SNAPSHOT_CLASS_CRD];

export function snapshotCrds(): CustomResourceDefinition[] {
  return SNAPSHOT_CRDS.map(renderCrd);
}

export const VOLUME_SNAPSHOTS = resourceOf(VOLUME_SNAPSHOT_CRD);
export const VOLUME_SNAPSHOT_CONTENTS = resourceOf(VOLUME_SNAPSHOT_CONTENT_CRD);
export const VOLUME_SNAPSHOT_CLASSES = resourceOf(VOLUME_SNAPSHOT_CLASS_CRD);
