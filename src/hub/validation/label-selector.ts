// metav1 validation.ValidateLabelSelector.
import type { FieldError } from '../errors.js';
import { isQualifiedName, isValidLabelValue } from './k8s-strings.js';
import { invalidEach, list, record, str } from './kind-validator.js';
import { validateLabels } from './object-meta.js';

export function validateLabelSelector(selector: unknown, field: string): FieldError[] {
  if (selector === undefined || selector === null) return [];
  const s = record(selector);
  const errs = validateLabels(record(s.matchLabels) as Record<string, string>, `${field}.matchLabels`);
  list(s.matchExpressions).forEach((expr, i) => {
    const at = `${field}.matchExpressions[${i}]`;
    const values = list<string>(expr.values);
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push({ type: 'Required', field: `${at}.values`, detail: "must be specified when `operator` is 'In' or 'NotIn'" });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          errs.push({ type: 'Forbidden', field: `${at}.values`, detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
        break;
      default:
        errs.push({ type: 'Invalid', field: `${at}.operator`, value: str(expr.operator), detail: 'not a valid selector operator' });
    }
    errs.push(...invalidEach(`${at}.key`, str(expr.key), isQualifiedName(str(expr.key))));
    values.forEach((v, j) => errs.push(...invalidEach(`${at}.values[${j}]`, v, isValidLabelValue(v))));
  });
  return errs;
}
