// Service (core validation ValidateService / ValidateServiceUpdate, SetDefaults_Service): a
// DNS-1035 name, ports (range, protocol, names when several, targetPort), the rules of each
// type, and a cluster IP that never changes once set.
import { isIP } from 'node:net';
import type { ApiObject } from '../../../api/meta.js';
import type { FieldError } from '../../errors.js';
import { validateProtocol } from '../containers.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortName, isValidPortNum } from '../k8s-strings.js';
import { goStringSlice, invalidEach, list, record, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNS1035Label } from '../names.js';
import { validateLabels } from '../object-meta.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const AFFINITIES = ['ClientIP', 'None'];
const KUBELET_PORT = 10250;
const VALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

type Obj = Record<string, unknown>;

function spec(svc: ApiObject): Obj {
  return record(svc.spec);
}

function defaults(svc: ApiObject): void {
  const s = (svc.spec ??= {}) as Obj;
  s.sessionAffinity ??= 'None';
  if (s.sessionAffinity === 'None') delete s.sessionAffinityConfig;
  s.type ??= 'ClusterIP';
  for (const p of list(s.ports)) {
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if ((s.type === 'NodePort' || s.type === 'LoadBalancer') && !s.externalTrafficPolicy) s.externalTrafficPolicy = 'Cluster';
  if (s.internalTrafficPolicy === undefined && s.type !== 'ExternalName') s.internalTrafficPolicy = 'Cluster';
  if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
}

function validateTargetPort(v: unknown, field: string): FieldError[] {
  if (typeof v === 'number') return invalidEach(field, v, isValidPortNum(v));
  return invalidEach(field, str(v), isValidPortName(str(v)));
}

function validatePort(p: Obj, requireName: boolean, names: Set<string>, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(p.name);
  if (requireName && !name) errs.push({ type: 'Required', field: `${field}.name` });
  else if (name) {
    errs.push(...invalidEach(`${field}.name`, name, isDNS1123Label(name)));
    if (names.has(name)) errs.push({ type: 'Duplicate', field: `${field}.name`, value: name });
    else names.add(name);
  }
  const port = typeof p.port === 'number' ? p.port : 0;
  errs.push(...invalidEach(`${field}.port`, port, isValidPortNum(port)));
  errs.push(...validateProtocol(p.protocol, `${field}.protocol`));
  errs.push(...validateTargetPort(p.targetPort, `${field}.targetPort`));
  if (p.appProtocol !== undefined) errs.push(...invalidEach(`${field}.appProtocol`, str(p.appProtocol), isQualifiedName(str(p.appProtocol))));
  return errs;
}

/**
 * The stand-alone checks of ipFamilies and ipFamilyPolicy (ValidateServiceClusterIPsRelatedFields);
 * the allocator defaults both afterwards (rest/service-ip-families.ts).
 */
export function ipFamilyFieldErrors(s: Obj): FieldError[] {
  if (str(s.type) === 'ExternalName') {
    const errs: FieldError[] = [];
    if (list(s.ipFamilies).length > 0) errs.push({ type: 'Forbidden', field: 'spec.ipFamilies', detail: 'may not be set for ExternalName services' });
    if (s.ipFamilyPolicy !== undefined && s.ipFamilyPolicy !== null)
      errs.push({ type: 'Forbidden', field: 'spec.ipFamilyPolicy', detail: 'may not be set for ExternalName services' });
    return errs;
  }
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list<unknown>(s.ipFamilies).forEach((family, i) => {
    const value = str(family);
    if (!IP_FAMILIES.includes(value)) errs.push({ type: 'NotSupported', field: `spec.ipFamilies[${i}]`, value, supported: IP_FAMILIES });
    if (seen.has(value)) errs.push({ type: 'Duplicate', field: `spec.ipFamilies[${i}]`, value });
    seen.add(value);
  });
  if (s.ipFamilyPolicy !== undefined && s.ipFamilyPolicy !== null && !IP_FAMILY_POLICIES.includes(str(s.ipFamilyPolicy))) {
    errs.push({ type: 'NotSupported', field: 'spec.ipFamilyPolicy', value: str(s.ipFamilyPolicy), supported: IP_FAMILY_POLICIES });
  }
  return errs;
}

function validate(svc: ApiObject): FieldError[] {
  const s = spec(svc);
  const errs: FieldError[] = [];
  const type = str(s.type);
  const clusterIP = str(s.clusterIP);
  const headless = clusterIP === 'None';
  const ports = list(s.ports);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push({ type: 'Required', field: 'spec.ports' });
  if (type === 'LoadBalancer') {
    ports.forEach((p, i) => {
      if (p.port === KUBELET_PORT)
        errs.push({
          type: 'Invalid',
          field: `spec.ports[${i}]`,
          value: p.port,
          detail: `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`,
        });
    });
    if (headless) errs.push({ type: 'Invalid', field: 'spec.clusterIP', value: clusterIP, detail: "may not be set to 'None' for LoadBalancer services" });
  } else if (type === 'NodePort') {
    if (headless) errs.push({ type: 'Invalid', field: 'spec.clusterIP', value: clusterIP, detail: "may not be set to 'None' for NodePort services" });
  } else if (type === 'ExternalName') {
    if (clusterIP) errs.push({ type: 'Forbidden', field: 'spec.clusterIP', detail: 'may not be set for ExternalName services' });
    const cname = str(s.externalName).replace(/\.$/, '');
    if (cname) errs.push(...invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname)));
    else errs.push({ type: 'Required', field: 'spec.externalName' });
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validatePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (s.selector !== undefined) errs.push(...validateLabels(record(s.selector) as Record<string, string>, 'spec.selector'));
  const affinity = str(s.sessionAffinity);
  if (!affinity) errs.push({ type: 'Required', field: 'spec.sessionAffinity' });
  else if (!AFFINITIES.includes(affinity)) errs.push({ type: 'NotSupported', field: 'spec.sessionAffinity', value: affinity, supported: AFFINITIES });
  if (clusterIP && !headless && isIP(clusterIP) === 0) errs.push({ type: 'Invalid', field: 'spec.clusterIPs[0]', value: clusterIP, detail: VALID_IP });
  list<string>(s.externalIPs).forEach((ip, i) => {
    if (isIP(str(ip)) === 0) errs.push({ type: 'Invalid', field: `spec.externalIPs[${i}]`, value: str(ip), detail: VALID_IP });
  });
  errs.push(...ipFamilyFieldErrors(s));
  if (!type) errs.push({ type: 'Required', field: 'spec.type' });
  else if (!TYPES.includes(type)) errs.push({ type: 'NotSupported', field: 'spec.type', value: type, supported: TYPES });
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (typeof p.nodePort === 'number' && p.nodePort !== 0)
        errs.push({ type: 'Forbidden', field: `spec.ports[${i}].nodePort`, detail: "may not be used when `type` is 'ClusterIP'" });
    });
  }
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${str(p.protocol)}/${String(p.port)}`;
    if (seen.has(key)) errs.push({ type: 'Duplicate', field: `spec.ports[${i}]`, value: { protocol: str(p.protocol), port: p.port } });
    seen.add(key);
  });
  return errs;
}

function validateUpdate(svc: ApiObject, old: ApiObject): FieldError[] {
  const s = spec(svc);
  const o = spec(old);
  if (s.type === 'ExternalName' || o.type === 'ExternalName') return [];
  if (str(o.clusterIP) === 'None' && str(s.clusterIP) === 'None') return [];
  const before = list<string>(o.clusterIPs).length > 0 ? list<string>(o.clusterIPs) : str(o.clusterIP) ? [str(o.clusterIP)] : [];
  // An old client changes only clusterIP; the plural follows it.
  let after = list<string>(s.clusterIPs);
  if (str(s.clusterIP) !== str(o.clusterIP) && JSON.stringify(after) === JSON.stringify(before)) after = str(s.clusterIP) ? [str(s.clusterIP)] : [];
  if (before.length === 0) return [];
  if (after.length === 0)
    return [{ type: 'Invalid', field: 'spec.clusterIPs[0]', value: after, valueText: goStringSlice(after), detail: 'primary clusterIP can not be unset' }];
  return before.flatMap((ip, i) =>
    after[i] !== undefined && after[i] !== ip
      ? [{ type: 'Invalid' as const, field: `spec.clusterIPs[${i}]`, value: after, valueText: goStringSlice(after), detail: 'may not change once set' }]
      : [],
  );
}

export const serviceValidator: KindValidator = { name: nameIsDNS1035Label, core: true, updateRulesFirst: true, defaults, validate, validateUpdate };
