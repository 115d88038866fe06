// Velero's built-in RestoreItemActions for the kinds a hub holds (spec/velero.md §5.4 steps 2, 4, 6
// and 7): what makes a backed-up object creatable in another cluster. Each edits the object in
// place or says why it is not restored at all.
import type { RestoreSpec } from '../../../api/velero/index.js';
import type { KubeClient } from '../../../kube/index.js';
import type { Item } from './item-object.js';
import { isJsonObject, type JsonObject } from '../../../util/json.js';
import { SERVICE_ACCOUNTS } from '../../../kube/index.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MIRROR_POD = 'kubernetes.io/config.mirror';
const AUTOMANAGED_APISERVICE = 'kube-aggregator.kubernetes.io/automanaged';
const JOB_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
const BINDING_ANNOTATIONS = ['pv.kubernetes.io/bind-completed', 'pv.kubernetes.io/bound-by-controller', 'volume.kubernetes.io/selected-node'];

export interface ActionContext {
  client: KubeClient;
  spec: RestoreSpec;
  groupResource: string;
  /** The namespace the object was backed up from ('' for cluster-scoped). */
  originalNamespace: string;
  /** Whether the backed-up PersistentVolume of this name will be created by this restore. */
  pvIsRestored(name: string): Promise<boolean>;
  signal?: AbortSignal;
}

/** Not restored, and why (for the log). Listed as `skipped` when `listed` is true. */
export interface SkipDecision {
  reason: string;
  listed: boolean;
}

function obj(value: unknown): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

function specOf(item: Item): JsonObject {
  return obj(item.spec) ?? {};
}

/** Finished pods and jobs are history, not state: Velero does not recreate them, nor list them. */
export function completionSkip(item: Item, groupResource: string): SkipDecision | undefined {
  const status = obj(item.status);
  if (groupResource === 'pods') {
    const phase = status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return { reason: 'is complete - skipping', listed: false };
  }
  if (groupResource === 'jobs.batch' && status?.completionTime) return { reason: 'is complete - skipping', listed: false };
  return undefined;
}

/** Decisions Velero takes before the metadata reset (mirror pods, PVs without a snapshot). */
export function preResetSkip(item: Item, groupResource: string): SkipDecision | undefined {
  if (groupResource === 'pods' && item.metadata?.annotations?.[MIRROR_POD] !== undefined) {
    return { reason: "Not restoring pod because it's a mirror pod", listed: true };
  }
  if (groupResource === 'persistentvolumes' && !pvIsRestoredAsIs(item)) {
    return { reason: "Not restoring PV because it doesn't have a snapshot and its reclaim policy is Delete.", listed: true };
  }
  return undefined;
}

/**
 * A resource-only backup carries no volume snapshot, so a PV comes back only when its reclaim
 * policy is Retain; the others are provisioned again for their claims.
 */
export function pvIsRestoredAsIs(pv: Item): boolean {
  return specOf(pv).persistentVolumeReclaimPolicy === 'Retain';
}

/** Runs the built-in action for the item's type; returns a skip decision or undefined. */
export async function runItemActions(item: Item, ctx: ActionContext): Promise<SkipDecision | undefined> {
  switch (ctx.groupResource) {
    case 'secrets':
      return secretAction(item, ctx);
    case 'services':
      serviceAction(item, ctx.spec);
      return undefined;
    case 'pods':
      podAction(item);
      return undefined;
    case 'jobs.batch':
      jobAction(item);
      return undefined;
    case 'rolebindings.rbac.authorization.k8s.io':
    case 'clusterrolebindings.rbac.authorization.k8s.io':
      bindingAction(item, ctx.spec.namespaceMapping ?? {});
      return undefined;
    case 'apiservices.apiregistration.k8s.io':
      if (item.metadata?.labels?.[AUTOMANAGED_APISERVICE] !== undefined)
        return { reason: 'Skipping restore of locally auto-registered APIService', listed: true };
      return undefined;
    case 'persistentvolumeclaims':
      await pvcAction(item, ctx);
      return undefined;
    case 'persistentvolumes':
      pvAction(item, ctx.spec.namespaceMapping ?? {});
      return undefined;
    default:
      return undefined;
  }
}

