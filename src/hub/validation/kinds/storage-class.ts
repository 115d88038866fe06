// StorageClass (storage validation ValidateStorageClass / ValidateStorageClassUpdate).
import type { ApiObject } from '../../../api/meta.js';
import { jsonEqual } from '../../../util/json.js';
import type { FieldError } from '../../errors.js';
import { isQualifiedName } from '../k8s-strings.js';
import { invalidEach, list, record, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNSSubdomain } from '../names.js';

const RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const MAX_PARAMETERS = 512;
const MAX_PARAMETER_BYTES = 256 * 1024;

function validateParameters(params: Record<string, unknown>): FieldError[] {
  const keys = Object.keys(params);
  if (keys.length > MAX_PARAMETERS) return [{ type: 'TooLong', field: 'parameters', detail: `may not be more than ${MAX_PARAMETERS} bytes` }];
  const errs: FieldError[] = [];
  let size = 0;
  for (const k of keys) {
    if (k.length < 1) errs.push({ type: 'Invalid', field: 'parameters', value: k, detail: 'field can not be empty.' });
    size += Buffer.byteLength(k) + Buffer.byteLength(str(params[k]));
  }
  if (size > MAX_PARAMETER_BYTES) errs.push({ type: 'TooLong', field: 'parameters', detail: `may not be more than ${MAX_PARAMETER_BYTES} bytes` });
  return errs;
}

function validate(sc: ApiObject): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = str(sc.provisioner);
  if (!provisioner) errs.push({ type: 'Required', field: 'provisioner' });
  else errs.push(...invalidEach('provisioner', provisioner.toLowerCase(), isQualifiedName(provisioner.toLowerCase())));
  errs.push(...validateParameters(record(sc.parameters)));
  const reclaim = str(sc.reclaimPolicy);
  if (reclaim && !RECLAIM_POLICIES.includes(reclaim)) errs.push({ type: 'NotSupported', field: 'reclaimPolicy', value: reclaim, supported: RECLAIM_POLICIES });
  if (sc.volumeBindingMode === undefined) errs.push({ type: 'Required', field: 'volumeBindingMode' });
  else if (!BINDING_MODES.includes(str(sc.volumeBindingMode))) {
    errs.push({ type: 'NotSupported', field: 'volumeBindingMode', value: str(sc.volumeBindingMode), supported: BINDING_MODES });
  }
  list(sc.allowedTopologies).forEach((term, i) => {
    if (list(term.matchLabelExpressions).length === 0) {
      errs.push({ type: 'Required', field: `allowedTopologies[${i}].matchLabelExpressions`, detail: 'must have at least one label selector requirement' });
    }
  });
  return errs;
}

function validateUpdate(sc: ApiObject, old: ApiObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!jsonEqual(sc.parameters ?? null, old.parameters ?? null))
    errs.push({ type: 'Forbidden', field: 'parameters', detail: 'updates to parameters are forbidden.' });
  if (sc.provisioner !== old.provisioner) errs.push({ type: 'Forbidden', field: 'provisioner', detail: 'updates to provisioner are forbidden.' });
  if (sc.reclaimPolicy !== old.reclaimPolicy) errs.push({ type: 'Forbidden', field: 'reclaimPolicy', detail: 'updates to reclaimPolicy are forbidden.' });
  if (sc.volumeBindingMode !== old.volumeBindingMode) {
    errs.push({ type: 'Invalid', field: 'volumeBindingMode', value: str(sc.volumeBindingMode), detail: 'field is immutable' });
  }
  return errs;
}

export const storageClassValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  core: true,
  defaults(sc) {
    sc.reclaimPolicy ??= 'Delete';
    sc.volumeBindingMode ??= 'Immediate';
  },
  validate,
  validateUpdate,
};
