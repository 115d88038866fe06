// pods/{name}/binding, as kube-apiserver's BindingREST: a scheduler assigns a pod to a node by
// posting a Binding, never by updating the pod (spec.nodeName is immutable once the pod exists).
// The pod gets the node, the Binding's annotations and the PodScheduled condition.
import { metaTime, type ApiObject } from '../../api/meta.js';
import { badRequest, conflict, invalid, type FieldError } from '../errors.js';

const BINDING_RESOURCE = { group: '', resource: 'pods/binding' };

export interface Binding {
  metadata?: { name?: string; annotations?: Record<string, string> };
  target?: { kind?: string; name?: string };
}

/** The Binding a request carries, checked as ValidatePodBinding does; `name` is the pod's, from the URL. */
export function readBinding(body: unknown, name: string): Binding & { target: { name: string } } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request must be a Binding object');
  const binding = body as Binding;
  if (binding.metadata?.name !== undefined && binding.metadata.name !== name) throw badRequest('name in URL does not match name in Binding object');
  const errs: FieldError[] = [];
  const kind = binding.target?.kind ?? '';
  if (kind !== '' && kind !== 'Node') errs.push({ type: 'NotSupported', field: 'target.kind', value: kind, supported: ['Node', '<empty>'] });
  if (!binding.target?.name) errs.push({ type: 'Required', field: 'target.name' });
  if (errs.length > 0) throw invalid('Binding', '', name, errs);
  return binding as Binding & { target: { name: string } };
}

/** The pod assigned to the Binding's node (assignPod): refused for a pod being deleted or already placed. */
export function boundPod(pod: ApiObject, binding: Binding & { target: { name: string } }, now: number): ApiObject {
  const name = pod.metadata.name ?? '';
  if (pod.metadata.deletionTimestamp) throw conflict(BINDING_RESOURCE, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (spec.nodeName) throw conflict(BINDING_RESOURCE, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
  const next: ApiObject = { ...pod, spec: { ...spec, nodeName: binding.target.name } };
  if (binding.metadata?.annotations) next.metadata = { ...pod.metadata, annotations: { ...pod.metadata.annotations, ...binding.metadata.annotations } };
  const status = { ...((pod.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string }[] }) };
  const others = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  const previous = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
  const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: previous?.status === 'True' ? previous.lastTransitionTime : metaTime(now) };
  next.status = { ...status, conditions: [...others, scheduled] };
  return next;
}
