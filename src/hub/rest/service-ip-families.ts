// A Service's IP families on the embedded hub's service network, which is single-stack IPv4 (the
// loopback block): kube-apiserver's initIPFamilyFields (registry/core/service/storage/alloc.go)
// for a cluster with only an IPv4 allocator. It runs before cluster IPs are allocated, so that a
// request for IPv6 or dual-stack is refused instead of getting an IPv4 address silently.
import { isIP } from 'node:net';
import type { FieldError } from '../errors.js';
import { goStringSlice } from '../validation/kind-validator.js';
import { ipFamilyFieldErrors } from '../validation/kinds/service.js';

type Spec = Record<string, unknown>;

const CLUSTER_FAMILY = 'IPv4';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Defaults `ipFamilyPolicy` and `ipFamilies` and refuses what this cluster cannot serve. `oldSpec`
 * is the stored spec on an update. Returns the errors kube-apiserver answers with (422).
 */
export function initServiceIPFamilies(spec: Spec, oldSpec?: Spec): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  // Malformed values are validation's to report, as upstream validates before allocating.
  if (ipFamilyFieldErrors(spec).length > 0) return [];

  const clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  const headlessWithoutSelector = clusterIP === 'None' && Object.keys((spec.selector ?? {}) as object).length === 0;
  if (spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === null) {
    if (oldSpec?.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy;
    else spec.ipFamilyPolicy = headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack';
  }
  const policy = spec.ipFamilyPolicy;
  const families = strings(spec.ipFamilies);
  const clusterIPs = strings(spec.clusterIPs);
  const errs: FieldError[] = [];

  if (policy === 'SingleStack') {
    const detail = (what: string): string => `must be 'RequireDualStack' or 'PreferDualStack' when multiple ${what} are specified`;
    if (clusterIPs.length === 2) errs.push({ type: 'Invalid', field: 'spec.ipFamilyPolicy', value: policy, detail: detail('cluster IPs') });
    if (families.length === 2) errs.push({ type: 'Invalid', field: 'spec.ipFamilyPolicy', value: policy, detail: detail('IP families') });
  }
  // Families follow the cluster IPs the client chose.
  for (let i = 0; i < clusterIPs.length && clusterIPs[i] !== 'None'; i++) {
    const version = isIP(clusterIPs[i]);
    if (version === 0 || i < families.length) continue;
    if (version === 6) {
      errs.push({
        type: 'Invalid',
        field: `spec.clusterIPs[${i}]`,
        value: clusterIPs,
        valueText: goStringSlice(clusterIPs),
        detail: 'IPv6 is not configured on this cluster',
      });
    } else families.push('IPv4');
  }
  if (errs.length > 0) return errs;

  if (headlessWithoutSelector) {
    if (families.length === 0) families.push(CLUSTER_FAMILY);
    // Headless Services may name both families even on a single-stack cluster.
    if (families.length < 2 && policy !== 'SingleStack') families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
    spec.ipFamilies = families;
    return [];
  }
  if (policy === 'RequireDualStack') {
    errs.push({ type: 'Invalid', field: 'spec.ipFamilyPolicy', value: policy, detail: 'this cluster is not configured for dual-stack services' });
  }
  families.forEach((family, i) => {
    if (family !== CLUSTER_FAMILY) errs.push({ type: 'Invalid', field: `spec.ipFamilies[${i}]`, value: family, detail: 'not configured on this cluster' });
  });
  if (errs.length > 0) return errs;
  spec.ipFamilies = families.length > 0 ? families : [CLUSTER_FAMILY];
  return [];
}
