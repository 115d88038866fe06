// A PodSpec and a PodTemplateSpec (core validation ValidatePodSpec / ValidatePodTemplateSpec),
// with the defaults SetDefaults_PodSpec and SetDefaults_Container give them first.
import type { FieldError } from '../errors.js';
import { isDNS1123Label } from './k8s-strings.js';
import { invalidEach, list, record, str } from './kind-validator.js';
import { validateContainers, validateInitContainers } from './containers.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateAnnotations, validateLabels } from './object-meta.js';
import { validateResourceRequirements } from './resources.js';
import { validateVolumes } from './volumes.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_INT32 = 2147483647;

type Obj = Record<string, unknown>;

/**
 * The pull policy upstream picks for an image: Always for `:latest` or no tag, else IfNotPresent
 * (also when the image cannot be parsed, as an empty one).
 */
function defaultPullPolicy(image: string): string {
  if (image === '') return 'IfNotPresent';
  const lastPart = image.split('/').pop() ?? '';
  if (lastPart.includes('@')) return 'IfNotPresent';
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.lastIndexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Obj): void {
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  if (c.imagePullPolicy === undefined) c.imagePullPolicy = defaultPullPolicy(str(c.image));
  for (const port of list(c.ports)) port.protocol ??= 'TCP';
  for (const ev of list(c.env)) {
    const fieldRef = (ev.valueFrom as Obj | undefined)?.fieldRef as Obj | undefined;
    if (fieldRef) fieldRef.apiVersion ??= 'v1';
  }
}

/** The defaults a PodSpec gets when it is decoded. */
export function defaultPodSpec(specValue: unknown): void {
  const spec = record(specValue);
  if (specValue === undefined) return;
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) defaultContainer(c);
  for (const v of list(spec.volumes)) {
    for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
      const s = v[source] as Obj | undefined;
      if (s) s.defaultMode ??= 420;
    }
  }
}

export function validatePodSpec(specValue: unknown, field: string): FieldError[] {
  const spec = record(specValue);
  const { names, errors } = validateVolumes(spec.volumes, `${field}.volumes`);
  const errs = [...errors];
  errs.push(...validateContainers(spec.containers, names, `${field}.containers`));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, names, `${field}.initContainers`));
  const restart = str(spec.restartPolicy);
  if (!restart) errs.push({ type: 'Required', field: `${field}.restartPolicy` });
  else if (!RESTART_POLICIES.includes(restart))
    errs.push({ type: 'NotSupported', field: `${field}.restartPolicy`, value: restart, supported: RESTART_POLICIES });
  const dns = str(spec.dnsPolicy);
  if (!dns) errs.push({ type: 'Required', field: `${field}.dnsPolicy` });
  else if (!DNS_POLICIES.includes(dns)) errs.push({ type: 'NotSupported', field: `${field}.dnsPolicy`, value: dns, supported: DNS_POLICIES });
  errs.push(...validateLabels(record(spec.nodeSelector) as Record<string, string>, `${field}.nodeSelector`));
  list(spec.imagePullSecrets).forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== 'name'))
      errs.push({ type: 'Invalid', field: `${field}.imagePullSecrets[${i}]`, value: s, detail: 'only name may be set' });
  });
  const sa = str(spec.serviceAccountName);
  if (sa) errs.push(...invalidEach(`${field}.serviceAccountName`, sa, nameIsDNSSubdomain(sa, false)));
  const node = str(spec.nodeName);
  if (node) errs.push(...invalidEach(`${field}.nodeName`, node, nameIsDNSSubdomain(node, false)));
  if (typeof spec.activeDeadlineSeconds === 'number' && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > MAX_INT32)) {
    errs.push({
      type: 'Invalid',
      field: `${field}.activeDeadlineSeconds`,
      value: spec.activeDeadlineSeconds,
      detail: `must be between 1 and ${MAX_INT32}, inclusive`,
    });
  }
  for (const k of ['hostname', 'subdomain']) if (str(spec[k])) errs.push(...invalidEach(`${field}.${k}`, str(spec[k]), isDNS1123Label(str(spec[k]))));
  if (spec.overhead !== undefined) errs.push(...validateResourceRequirements({ limits: spec.overhead }, `${field}.overhead`));
  return errs;
}

/** A pod template: its labels and annotations, its spec; no ephemeral containers. */
export function validatePodTemplateSpec(templateValue: unknown, field: string): FieldError[] {
  const template = record(templateValue);
  const meta = record(template.metadata);
  const spec = record(template.spec);
  const errs = [
    ...validateLabels(meta.labels as Record<string, string> | undefined, `${field}.labels`),
    ...validateAnnotations(meta.annotations as Record<string, string> | undefined, `${field}.annotations`),
    ...validatePodSpec(spec, `${field}.spec`),
  ];
  if (list(spec.ephemeralContainers).length > 0) {
    errs.push({ type: 'Forbidden', field: `${field}.spec.ephemeralContainers`, detail: 'ephemeral containers not allowed in pod template' });
  }
  return errs;
}