// Token secrets of a service account that exists are recreated by the token controller; others
// lose the values tied to the old cluster so that the controller fills them in again.
async function secretAction(item: Item, ctx: ActionContext): Promise<SkipDecision | undefined> {
  if (item.type !== 'kubernetes.io/service-account-token') return undefined;
  const name = item.metadata?.name ?? '';
  if (ctx.originalNamespace) {
    for await (const sa of ctx.client.listAll(SERVICE_ACCOUNTS, { namespace: ctx.originalNamespace, signal: ctx.signal })) {
      if (name.startsWith(`${sa.metadata?.name ?? ''}-token-`)) return { reason: 'auto created service account token secret found, skip', listed: true };
    }
  }
  delete item.metadata?.annotations?.['kubernetes.io/service-account.uid'];
  const data = obj(item.data);
  if (data) {
    delete data.token;
    delete data['ca.crt'];
  }
  return undefined;
}

// Cluster IPs and auto-assigned node ports belong to the old cluster; explicit node ports (those
// in the last-applied configuration) are kept, and all of them with preserveNodePorts.
function serviceAction(item: Item, spec: RestoreSpec): void {
  const svc = specOf(item);
  if (svc.clusterIP !== 'None') {
    delete svc.clusterIP;
    delete svc.clusterIPs;
  }
  if (spec.preserveNodePorts === true || svc.type === 'ExternalName') return;
  const explicit = explicitNodePorts(item);
  const ports = Array.isArray(svc.ports) ? svc.ports : [];
  for (const port of ports) {
    if (isJsonObject(port) && port.nodePort !== undefined && !explicit.ports.has(String(port.name ?? ''))) delete port.nodePort;
  }
  if (svc.healthCheckNodePort !== undefined && !explicit.healthCheck) delete svc.healthCheckNodePort;
}

function explicitNodePorts(item: Item): { ports: Set<string>; healthCheck: boolean } {
  const out = { ports: new Set<string>(), healthCheck: false };
  const raw = item.metadata?.annotations?.[LAST_APPLIED];
  if (!raw) return out;
  let applied: unknown;
  try {
    applied = JSON.parse(raw);
  } catch {
    return out;
  }
  const spec = obj(obj(applied)?.spec);
  if (!spec) return out;
  out.healthCheck = spec.healthCheckNodePort !== undefined && spec.healthCheckNodePort !== 0;
  for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
    if (isJsonObject(port) && port.nodePort !== undefined && port.nodePort !== 0) out.ports.add(String(port.name ?? ''));
  }
  return out;
}

function podAction(item: Item): void {
  const spec = specOf(item);
  delete spec.nodeName;
  delete spec.priority;
  const prefix = `${typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : ''}-token-`;
  if (Array.isArray(spec.volumes)) spec.volumes = spec.volumes.filter((v) => !(isJsonObject(v) && String(v.name ?? '').startsWith(prefix)));
  for (const key of ['containers', 'initContainers']) {
    for (const c of Array.isArray(spec[key]) ? (spec[key] as unknown[]) : []) {
      if (isJsonObject(c) && Array.isArray(c.volumeMounts)) {
        c.volumeMounts = c.volumeMounts.filter((m) => !(isJsonObject(m) && String(m.name ?? '').startsWith(prefix)));
      }
    }
  }
}

// The job controller labels a job's pods with the job's uid; the restored job gets a new one.
function jobAction(item: Item): void {
  const spec = specOf(item);
  const matchLabels = obj(obj(spec.selector)?.matchLabels);
  const templateLabels = obj(obj(obj(spec.template)?.metadata)?.labels);
  for (const key of JOB_UID_LABELS) {
    if (matchLabels) delete matchLabels[key];
    if (templateLabels) delete templateLabels[key];
  }
}

function bindingAction(item: Item, mapping: Record<string, string>): void {
  for (const subject of Array.isArray(item.subjects) ? item.subjects : []) {
    if (isJsonObject(subject) && typeof subject.namespace === 'string' && mapping[subject.namespace] !== undefined)
      subject.namespace = mapping[subject.namespace];
  }
}

function dropBindingAnnotations(item: Item): void {
  const annotations = item.metadata?.annotations;
  if (!annotations) return;
  for (const key of BINDING_ANNOTATIONS) delete annotations[key];
}

async function pvcAction(item: Item, ctx: ActionContext): Promise<void> {
  dropBindingAnnotations(item);
  const spec = specOf(item);
  // A claim pointing at a volume that will not exist would stay Pending forever.
  if (typeof spec.volumeName === 'string' && spec.volumeName !== '' && !(await ctx.pvIsRestored(spec.volumeName))) delete spec.volumeName;
}

function pvAction(item: Item, mapping: Record<string, string>): void {
  dropBindingAnnotations(item);
  const claimRef = obj(specOf(item).claimRef);
  if (!claimRef) return;
  delete claimRef.uid;
  delete claimRef.resourceVersion;
  if (typeof claimRef.namespace === 'string' && mapping[claimRef.namespace] !== undefined) claimRef.namespace = mapping[claimRef.namespace];
}
