// Resource names and quantities (core validation: validateResourceName,
// validateContainerResourceName, ValidateResourceQuantityValue, ValidateContainerResourceRequirements).
// Quantities are echoed as the client wrote them; upstream prints their canonical form.
import type { FieldError } from '../errors.js';
import { parseQuantity } from '../decode/quantity.js';
import { isQualifiedName } from './k8s-strings.js';
import { invalidEach, record, str } from './kind-validator.js';

/** Counted in whole units. */
const INTEGER_RESOURCES = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
const STANDARD_RESOURCES = new Set([
  ...INTEGER_RESOURCES,
  'cpu',
  'memory',
  'ephemeral-storage',
  'storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);
const CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** IsStandardQuotaResourceName: what quota tracks (the standard names but `storage`, and huge pages). */
export function isStandardQuotaResourceName(name: string): boolean {
  return (STANDARD_RESOURCES.has(name) && name !== 'storage') || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

const isHugePages = (name: string): boolean => /^(requests\.|limits\.)?hugepages-/.test(name);
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
/** Extended resources (vendor-domain/name) are counted in whole units. */
const isInteger = (name: string): boolean => INTEGER_RESOURCES.has(name) || !isNative(name);
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

export function validateResourceName(name: string, field: string): FieldError[] {
  const errs = invalidEach(field, name, isQualifiedName(name));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
    return [{ type: 'Invalid', field, value: name, detail: 'must be a standard resource type or fully qualified' }];
  }
  return [];
}

function validateContainerResourceName(name: string, field: string): FieldError[] {
  const errs = validateResourceName(name, field);
  if (!name.includes('/')) {
    if (!CONTAINER_RESOURCES.has(name) && !/^hugepages-/.test(name)) {
      errs.push({ type: 'Invalid', field, value: name, detail: 'must be a standard resource for containers' });
    }
  } else if (!isNative(name) && !/^[^/]+\/[^/]+$/.test(name)) {
    errs.push({ type: 'Invalid', field, value: name, detail: "doesn't follow extended resource name standard" });
  }
  return errs;
}

/** The quantity's value (decoding already refused unparsable ones); 0 when absent. */
export function quantityValue(v: unknown): number {
  const q = parseQuantity(str(v).trim());
  return q.ok ? q.value : 0;
}

export function validateNonnegativeQuantity(v: unknown, field: string): FieldError[] {
  return quantityValue(v) < 0 ? [{ type: 'Invalid', field, value: str(v), detail: 'must be greater than or equal to 0' }] : [];
}

export function validatePositiveQuantity(v: unknown, field: string): FieldError[] {
  return quantityValue(v) <= 0 ? [{ type: 'Invalid', field, value: str(v), detail: 'must be greater than zero' }] : [];
}

export function validateResourceQuantityValue(resource: string, v: unknown, field: string): FieldError[] {
  const errs = validateNonnegativeQuantity(v, field);
  if (isInteger(resource) && Math.round(quantityValue(v) * 1000) % 1000 !== 0) {
    errs.push({ type: 'Invalid', field, value: str(v), detail: 'must be an integer' });
  }
  return errs;
}

/** A container's (or the pod overhead's) limits and requests. */
export function validateResourceRequirements(requirements: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = record(record(requirements).limits);
  const requests = record(record(requirements).requests);
  for (const [name, q] of Object.entries(limits)) {
    const at = `${field}.limits[${name}]`;
    errs.push(...validateContainerResourceName(name, at), ...validateResourceQuantityValue(name, q, at));
  }
  for (const [name, q] of Object.entries(requests)) {
    const at = `${field}.requests[${name}]`;
    errs.push(...validateContainerResourceName(name, at), ...validateResourceQuantityValue(name, q, at));
    if (name in limits) {
      const [req, lim] = [quantityValue(q), quantityValue(limits[name])];
      if (req !== lim && !overcommitAllowed(name)) {
        errs.push({ type: 'Invalid', field: `${field}.requests`, value: str(q), detail: `must be equal to ${name} limit of ${str(limits[name])}` });
      } else if (req > lim) {
        errs.push({
          type: 'Invalid',
          field: `${field}.requests`,
          value: str(q),
          detail: `must be less than or equal to ${name} limit of ${str(limits[name])}`,
        });
      }
    } else if (!overcommitAllowed(name)) {
      errs.push({ type: 'Required', field: `${field}.limits`, detail: 'Limit must be set for non overcommitable resources' });
    }
  }
  return errs;
}
