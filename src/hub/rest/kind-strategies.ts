import type { FieldError } from '../errors.js';
import type { ApiObject } from '../../api/meta.js';
import type { NameRule } from './object-meta.js';
import { jsonEqual } from '../../util/json.js';
import { crdStrategy } from './crd-strategy.js';

/** Per-kind rules that upstream keeps in each registry's strategy. */
export interface KindStrategy {
  nameRule?: NameRule;
  /** Built-ins accept updates without a resourceVersion; custom resources do not. */
  allowUnconditionalUpdate?: boolean;
  prepareCreate?(obj: ApiObject, now: number): FieldError[];
  prepareUpdate?(obj: ApiObject, old: ApiObject, now: number): FieldError[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function validateDataKeys(data: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (data === undefined || data === null) return errs;
  if (typeof data !== 'object' || Array.isArray(data)) return [{ type: 'Invalid', field, value: data, detail: 'must be a map of strings' }];
  for (const key of Object.keys(data)) {
    if (!CONFIG_KEY.test(key) || key.length > 253) {
      errs.push({
        type: 'Invalid',
        field,
        value: key,
        detail:
          "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      });
    }
  }
  return errs;
}

function immutableDataChanged(obj: ApiObject, old: ApiObject, kind: string): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push({ type: 'Forbidden', field: 'immutable', detail: 'field is immutable when `immutable` is set' });
  if (!jsonEqual(obj.data, old.data) || !jsonEqual(obj.binaryData, old.binaryData)) {
    errs.push({ type: 'Forbidden', field: 'data', detail: `field is immutable when \`immutable\` is set` });
  }
  void kind;
  return errs;
}

const secret: KindStrategy = {
  allowUnconditionalUpdate: true,
  prepareCreate(obj) {
    return normaliseSecret(obj);
  },
  prepareUpdate(obj, old) {
    const errs = normaliseSecret(obj);
    if (obj.type !== old.type) errs.push({ type: 'Invalid', field: 'type', value: obj.type, detail: 'field is immutable' });
    return [...errs, ...immutableDataChanged(obj, old, 'Secret')];
  },
};

/** stringData is write-only: it is folded into data (base64) and never stored. */
function normaliseSecret(obj: ApiObject): FieldError[] {
  const errs: FieldError[] = [];
  if (obj.type === undefined || obj.type === '') obj.type = 'Opaque';
  const data = (obj.data ?? {}) as Record<string, unknown>;
  errs.push(...validateDataKeys(obj.data, 'data'));
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string' || !BASE64.test(v) || v.length % 4 !== 0) {
      errs.push({ type: 'Invalid', field: `data[${k}]`, value: '<secret value>', detail: 'illegal base64 data' });
    }
  }
  if (obj.stringData !== undefined) {
    errs.push(...validateDataKeys(obj.stringData, 'stringData'));
    for (const [k, v] of Object.entries((obj.stringData ?? {}) as Record<string, unknown>)) {
      data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    }
    delete obj.stringData;
  }
  if (Object.keys(data).length > 0) obj.data = data;
  return errs;
}

const configMap: KindStrategy = {
  allowUnconditionalUpdate: true,
  prepareCreate(obj) {
    return [...validateDataKeys(obj.data, 'data'), ...validateDataKeys(obj.binaryData, 'binaryData')];
  },
  prepareUpdate(obj, old) {
    return [...validateDataKeys(obj.data, 'data'), ...validateDataKeys(obj.binaryData, 'binaryData'), ...immutableDataChanged(obj, old, 'ConfigMap')];
  },
};

const namespace: KindStrategy = {
  nameRule: 'label',
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

let serviceIpCounter = 0;
const service: KindStrategy = {
  allowUnconditionalUpdate: true,
  prepareCreate(obj) {
    const spec = (obj.spec ??= {}) as Record<string, unknown>;
    spec.type ??= 'ClusterIP';
    // The embedded hub has no service network; a stable-looking address keeps tools that print
    // or parse CLUSTER-IP happy. Nothing routes to it.
    if (spec.clusterIP === undefined && spec.type !== 'ExternalName') {
      serviceIpCounter = (serviceIpCounter + 1) % 65000;
      spec.clusterIP = `10.96.${Math.floor(serviceIpCounter / 250)}.${(serviceIpCounter % 250) + 2}`;
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
    return [];
  },
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
    return [];
  },
};

const pvc: KindStrategy = {
  allowUnconditionalUpdate: true,
  prepareCreate(obj) {
    const spec = (obj.spec ??= {}) as Record<string, unknown>;
    spec.volumeMode ??= 'Filesystem';
    obj.status = { phase: 'Pending' };
    return [];
  },
};

const STRATEGIES: Record<string, KindStrategy> = {
  '/Secret': secret,
  '/ConfigMap': configMap,
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
