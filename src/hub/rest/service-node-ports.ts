// Node ports of NodePort and LoadBalancer Services, as kube-apiserver's allocator hands them out
// (registry/core/service/storage/alloc.go: initNodePorts on create, updateNodePorts on update): from
// 30000-32767, one per service port number (TCP and UDP on one port share it), never one another
// Service holds. The embedded hub does not listen on them; they are allocated so that a Service
// reads as it would on a cluster and a requested port that is taken is refused.
import { randomInt } from 'node:crypto';
import type { ApiObject } from '../../api/meta.js';
import { internalError, type FieldError } from '../errors.js';

const FIRST = 30000;
const LAST = 32767;

type Port = Record<string, unknown>;

const portsOf = (svc: ApiObject | undefined): Port[] => {
  const ports = (svc?.spec as { ports?: unknown } | undefined)?.ports;
  return Array.isArray(ports) ? (ports as Port[]) : [];
};
const nodePort = (p: Port): number => (typeof p.nodePort === 'number' ? p.nodePort : 0);
const needsNodePorts = (svc: ApiObject | undefined): boolean => {
  const type = (svc?.spec as { type?: unknown } | undefined)?.type;
  return type === 'NodePort' || type === 'LoadBalancer';
};
/** NeedsHealthCheck: a LoadBalancer that keeps client source addresses gets a health-check node port. */
const needsHealthCheck = (svc: ApiObject | undefined): boolean => {
  const spec = (svc?.spec ?? {}) as { type?: unknown; externalTrafficPolicy?: unknown };
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
};
const healthCheckPort = (svc: ApiObject | undefined): number => {
  const port = (svc?.spec as { healthCheckNodePort?: unknown } | undefined)?.healthCheckNodePort;
  return typeof port === 'number' ? port : 0;
};

/** LoadBalancers may opt out of new node ports; requested ones are still honoured. */
const allocatesNew = (svc: ApiObject): boolean =>
  (svc.spec as { type?: unknown }).type === 'NodePort' || (svc.spec as { allocateLoadBalancerNodePorts?: unknown }).allocateLoadBalancerNodePorts !== false;

/**
 * PrepareForUpdate's part: node ports the client left out are taken back from the stored Service
 * (matched by port name) unless another port now holds them; a Service that stops needing node
 * ports and did not change them loses them.
 */
export function carryNodePorts(svc: ApiObject, old: ApiObject): void {
  const spec = svc.spec as Record<string, unknown>;
  if (needsHealthCheck(old) && needsHealthCheck(svc) && healthCheckPort(svc) === 0) spec.healthCheckNodePort = healthCheckPort(old);
  if (needsHealthCheck(old) && !needsHealthCheck(svc) && healthCheckPort(svc) === healthCheckPort(old)) delete spec.healthCheckNodePort;
  const ports = portsOf(svc);
  if (needsNodePorts(old) && !needsNodePorts(svc)) {
    const same = ports.length === portsOf(old).length && ports.every((p, i) => nodePort(p) === nodePort(portsOf(old)[i]));
    if (same) for (const p of ports) delete p.nodePort;
    return;
  }
  if (!needsNodePorts(old) || !needsNodePorts(svc)) return;
  const oldUsed = new Set(portsOf(old).map(nodePort));
  const inBoth = new Set(ports.map(nodePort).filter((n) => n !== 0 && oldUsed.has(n)));
  const byName = new Map(portsOf(old).map((p) => [typeof p.name === 'string' ? p.name : '', nodePort(p)]));
  for (const p of ports) {
    if (nodePort(p) !== 0) continue;
    const previous = byName.get(typeof p.name === 'string' ? p.name : '') ?? 0;
    if (previous !== 0 && !inBoth.has(previous)) p.nodePort = previous;
  }
}

/**
 * Allocates the node ports `svc` needs. `others` are the other stored Services; `old` is the stored
 * form of this one on an update (its ports are its own to keep).
 */
export function allocateNodePorts(svc: ApiObject, old: ApiObject | undefined, others: Iterable<ApiObject>): FieldError[] {
  if (!needsNodePorts(svc)) return [];
  const taken = new Set<number>();
  for (const other of others) {
    for (const p of portsOf(other)) if (nodePort(p) !== 0) taken.add(nodePort(p));
    if (healthCheckPort(other) !== 0) taken.add(healthCheckPort(other));
  }
  const errs = allocateServicePorts(svc, old, taken);
  // A port kept from the stored Service (carryNodePorts) is its own; a new need, or none yet, allocates.
  if (errs.length === 0 && needsHealthCheck(svc) && (!needsHealthCheck(old) || healthCheckPort(svc) === 0)) allocateHealthCheckPort(svc, taken);
  return errs;
}

/**
 * allocHealthCheckNodePort: the requested port or a free one. Upstream answers a failure here with
 * an internal error (500), not a field error.
 */
function allocateHealthCheckPort(svc: ApiObject, taken: Set<number>): void {
  const spec = svc.spec as Record<string, unknown>;
  const requested = healthCheckPort(svc);
  if (requested !== 0) {
    const problem = reservationProblem(requested, taken);
    if (problem) throw internalError(`failed to allocate requested HealthCheck NodePort ${requested}: ${problem}`);
    return;
  }
  const next = freePort(taken);
  if (next === undefined) throw internalError('failed to allocate a HealthCheck NodePort 0: range is full');
  spec.healthCheckNodePort = next;
}

function allocateServicePorts(svc: ApiObject, old: ApiObject | undefined, taken: Set<number>): FieldError[] {
  const own = new Set(portsOf(old).map(nodePort));
  const byServicePort = new Map<unknown, number>();
  const ports = portsOf(svc);
  for (const [i, p] of ports.entries()) {
    if (nodePort(p) === 0 && !allocatesNew(svc)) continue;
    const shared = byServicePort.get(p.port);
    if (shared !== undefined && (nodePort(p) === 0 || nodePort(p) === shared)) {
      p.nodePort = shared;
      continue;
    }
    // An entry without a node port takes the one a later entry of its service port number asks for, as upstream looks ahead.
    const requested = nodePort(p) || nodePort(ports.find((q) => q.port === p.port && nodePort(q) !== 0) ?? {});
    if (requested !== 0) {
      if (!own.has(requested)) {
        const problem = reservationProblem(requested, taken);
        if (problem) return [{ type: 'Invalid', field: `spec.ports[${i}].nodePort`, value: requested, detail: problem }];
      }
      taken.add(requested);
      p.nodePort = requested;
    } else {
      const next = freePort(taken);
      // Upstream answers an exhausted range with an internal error (500), not a field error.
      if (next === undefined) throw internalError('failed to allocate a nodePort: range is full');
      taken.add(next);
      p.nodePort = next;
    }
    byServicePort.set(p.port, nodePort(p));
  }
  return [];
}

/** Why a requested port cannot be reserved, in the port allocator's words; undefined if it can. */
function reservationProblem(port: number, taken: Set<number>): string | undefined {
  if (port < FIRST || port > LAST) return `provided port is not in the valid range. The range of valid ports is ${FIRST}-${LAST}`;
  return taken.has(port) ? 'provided port is already allocated' : undefined;
}

/** A random free port, as upstream's allocator picks one (then the first free one above it). */
function freePort(taken: Set<number>): number | undefined {
  const size = LAST - FIRST + 1;
  const start = randomInt(size);
  for (let k = 0; k < size; k++) {
    const candidate = FIRST + ((start + k) % size);
    if (!taken.has(candidate)) return candidate;
  }
  return undefined;
}
