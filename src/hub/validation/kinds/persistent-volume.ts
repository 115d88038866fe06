// PersistentVolume (core validation ValidatePersistentVolume / ...Update): access modes, a
// positive storage capacity, exactly one volume source, and a source that never changes.
import type { ApiObject } from '../../../api/meta.js';
import { jsonEqual } from '../../../util/json.js';
import type { FieldError } from '../../errors.js';
import { validateAccessModes, validateVolumeMode } from '../access-modes.js';
import { invalidEach, list, record, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNSSubdomain } from '../names.js';
import { quantityValue, validatePositiveQuantity } from '../resources.js';

/** PersistentVolumeSource fields in upstream's order, with the path each one's errors use. */
const SOURCES: [field: string, errorPath: string][] = [
  ['hostPath', 'hostPath'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['nfs', 'nfs'],
  ['rbd', 'rbd'],
  ['quobyte', 'quobyte'],
  ['cephfs', 'cephFS'],
  ['iscsi', 'iscsi'],
  ['cinder', 'cinder'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['scaleIO', 'scaleIO'],
  ['local', 'local'],
  ['storageos', 'storageos'],
  ['csi', 'csi'],
];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];

type Obj = Record<string, unknown>;

function sourceRules(name: string, source: Obj): FieldError[] {
  const need = (k: string): FieldError[] => (str(source[k]) ? [] : [{ type: 'Required', field: `spec.${name}.${k}` }]);
  switch (name) {
    case 'hostPath':
    case 'local':
      return need('path');
    case 'nfs':
      return [...need('server'), ...need('path')];
    case 'csi':
      return [...need('driver'), ...need('volumeHandle')];
    default:
      return [];
  }
}

function validate(pv: ApiObject): FieldError[] {
  const s = record(pv.spec);
  const errs: FieldError[] = [];
  if (list(s.accessModes).length === 0) errs.push({ type: 'Required', field: 'spec.accessModes' });
  const capacity = record(s.capacity);
  for (const [r, q] of Object.entries(capacity)) {
    if (quantityValue(q) < 0) errs.push({ type: 'Invalid', field: `spec.capacity[${r}]`, value: str(q), detail: 'must be a valid resource quantity' });
  }
  errs.push(...validateAccessModes(s.accessModes, 'spec.accessModes'));
  const keys = Object.keys(capacity);
  if (keys.length === 0) errs.push({ type: 'Required', field: 'spec.capacity' });
  if (!('storage' in capacity) || keys.length > 1) errs.push({ type: 'NotSupported', field: 'spec.capacity', value: capacity, supported: ['storage'] });
  for (const [r, q] of Object.entries(capacity)) errs.push(...validatePositiveQuantity(q, `spec.capacity[${r}]`));
  const reclaim = str(s.persistentVolumeReclaimPolicy);
  if (reclaim && !RECLAIM_POLICIES.includes(reclaim)) {
    errs.push({ type: 'NotSupported', field: 'spec.persistentVolumeReclaimPolicy', value: reclaim, supported: RECLAIM_POLICIES });
  }
  let count = 0;
  for (const [name, errorPath] of SOURCES) {
    if (s[name] === undefined) continue;
    if (count > 0 && name !== 'flexVolume') {
      errs.push({ type: 'Forbidden', field: `spec.${errorPath}`, detail: 'may not specify more than 1 volume type' });
      continue;
    }
    count++;
    errs.push(...sourceRules(name, record(s[name])));
  }
  if (count === 0) errs.push({ type: 'Required', field: 'spec', detail: 'must specify a volume type' });
  const className = str(s.storageClassName);
  if (className) errs.push(...invalidEach('spec.storageClassName', className, nameIsDNSSubdomain(className, false)));
  errs.push(...validateVolumeMode(s.volumeMode, 'spec.volumeMode'));
  return errs;
}

function source(pv: ApiObject): Obj {
  const s = record(pv.spec);
  return Object.fromEntries(SOURCES.filter(([k]) => s[k] !== undefined).map(([k]) => [k, s[k]]));
}

function validateUpdate(pv: ApiObject, old: ApiObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!jsonEqual(source(pv), source(old))) {
    errs.push({ type: 'Forbidden', field: 'spec.persistentvolumesource', detail: 'spec.persistentvolumesource is immutable after creation' });
  }
  const [mode, oldMode] = [record(pv.spec).volumeMode, record(old.spec).volumeMode];
  if (mode !== oldMode) errs.push({ type: 'Invalid', field: 'volumeMode', value: str(mode), detail: 'field is immutable' });
  return errs;
}

export const persistentVolumeValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  core: true,
  defaults(pv) {
    const spec = (pv.spec ??= {}) as Obj;
    spec.persistentVolumeReclaimPolicy ??= 'Retain';
    spec.volumeMode ??= 'Filesystem';
  },
  validate,
  validateUpdate,
};
