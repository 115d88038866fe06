// Containers of a pod spec (core validation validateContainers / validateContainerCommon and
// what they call): names, image, ports, environment, mounts, pull policy, resources, probes.
import type { FieldError } from '../errors.js';
import { byteLength } from '../../kube/selectors/label-validation.js';
import { isConfigMapKey, isDNS1123Label, isValidPortName, isValidPortNum } from './k8s-strings.js';
import { invalidEach, list, record, str } from './kind-validator.js';
import { validateResourceRequirements } from './resources.js';
import { validateLocalDescendingPath } from './volumes.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

type Obj = Record<string, unknown>;

export function validateContainerPorts(ports: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list(ports).forEach((port, i) => {
    const at = `${field}[${i}]`;
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) errs.push(...invalidEach(`${at}.name`, name, msgs));
      else if (names.has(name)) errs.push({ type: 'Duplicate', field: `${at}.name`, value: name });
      else names.add(name);
    }
    const containerPort = typeof port.containerPort === 'number' ? port.containerPort : 0;
    if (containerPort === 0) errs.push({ type: 'Required', field: `${at}.containerPort` });
    else errs.push(...invalidEach(`${at}.containerPort`, containerPort, isValidPortNum(containerPort)));
    if (typeof port.hostPort === 'number' && port.hostPort !== 0) errs.push(...invalidEach(`${at}.hostPort`, port.hostPort, isValidPortNum(port.hostPort)));
    errs.push(...validateProtocol(port.protocol, `${at}.protocol`));
  });
  return errs;
}

export function validateProtocol(v: unknown, field: string): FieldError[] {
  const protocol = str(v);
  if (!protocol) return [{ type: 'Required', field }];
  return PROTOCOLS.includes(protocol) ? [] : [{ type: 'NotSupported', field, value: protocol, supported: PROTOCOLS }];
}

/** IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation is on by default in 1.32). */
function envVarNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length === 0) errs.push('environment variable name must be non-empty');
  if ([...name].some((c) => c < ' ' || c > '~' || c === '=')) {
    errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
  }
  return errs;
}

function keySelector(ref: Obj, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(ref.name)) errs.push({ type: 'Required', field: `${field}.name` });
  const key = str(ref.key);
  if (!key) errs.push({ type: 'Required', field: `${field}.key` });
  else errs.push(...invalidEach(`${field}.key`, key, isConfigMapKey(key)));
  return errs;
}

