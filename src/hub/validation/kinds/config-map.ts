// ConfigMap (core validation ValidateConfigMap / ValidateConfigMapUpdate).
import type { ApiObject } from '../../../api/meta.js';
import type { FieldError } from '../../errors.js';
import { isConfigMapKey } from '../k8s-strings.js';
import { invalidEach, record, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNSSubdomain } from '../names.js';
import { immutableDataRules } from './immutable-data.js';

/** core.MaxSecretSize: the limit for a ConfigMap's and a Secret's data. */
export const MAX_DATA_SIZE = 1024 * 1024;

function validate(cm: ApiObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = record(cm.data);
  const binary = record(cm.binaryData);
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    errs.push(...invalidEach(`data[${key}]`, key, isConfigMapKey(key)));
    if (key in binary) errs.push({ type: 'Invalid', field: `data[${key}]`, value: key, detail: 'duplicate of key present in binaryData' });
    size += Buffer.byteLength(str(value));
  }
  for (const [key, value] of Object.entries(binary)) {
    errs.push(...invalidEach(`binaryData[${key}]`, key, isConfigMapKey(key)));
    size += Buffer.from(str(value), 'base64').length;
  }
  // Upstream reports the size against the whole object, with an empty field path.
  if (size > MAX_DATA_SIZE) errs.push({ type: 'TooLong', field: '', detail: `may not be more than ${MAX_DATA_SIZE} bytes` });
  return errs;
}

export const configMapValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  core: true,
  updateRulesFirst: true,
  validate,
  validateUpdate: (cm, old) => immutableDataRules(cm, old, ['data', 'binaryData']),
};
