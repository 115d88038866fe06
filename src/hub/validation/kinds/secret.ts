// Secret (core validation ValidateSecret / ValidateSecretUpdate): key syntax, total size, the
// keys each well-known type needs, and immutability.
import type { ApiObject } from '../../../api/meta.js';
import type { FieldError } from '../../errors.js';
import { isConfigMapKey } from '../k8s-strings.js';
import { invalidEach, record, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNSSubdomain } from '../names.js';
import { MAX_DATA_SIZE } from './config-map.js';
import { immutableDataRules } from './immutable-data.js';
import { goJsonObjectError } from './go-json-syntax.js';

const REDACTED = '<secret contents redacted>';

function typeRules(secret: ApiObject, data: Record<string, unknown>): FieldError[] {
  const has = (k: string): boolean => k in data;
  const bytes = (k: string): Buffer => Buffer.from(str(data[k]), 'base64');
  switch (str(secret.type)) {
    case 'kubernetes.io/service-account-token':
      // A controller fills in the uid and the token later; only the account's name is required.
      return secret.metadata.annotations?.['kubernetes.io/service-account.name']
        ? []
        : [{ type: 'Required', field: 'metadata.annotations[kubernetes.io/service-account.name]' }];
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) return [{ type: 'Required', field: `data[${key}]` }];
      const err = goJsonObjectError(bytes(key));
      return err ? [{ type: 'Invalid', field: `data[${key}]`, value: REDACTED, detail: err }] : [];
    }
    case 'kubernetes.io/basic-auth':
      // Upstream builds these paths from the literal "data[%s]".
      if (!has('username') && !has('password')) {
        return [
          { type: 'Required', field: 'data[%s][username]' },
          { type: 'Required', field: 'data[%s][password]' },
        ];
      }
      return [];
    case 'kubernetes.io/ssh-auth':
      return bytes('ssh-privatekey').length === 0 ? [{ type: 'Required', field: 'data[%s][ssh-privatekey]' }] : [];
    case 'kubernetes.io/tls':
      return [
        ...(has('tls.crt') ? [] : [{ type: 'Required' as const, field: 'data[tls.crt]' }]),
        ...(has('tls.key') ? [] : [{ type: 'Required' as const, field: 'data[tls.key]' }]),
      ];
    default:
      return [];
  }
}

function validate(secret: ApiObject): FieldError[] {
  const errs: FieldError[] = [];
  const data = record(secret.data);
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    errs.push(...invalidEach(`data[${key}]`, key, isConfigMapKey(key)));
    size += Buffer.from(str(value), 'base64').length;
  }
  if (size > MAX_DATA_SIZE) errs.push({ type: 'TooLong', field: 'data', detail: `may not be more than ${MAX_DATA_SIZE} bytes` });
  return [...errs, ...typeRules(secret, data)];
}

function validateUpdate(secret: ApiObject, old: ApiObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!secret.type) secret.type = old.type;
  if (secret.type !== old.type) errs.push({ type: 'Invalid', field: 'type', value: str(secret.type), detail: 'field is immutable' });
  return [...errs, ...immutableDataRules(secret, old, ['data'])];
}

export const secretValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  core: true,
  updateRulesFirst: true,
  defaults(secret) {
    if (!secret.type) secret.type = 'Opaque';
  },
  validate,
  validateUpdate,
};
