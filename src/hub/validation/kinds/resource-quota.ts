// ResourceQuota and LimitRange (core validation): resource names and non-negative quantities; a
// quota's scopes (quota-scopes.ts), which never change.
import type { FieldError } from '../../errors.js';
import { get, list, record, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNSSubdomain } from '../names.js';
import { scopesValue, validateQuotaScopes } from '../quota-scopes.js';
import { quantityValue, validateResourceName, validateResourceQuantityValue } from '../resources.js';

function validateResourceList(resources: unknown, field: string): FieldError[] {
  return Object.entries(record(resources)).flatMap(([name, q]) => [
    ...validateResourceName(name, `${field}[${name}]`),
    ...validateResourceQuantityValue(name, q, `${field}[${name}]`),
  ]);
}

export const resourceQuotaValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  core: true,
  validate: (rq) => [
    ...validateResourceList(get(rq, 'spec', 'hard'), 'spec.hard'),
    ...validateQuotaScopes(record(rq.spec)),
    ...validateResourceList(get(rq, 'status', 'hard'), 'status.hard'),
    ...validateResourceList(get(rq, 'status', 'used'), 'status.used'),
  ],
  validateUpdate(rq, old) {
    // Scopes never change (a set comparison, as upstream's).
    const scopes = (o: typeof rq): Set<string> => new Set(list<string>(get(o, 'spec', 'scopes')).map(str));
    const [now, before] = [scopes(rq), scopes(old)];
    if (now.size === before.size && [...now].every((s) => before.has(s))) return [];
    return [{ type: 'Invalid', field: 'spec.scopes', ...scopesValue(list<string>(get(rq, 'spec', 'scopes')).map(str)), detail: 'field is immutable' }];
  },
};

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

export const limitRangeValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  core: true,
  validate(lr) {
    const errs: FieldError[] = [];
    const seen = new Set<string>();
    list(get(lr, 'spec', 'limits')).forEach((limit, i) => {
      const at = `spec.limits[${i}]`;
      const type = str(limit.type);
      if (seen.has(type)) errs.push({ type: 'Duplicate', field: `${at}.type`, value: type });
      seen.add(type);
      if (type && !LIMIT_TYPES.includes(type) && !type.includes('/'))
        errs.push({ type: 'NotSupported', field: `${at}.type`, value: type, supported: LIMIT_TYPES });
      for (const k of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) errs.push(...validateResourceList(limit[k], `${at}.${k}`));
      const [min, max] = [record(limit.min), record(limit.max)];
      for (const [name, q] of Object.entries(min)) {
        if (name in max && quantityValue(q) > quantityValue(max[name])) {
          errs.push({ type: 'Invalid', field: `${at}.min[${name}]`, value: str(q), detail: `min value ${str(q)} is greater than max value ${str(max[name])}` });
        }
      }
    });
    return errs;
  },
};
