// A ResourceQuota's scopes and scope selector (core validation validateResourceQuotaScopes and
// validateScopedResourceSelectorRequirement): known scopes, only resources a scope can count,
// no conflicting pairs, and the operators each scope allows. Values are printed as Go's %#v of the
// internal types prints them, as kube-apiserver's messages do.
import type { FieldError } from '../errors.js';
import { goStringSlice, list, record, str } from './kind-validator.js';
import { isStandardQuotaResourceName } from './resources.js';

const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];
const POD_COUNT = ['pods'];
const POD_COMPUTE = ['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory'];
const CONFLICTING = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];
const EXISTS_ONLY = ['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'];
const EXISTS_ONLY_MSG =
  "must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity";

/** IsResourceQuotaScopeValidForResource. */
function scopeCounts(scope: string, resource: string): boolean {
  if (scope === 'BestEffort') return POD_COUNT.includes(resource);
  if (['Terminating', 'NotTerminating', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'].includes(scope)) {
    return POD_COUNT.includes(resource) || POD_COMPUTE.includes(resource);
  }
  return true;
}

/** A quota's scopes as the value of an error: upstream prints the internal []core.ResourceQuotaScope. */
export function scopesValue(scopes: string[]): Pick<FieldError, 'value' | 'valueText'> {
  return { value: scopes, valueText: goStringSlice(scopes, '[]core.ResourceQuotaScope') };
}

function goScopeSelector(selector: Record<string, unknown>): string {
  const reqs = list(selector.matchExpressions).map(
    (r) =>
      `core.ScopedResourceSelectorRequirement{ScopeName:${JSON.stringify(str(r.scopeName))}, Operator:${JSON.stringify(str(r.operator))}, Values:${goStringSlice(list<string>(r.values))}}`,
  );
  const expressions = reqs.length === 0 ? '[]core.ScopedResourceSelectorRequirement(nil)' : `[]core.ScopedResourceSelectorRequirement{${reqs.join(', ')}}`;
  return `core.ScopeSelector{MatchExpressions:${expressions}}`;
}

function conflicts(scopes: Set<string>): boolean[] {
  return CONFLICTING.map((pair) => pair.every((s) => scopes.has(s)));
}

export function validateQuotaScopes(spec: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  const hard = Object.keys(record(spec.hard)).sort();
  const scopes = list<string>(spec.scopes).map(str);
  const invalidScopes = (detail: string): FieldError => ({ type: 'Invalid', field: 'spec.scopes', ...scopesValue(scopes), detail });
  if (scopes.length > 0) {
    for (const scope of scopes) {
      if (!SCOPES.includes(scope)) errs.push(invalidScopes('unsupported scope'));
      for (const resource of hard)
        if (isStandardQuotaResourceName(resource) && !scopeCounts(scope, resource)) errs.push(invalidScopes('unsupported scope applied to resource'));
    }
    for (const conflict of conflicts(new Set(scopes))) if (conflict) errs.push(invalidScopes('conflicting scopes'));
  }

  if (spec.scopeSelector === undefined || spec.scopeSelector === null) return errs;
  const selector = record(spec.scopeSelector);
  const at = 'spec.scopeSelector.matchExpressions';
  const seen = new Set<string>();
  for (const req of list(selector.matchExpressions)) {
    const scope = str(req.scopeName);
    const operator = str(req.operator);
    const values = list<string>(req.values).map(str);
    if (!SCOPES.includes(scope)) errs.push({ type: 'Invalid', field: `${at}.scopeName`, value: scope, detail: 'unsupported scope' });
    for (const resource of hard) {
      if (isStandardQuotaResourceName(resource) && !scopeCounts(scope, resource)) {
        errs.push({ type: 'Invalid', field: at, value: selector, valueText: goScopeSelector(selector), detail: 'unsupported scope applied to resource' });
      }
    }
    if (EXISTS_ONLY.includes(scope) && operator !== 'Exists') errs.push({ type: 'Invalid', field: `${at}.operator`, value: operator, detail: EXISTS_ONLY_MSG });
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0)
        errs.push({ type: 'Required', field: `${at}.values`, detail: "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector" });
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) {
        errs.push({
          type: 'Invalid',
          field: `${at}.values`,
          value: values,
          valueText: goStringSlice(values),
          detail: "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
        });
      }
    } else {
      errs.push({ type: 'Invalid', field: `${at}.operator`, value: operator, detail: 'not a valid selector operator' });
    }
    seen.add(scope);
  }
  // Upstream reports the selector's conflicting scopes with spec.scopes as the value.
  for (const conflict of conflicts(seen)) if (conflict) errs.push({ type: 'Invalid', field: at, ...scopesValue(scopes), detail: 'conflicting scopes' });
  return errs;
}