function validateValueFrom(ev: Obj, field: string): FieldError[] {
  if (ev.valueFrom === undefined) return [];
  const from = record(ev.valueFrom);
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef !== undefined) {
    sources++;
    const ref = record(from.fieldRef);
    if (!str(ref.apiVersion)) errs.push({ type: 'Required', field: `${field}.fieldRef.apiVersion` });
    if (!str(ref.fieldPath)) errs.push({ type: 'Required', field: `${field}.fieldRef.fieldPath` });
  }
  if (from.resourceFieldRef !== undefined) {
    sources++;
    if (!str(record(from.resourceFieldRef).resource)) errs.push({ type: 'Required', field: `${field}.resourceFieldRef.resource` });
  }
  if (from.configMapKeyRef !== undefined) {
    sources++;
    errs.push(...keySelector(record(from.configMapKeyRef), `${field}.configMapKeyRef`));
  }
  if (from.secretKeyRef !== undefined) {
    sources++;
    errs.push(...keySelector(record(from.secretKeyRef), `${field}.secretKeyRef`));
  }
  if (sources === 0) {
    errs.push({ type: 'Invalid', field, value: '', detail: 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`' });
  } else if (str(ev.value) !== '') {
    errs.push({ type: 'Invalid', field, value: '', detail: 'may not be specified when `value` is not empty' });
  } else if (sources > 1) {
    errs.push({ type: 'Invalid', field, value: '', detail: 'may not have more than one field specified at a time' });
  }
  return errs;
}

export function validateEnv(env: unknown, field: string): FieldError[] {
  return list(env).flatMap((ev, i) => {
    const at = `${field}[${i}]`;
    const name = str(ev.name);
    return [
      ...(name ? [] : [{ type: 'Required' as const, field: `${at}.name` }]),
      ...invalidEach(`${at}.name`, name, envVarNameErrors(name)),
      ...validateValueFrom(ev, `${at}.valueFrom`),
    ];
  });
}

function validateEnvFrom(envFrom: unknown, field: string): FieldError[] {
  return list(envFrom).flatMap((ev, i) => {
    const at = `${field}[${i}]`;
    const errs: FieldError[] = [];
    if (str(ev.prefix)) errs.push(...invalidEach(`${at}.prefix`, str(ev.prefix), envVarNameErrors(str(ev.prefix))));
    const sources = ['configMapRef', 'secretRef'].filter((k) => ev[k] !== undefined);
    for (const k of sources) if (!str(record(ev[k]).name)) errs.push({ type: 'Required', field: `${at}.${k}.name` });
    if (sources.length === 0) errs.push({ type: 'Invalid', field, value: '', detail: 'must specify one of: `configMapRef` or `secretRef`' });
    else if (sources.length > 1) errs.push({ type: 'Invalid', field, value: '', detail: 'may not have more than one field specified at a time' });
    return errs;
  });
}

function validateVolumeMounts(mounts: unknown, volumes: Map<string, Obj>, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  list(mounts).forEach((m, i) => {
    const at = `${field}[${i}]`;
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push({ type: 'Required', field: `${at}.name` });
    if (!volumes.has(name)) errs.push({ type: 'NotFound', field: `${at}.name`, value: name });
    if (!mountPath) errs.push({ type: 'Required', field: `${at}.mountPath` });
    if (paths.has(mountPath)) errs.push({ type: 'Invalid', field: `${at}.mountPath`, value: mountPath, detail: 'must be unique' });
    paths.add(mountPath);
    // Upstream reports subPath against the list, not the entry.
    if (str(m.subPath)) errs.push(...validateLocalDescendingPath(str(m.subPath), `${field}.subPath`));
  });
  return errs;
}

function validateProbe(probe: unknown, field: string, liveness: boolean): FieldError[] {
  if (probe === undefined) return [];
  const p = record(probe);
  const errs: FieldError[] = [];
  const handlers = PROBE_HANDLERS.filter((h) => p[h] !== undefined);
  if (handlers.length === 0) errs.push({ type: 'Required', field, detail: 'must specify a handler type' });
  for (const h of handlers.slice(1)) errs.push({ type: 'Forbidden', field: `${field}.${h}`, detail: 'may not specify more than 1 handler type' });
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    if (typeof p[k] === 'number' && (p[k] as number) < 0)
      errs.push({ type: 'Invalid', field: `${field}.${k}`, value: p[k], detail: 'must be greater than or equal to 0' });
  }
  if (liveness && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
    errs.push({ type: 'Invalid', field: `${field}.successThreshold`, value: p.successThreshold, detail: 'must be 1' });
  }
  return errs;
}

function validateContainerCommon(c: Obj, volumes: Map<string, Obj>, at: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push({ type: 'Required', field: `${at}.name` });
  else errs.push(...invalidEach(`${at}.name`, name, isDNS1123Label(name)));
  if (!str(c.image)) errs.push({ type: 'Required', field: `${at}.image` });
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push({ type: 'Required', field: `${at}.terminationMessagePolicy` });
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    errs.push({ type: 'NotSupported', field: `${at}.terminationMessagePolicy`, value: tmp, supported: TERMINATION_MESSAGE_POLICIES });
  }
  if (byteLength(str(c.terminationMessagePath)) > 4096) {
    errs.push({ type: 'Invalid', field: `${at}.terminationMessagePath`, value: str(c.terminationMessagePath), detail: 'must not be more than 4096 bytes' });
  }
  errs.push(
    ...validateContainerPorts(c.ports, `${at}.ports`),
    ...validateEnv(c.env, `${at}.env`),
    ...validateEnvFrom(c.envFrom, `${at}.envFrom`),
    ...validateVolumeMounts(c.volumeMounts, volumes, `${at}.volumeMounts`),
  );
  const pull = str(c.imagePullPolicy);
  if (!pull) errs.push({ type: 'Required', field: `${at}.imagePullPolicy` });
  else if (!PULL_POLICIES.includes(pull)) errs.push({ type: 'NotSupported', field: `${at}.imagePullPolicy`, value: pull, supported: PULL_POLICIES });
  errs.push(...validateResourceRequirements(c.resources, `${at}.resources`));
  return errs;
}

/** Regular containers: at least one, unique names, probes; no restartPolicy of their own. */
export function validateContainers(containers: unknown, volumes: Map<string, Obj>, field: string): FieldError[] {
  const items = list(containers);
  const errs: FieldError[] = items.length === 0 ? [{ type: 'Required', field }] : [];
  const names = new Set<string>();
  items.forEach((c, i) => {
    const at = `${field}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, at));
    if (names.has(str(c.name))) errs.push({ type: 'Duplicate', field: `${at}.name`, value: str(c.name) });
    else names.add(str(c.name));
    errs.push(...validateProbe(c.livenessProbe, `${at}.livenessProbe`, true), ...validateProbe(c.readinessProbe, `${at}.readinessProbe`, false));
    errs.push(...validateProbe(c.startupProbe, `${at}.startupProbe`, true));
    if (c.restartPolicy !== undefined) errs.push({ type: 'Forbidden', field: `${at}.restartPolicy`, detail: 'may not be set for non-init containers' });
  });
  return errs;
}

/** Init containers: the common rules, names unique across all containers. */
export function validateInitContainers(containers: unknown, regular: unknown, volumes: Map<string, Obj>, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(list(regular).map((c) => str(c.name)));
  list(containers).forEach((c, i) => {
    const at = `${field}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, at));
    if (names.has(str(c.name))) errs.push({ type: 'Duplicate', field: `${at}.name`, value: str(c.name) });
    else if (str(c.name)) names.add(str(c.name));
    const restart = c.restartPolicy;
    if (restart !== undefined && restart !== 'Always')
      errs.push({ type: 'NotSupported', field: `${at}.restartPolicy`, value: str(restart), supported: ['Always'] });
  });
  return errs;
}
