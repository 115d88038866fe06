// A container's environment as the kubelet builds it: envFrom first (with prefixes), then env in
// order, each value expanding $(VAR) references to variables defined before it.
import type { Container, EnvVar, Pod } from '../../api/core/index.js';
import { expandVars } from './expand-vars.js';
import { ContainerConfigError, type PodInputs } from './pod-inputs.js';

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export interface ContainerEnvironment {
  env: Map<string, string>;
  /** Warnings the kubelet reports as InvalidEnvironmentVariableNames events. */
  warnings: string[];
}

export async function containerEnvironment(pod: Pod, container: Container, inputs: PodInputs): Promise<ContainerEnvironment> {
  const env = new Map<string, string>();
  const warnings: string[] = [];
  for (const from of container.envFrom ?? []) {
    const kind = from.secretRef ? 'Secret' : 'ConfigMap';
    const ref = from.secretRef ?? from.configMapRef;
    if (!ref) continue;
    const data = await inputs.required(kind, ref.name, ref.optional);
    const invalid: string[] = [];
    for (const [key, value] of data) {
      const name = `${from.prefix ?? ''}${key}`;
      if (!ENV_NAME.test(name)) invalid.push(name);
      else env.set(name, value.toString('utf8'));
    }
    if (invalid.length > 0) {
      warnings.push(
        `Keys [${invalid.sort().join(', ')}] from the EnvFrom ${kind.toLowerCase()} ${inputs.namespace}/${ref.name ?? ''} were skipped since they are considered invalid environment variable names.`,
      );
    }
  }
  for (const v of container.env ?? []) {
    const value = await envValue(pod, v, inputs, (name) => env.get(name));
    if (value !== undefined) env.set(v.name, value);
  }
  return { env, warnings };
}

async function envValue(pod: Pod, v: EnvVar, inputs: PodInputs, lookup: (name: string) => string | undefined): Promise<string | undefined> {
  const from = v.valueFrom;
  if (!from) return expandVars(v.value ?? '', lookup);
  if (from.secretKeyRef) return (await inputs.value('Secret', from.secretKeyRef.name, from.secretKeyRef.key, from.secretKeyRef.optional))?.toString('utf8');
  if (from.configMapKeyRef) {
    return (await inputs.value('ConfigMap', from.configMapKeyRef.name, from.configMapKeyRef.key, from.configMapKeyRef.optional))?.toString('utf8');
  }
  if (from.fieldRef) return podField(pod, from.fieldRef.fieldPath);
  throw new ContainerConfigError(`env ${v.name}: resourceFieldRef is not supported by the embedded hub's Job runner`);
}

/** The downward API's pod fields. */
export function podField(pod: Pod, fieldPath: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? 'default';
    case 'status.hostIP':
    case 'status.hostIPs':
    case 'status.podIP':
    case 'status.podIPs':
      // The process runs on this machine's network.
      return '127.0.0.1';
    default:
      throw new ContainerConfigError(`unsupported fieldPath: ${fieldPath}`);
  }
}
