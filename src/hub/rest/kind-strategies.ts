import type { FieldError } from '../errors.js';
import type { ApiObject } from '../../api/meta.js';
import { randomLoopbackAddress } from '../../util/loopback.js';
import { crdStrategy } from './crd-strategy.js';
import { generateJobSelector } from '../validation/index.js';
import { normalizeClaimDataSources } from './builtin-defaults.js';
import { initServiceIPFamilies } from './service-ip-families.js';
import { allocateNodePorts, carryNodePorts } from './service-node-ports.js';

/**
 * Per-kind mutations that upstream keeps in each registry's strategy (PrepareForCreate and
 * PrepareForUpdate). Validation lives in ../validation, defaults are applied when a body is
 * decoded.
 */
export interface KindStrategy {
  /** Built-ins accept updates without a resourceVersion; custom resources do not. */
  allowUnconditionalUpdate?: boolean;
  prepareCreate?(obj: ApiObject, now: number): FieldError[];
  prepareUpdate?(obj: ApiObject, old: ApiObject, now: number): FieldError[];
  /**
   * What upstream's registry allocates after validation passed (a Service's node ports). `old` is
   * the stored object on an update; `others` the other stored objects of the resource.
   */
  allocate?(obj: ApiObject, old: ApiObject | undefined, others: () => Iterable<ApiObject>): FieldError[];
}

/** stringData is write-only: it is folded into data (base64) and never stored. */
function foldStringData(obj: ApiObject): FieldError[] {
  if (obj.stringData !== undefined) {
    const data = (obj.data ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj.stringData as Record<string, string>)) data[k] = Buffer.from(v, 'utf8').toString('base64');
    delete obj.stringData;
    if (Object.keys(data).length > 0) obj.data = data;
  }
  return [];
}

const secret: KindStrategy = {
  allowUnconditionalUpdate: true,
  prepareCreate: foldStringData,
  prepareUpdate: foldStringData,
};

const namespace: KindStrategy = {
  allowUnconditionalUpdate: true,
  prepareCreate(obj) {
    const spec = (obj.spec ??= {}) as { finalizers?: string[] };
    const finalizers = spec.finalizers ?? [];
    if (!finalizers.includes('kubernetes')) finalizers.push('kubernetes');
    spec.finalizers = finalizers;
    obj.status = { phase: 'Active' };
    const labels = (obj.metadata.labels ??= {});
    labels['kubernetes.io/metadata.name'] = obj.metadata.name ?? '';
    return [];
  },
  prepareUpdate(obj, old) {
    // Upstream: the main resource cannot change finalizers or status; /finalize and /status can.
    obj.spec = old.spec;
    obj.status = old.status;
    (obj.metadata.labels ??= {})['kubernetes.io/metadata.name'] = obj.metadata.name ?? '';
    return [];
  },
};

const service: KindStrategy = {
  allowUnconditionalUpdate: true,
  prepareCreate(obj) {
    const spec = (obj.spec ??= {}) as Record<string, unknown>;
    spec.type ??= 'ClusterIP';
    // A client that only sets the singular field gets the plural one filled in.
    if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '' && spec.clusterIPs === undefined) spec.clusterIPs = [spec.clusterIP];
    const errs = initServiceIPFamilies(spec);
    if (errs.length > 0) return errs;
    // The embedded hub's service network is the loopback block: each Service gets an address of
    // its own there, its pods listen on it (the local Job runner tells them which), so the port
    // a Service documents is reachable as on a cluster, for any number of Services on one machine.
    if ((spec.clusterIP === undefined || spec.clusterIP === '') && spec.type !== 'ExternalName') {
      spec.clusterIP = randomLoopbackAddress();
      spec.clusterIPs = [spec.clusterIP];
    }
    return [];
  },
  prepareUpdate(obj, old) {
    const spec = (obj.spec ??= {}) as Record<string, unknown>;
    const oldSpec = (old.spec ?? {}) as Record<string, unknown>;
    if (spec.clusterIP === undefined || spec.clusterIP === '') {
      spec.clusterIP = oldSpec.clusterIP;
      spec.clusterIPs = oldSpec.clusterIPs;
    }
    // Upstream keeps the allocated addresses a client left out (validation then sees any change).
    if ((spec.clusterIPs === undefined || (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length === 0)) && oldSpec.clusterIPs !== undefined) {
      spec.clusterIPs = oldSpec.clusterIPs;
    }
    carryNodePorts(obj, old);
    if (spec.type === 'ExternalName') {
      // Upstream drops what an ExternalName Service cannot have when the type changes to it.
      if (oldSpec.type !== 'ExternalName') for (const key of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) delete spec[key];
      return [];
    }
    return initServiceIPFamilies(spec, oldSpec);
  },
  allocate: (obj, old, others) => allocateNodePorts(obj, old, others()),
};

const job: KindStrategy = {
  allowUnconditionalUpdate: true,
  prepareCreate(obj) {
    const spec = (obj.spec ??= {}) as Record<string, unknown>;
    spec.parallelism ??= 1;
    spec.completions ??= 1;
    spec.backoffLimit ??= 6;
    spec.completionMode ??= 'NonIndexed';
    spec.suspend ??= false;
    generateJobSelector(obj);
    return [];
  },
};

const pvc: KindStrategy = {
  allowUnconditionalUpdate: true,
  prepareCreate(obj) {
    const spec = (obj.spec ??= {}) as Record<string, unknown>;
    spec.volumeMode ??= 'Filesystem';
    normalizeClaimDataSources(obj);
    obj.status = { phase: 'Pending' };
    return [];
  },
};

const STRATEGIES: Record<string, KindStrategy> = {
  '/Secret': secret,
  '/Namespace': namespace,
  '/Service': service,
  '/PersistentVolumeClaim': pvc,
  'batch/Job': job,
  'apiextensions.k8s.io/CustomResourceDefinition': crdStrategy,
};

const DEFAULT_BUILTIN: KindStrategy = { allowUnconditionalUpdate: true };
const CUSTOM_RESOURCE: KindStrategy = { allowUnconditionalUpdate: false };

export function strategyFor(group: string, kind: string, isCustom: boolean): KindStrategy {
  if (isCustom) return CUSTOM_RESOURCE;
  return STRATEGIES[`${group}/${kind}`] ?? DEFAULT_BUILTIN;
}
