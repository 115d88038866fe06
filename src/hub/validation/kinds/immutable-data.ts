// `immutable: true` on a ConfigMap or Secret freezes its data (and the flag itself).
import type { ApiObject } from '../../../api/meta.js';
import { jsonEqual } from '../../../util/json.js';
import type { FieldError } from '../../errors.js';

const DETAIL = 'field is immutable when `immutable` is set';

export function immutableDataRules(obj: ApiObject, old: ApiObject, dataFields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push({ type: 'Forbidden', field: 'immutable', detail: DETAIL });
  for (const f of dataFields) {
    // A nil map and an empty one are equal to reflect.DeepEqual only when both are nil.
    if (!jsonEqual(obj[f] ?? null, old[f] ?? null)) errs.push({ type: 'Forbidden', field: f, detail: DETAIL });
  }
  return errs;
}
