// PersistentVolumeClaim, PersistentVolume and StorageClass printers.

import { AGE_COLUMN, NAME_COLUMN, column, wide } from './columns.js';
import { accessModes, ageOf, isDeleting, nameOf, quantity } from './print-helpers.js';
import type { TableSpec } from './types.js';
import { at, isSet, rec, str, type Obj } from './unstructured.js';

// The beta annotation still wins over spec.storageClassName, as in helper.GetPersistentVolume*Class.
const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

function storageClassOf(obj: Obj): string {
  const annotations = rec(at(obj, 'metadata', 'annotations'));
  if (Object.prototype.hasOwnProperty.call(annotations, BETA_STORAGE_CLASS)) return str(annotations[BETA_STORAGE_CLASS]);
  return str(at(obj, 'spec', 'storageClassName'));
}

function optionalOrUnset(v: unknown): string {
  return isSet(v) ? str(v) : '<unset>';
}

function phaseOf(obj: Obj): string {
  return isDeleting(obj) ? 'Terminating' : str(at(obj, 'status', 'phase'));
}

export const PVC_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    column(
      'Access Modes',
      'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1',
    ),
    column('StorageClass', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    wide('VolumeMode', 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.'),
  ],
  cells: (obj, now) => {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    // Capacity and access modes are only shown once the claim is bound to a volume.
    const bound = str(spec.volumeName) !== '';
    return [
      nameOf(obj),
      phaseOf(obj),
      str(spec.volumeName),
      bound ? quantity(rec(status.capacity).storage) : '',
      bound ? accessModes(status.accessModes) : '',
      storageClassOf(obj),
      optionalOrUnset(spec.volumeAttributesClassName),
      ageOf(obj, now),
      optionalOrUnset(spec.volumeMode),
    ];
  },
};

export const PV_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column(
      'Capacity',
      "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity",
    ),
    column(
      'Access Modes',
      'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes',
    ),
    column('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    column('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    column('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    column('StorageClass', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    column('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    AGE_COLUMN,
    wide(
      'VolumeMode',
      'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.',
    ),
  ],
  cells: (obj, now) => {
    const spec = rec(obj.spec);
    const claimRef = spec.claimRef;
    return [
      nameOf(obj),
      quantity(rec(spec.capacity).storage),
      accessModes(spec.accessModes),
      str(spec.persistentVolumeReclaimPolicy),
      phaseOf(obj),
      isSet(claimRef) ? `${str(rec(claimRef).namespace)}/${str(rec(claimRef).name)}` : '',
      storageClassOf(obj),
      optionalOrUnset(spec.volumeAttributesClassName),
      str(at(obj, 'status', 'reason')),
      ageOf(obj, now),
      optionalOrUnset(spec.volumeMode),
    ];
  },
};

function isDefaultClass(obj: Obj): boolean {
  const annotations = rec(at(obj, 'metadata', 'annotations'));
  return annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

export const STORAGECLASS_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column('Provisioner', 'provisioner indicates the type of the provisioner.'),
    column(
      'ReclaimPolicy',
      'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.',
    ),
    column(
      'VolumeBindingMode',
      'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.',
    ),
    column('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [
    nameOf(obj) + (isDefaultClass(obj) ? ' (default)' : ''),
    str(obj.provisioner),
    str(obj.reclaimPolicy) || 'Delete',
    str(obj.volumeBindingMode) || 'Immediate',
    obj.allowVolumeExpansion === true,
    ageOf(obj, now),
  ],
};
