// PersistentVolumeClaim (core validation ValidatePersistentVolumeClaim / ...Update): access
// modes, a positive storage request, and a spec that only a bound claim's request may change
// (and only grow).
import type { ApiObject } from '../../../api/meta.js';
import { jsonEqual } from '../../../util/json.js';
import type { FieldError } from '../../errors.js';
import { validateAccessModes, validateVolumeMode } from '../access-modes.js';
import { get, invalidEach, list, record, str, type KindValidator } from '../kind-validator.js';
import { validateLabelSelector } from '../label-selector.js';
import { nameIsDNSSubdomain } from '../names.js';
import { quantityValue, validatePositiveQuantity, validateResourceQuantityValue } from '../resources.js';

type Obj = Record<string, unknown>;

function validateClaimSpec(s: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (list(s.accessModes).length === 0) errs.push({ type: 'Required', field: 'spec.accessModes', detail: 'at least 1 access mode is required' });
  if (s.selector !== undefined) errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
  errs.push(...validateAccessModes(s.accessModes, 'spec.accessModes'));
  const requests = record(get(s, 'resources', 'requests'));
  // Upstream keys the storage request on `resources`, not `resources.requests`.
  const storageField = 'spec.resources[storage]';
  if (!('storage' in requests)) errs.push({ type: 'Required', field: storageField });
  else {
    const positive = validatePositiveQuantity(requests.storage, storageField);
    errs.push(...(positive.length > 0 ? positive : validateResourceQuantityValue('storage', requests.storage, storageField)));
  }
  const className = str(s.storageClassName);
  if (className) errs.push(...invalidEach('spec.storageClassName', className, nameIsDNSSubdomain(className, false)));
  errs.push(...validateVolumeMode(s.volumeMode, 'spec.volumeMode'));
  return errs;
}

function validateUpdate(pvc: ApiObject, old: ApiObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = JSON.parse(JSON.stringify(record(pvc.spec))) as Obj;
  const oldSpec = JSON.parse(JSON.stringify(record(old.spec))) as Obj;
  // The binder sets volumeName once.
  if (!str(oldSpec.volumeName)) oldSpec.volumeName = spec.volumeName;
  const bound = get(old, 'status', 'phase') === 'Bound';
  if (bound) {
    const requests = record(get(spec, 'resources', 'requests'));
    if ('storage' in requests) requests.storage = get(oldSpec, 'resources', 'requests', 'storage');
    if (spec.volumeAttributesClassName !== undefined) spec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  }
  if (!jsonEqual(spec, oldSpec)) {
    errs.push({
      type: 'Forbidden',
      field: 'spec',
      detail: 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    });
  }
  const newSize = quantityValue(get(pvc, 'spec', 'resources', 'requests', 'storage'));
  const oldSize = quantityValue(get(old, 'spec', 'resources', 'requests', 'storage'));
  if (newSize < oldSize) errs.push({ type: 'Forbidden', field: 'spec.resources.requests.storage', detail: 'field can not be less than previous value' });
  return errs;
}

export const persistentVolumeClaimValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  core: true,
  defaults(pvc) {
    const spec = (pvc.spec ??= {}) as Obj;
    spec.volumeMode ??= 'Filesystem';
  },
  validate: (pvc) => validateClaimSpec(record(pvc.spec)),
  validateUpdate,
};
