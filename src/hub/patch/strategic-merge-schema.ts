// Patch metadata for strategic merge patch on the hub's built-in kinds. Upstream reads it from
// the Go struct tags (`patchStrategy:"merge" patchMergeKey:"..."`) of k8s.io/api; we only need
// the tagged fields of the kinds the hub serves. Anything not listed is merged as in RFC 7386:
// maps recursively, lists replaced whole.

/** What strategic merge needs to know about one field. */
export interface SmpField {
  /**
   * Present when the field is a list with `patchStrategy: merge`. With `key`, elements are maps
   * merged by that key; without it, the list holds primitives and is merged as a set.
   */
  readonly merge?: { readonly key?: string };
  /** Schema of the nested object, or of each element when the field is a list. */
  readonly of?: SmpSchema;
}

export type SmpSchema = Readonly<Record<string, SmpField>>;

// ObjectMeta: the same on every kind, including pod templates.
const OBJECT_META: SmpSchema = {
  ownerReferences: { merge: { key: 'uid' } },
  finalizers: { merge: {} },
};

const CONTAINER: SmpSchema = {
  ports: { merge: { key: 'containerPort' } },
  env: { merge: { key: 'name' } },
  volumeMounts: { merge: { key: 'mountPath' } },
  volumeDevices: { merge: { key: 'devicePath' } },
};

const POD_SPEC: SmpSchema = {
  volumes: { merge: { key: 'name' } },
  initContainers: { merge: { key: 'name' }, of: CONTAINER },
  containers: { merge: { key: 'name' }, of: CONTAINER },
  ephemeralContainers: { merge: { key: 'name' }, of: CONTAINER },
  imagePullSecrets: { merge: { key: 'name' } },
  hostAliases: { merge: { key: 'ip' } },
  topologySpreadConstraints: { merge: { key: 'topologyKey' } },
  schedulingGates: { merge: { key: 'name' } },
  resourceClaims: { merge: { key: 'name' } },
};

const POD_TEMPLATE: SmpSchema = {
  metadata: { of: OBJECT_META },
  spec: { of: POD_SPEC },
};

const STATUS_CONDITIONS_BY_TYPE: SmpSchema = {
  conditions: { merge: { key: 'type' } },
};

// Keyed by `<group>/<Kind>`, empty group for core. Kinds missing here still get OBJECT_META.
// ServiceAccount.imagePullSecrets is deliberately absent: unlike PodSpec's it has no patch
// strategy upstream, so it is replaced whole.
const KINDS: Readonly<Record<string, SmpSchema>> = {
  '/Pod': {
    spec: { of: POD_SPEC },
    status: {
      of: {
        conditions: { merge: { key: 'type' } },
        podIPs: { merge: { key: 'ip' } },
        hostIPs: { merge: { key: 'ip' } },
      },
    },
  },
  'batch/Job': {
    spec: { of: { template: { of: POD_TEMPLATE } } },
    status: { of: STATUS_CONDITIONS_BY_TYPE },
  },
  '/Service': {
    spec: { of: { ports: { merge: { key: 'port' } } } },
    status: { of: STATUS_CONDITIONS_BY_TYPE },
  },
  '/Namespace': { status: { of: STATUS_CONDITIONS_BY_TYPE } },
  '/PersistentVolumeClaim': { status: { of: STATUS_CONDITIONS_BY_TYPE } },
  '/ServiceAccount': { secrets: { merge: { key: 'name' } } },
};

/** The patch schema for a kind key such as `/ConfigMap` or `batch/Job`. */
export function smpSchemaFor(kindKey: string): SmpSchema {
  return { ...(Object.hasOwn(KINDS, kindKey) ? KINDS[kindKey] : {}), metadata: { of: OBJECT_META } };
}
