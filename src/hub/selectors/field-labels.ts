// Which field labels each kind accepts in a field selector and how to read them from an object,
// after the real apiserver's field label conversion funcs and ToSelectableFields functions.

import { evalSimpleJsonPath } from '../table/jsonpath.js';

export interface FieldLabels {
  readonly names: ReadonlySet<string>;
  /** The field's value as the selector compares it; `undefined` when absent (compares as ""). */
  lookup(obj: Record<string, unknown>, field: string): string | undefined;
}

type Getter = (obj: Record<string, unknown>) => string | undefined;

function at(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur) && !/^\d+$/.test(key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

const get =
  (...path: string[]): Getter =>
  (obj) =>
    text(at(obj, ...path));

const META: Record<string, Getter> = {
  'metadata.name': get('metadata', 'name'),
  'metadata.namespace': get('metadata', 'namespace'),
};

// Event fields are read from either shape because core/v1 and events.k8s.io/v1 Events are two
// views of one stored object, and callers may filter before or after converting.
function involved(field: string): Getter {
  return (obj) => text(at(obj, 'involvedObject', field) ?? at(obj, 'regarding', field));
}

const CORE_EVENT: Record<string, Getter> = {
  ...META,
  'involvedObject.kind': involved('kind'),
  'involvedObject.namespace': involved('namespace'),
  'involvedObject.name': involved('name'),
  'involvedObject.uid': involved('uid'),
  'involvedObject.apiVersion': involved('apiVersion'),
  'involvedObject.resourceVersion': involved('resourceVersion'),
  'involvedObject.fieldPath': involved('fieldPath'),
  reason: get('reason'),
  reportingComponent: (obj) => text(obj.reportingComponent ?? obj.reportingController),
  // Upstream falls back to the reporting controller when source.component is empty.
  source: (obj) => text(at(obj, 'source', 'component') ?? at(obj, 'deprecatedSource', 'component')) || text(obj.reportingComponent ?? obj.reportingController),
  type: get('type'),
};

// events.k8s.io/v1 accepts its own spellings and maps them onto the core ones (no `note`).
const EVENTS_V1_ALIASES: Record<string, string> = {
  'metadata.name': 'metadata.name',
  'metadata.namespace': 'metadata.namespace',
  'regarding.kind': 'involvedObject.kind',
  'regarding.namespace': 'involvedObject.namespace',
  'regarding.name': 'involvedObject.name',
  'regarding.uid': 'involvedObject.uid',
  'regarding.apiVersion': 'involvedObject.apiVersion',
  'regarding.resourceVersion': 'involvedObject.resourceVersion',
  'regarding.fieldPath': 'involvedObject.fieldPath',
  reportingController: 'reportingComponent',
  reason: 'reason',
  source: 'source',
  type: 'type',
};

const EVENTS_V1: Record<string, Getter> = Object.fromEntries(Object.entries(EVENTS_V1_ALIASES).map(([label, core]) => [label, CORE_EVENT[core]]));

const POD: Record<string, Getter> = {
  ...META,
  'spec.nodeName': get('spec', 'nodeName'),
  'spec.restartPolicy': get('spec', 'restartPolicy'),
  'spec.schedulerName': get('spec', 'schedulerName'),
  'spec.serviceAccountName': get('spec', 'serviceAccountName'),
  'spec.hostNetwork': (obj) => String(at(obj, 'spec', 'hostNetwork') === true),
  'status.phase': get('status', 'phase'),
  'status.podIP': (obj) => text(at(obj, 'status', 'podIPs', '0', 'ip')) ?? text(at(obj, 'status', 'podIP')),
  'status.nominatedNodeName': get('status', 'nominatedNodeName'),
};

// Kinds with their own conversion func. Cluster-scoped ones there don't accept metadata.namespace.
const KINDS: Record<string, Record<string, Getter>> = {
  '/Event': CORE_EVENT,
  'events.k8s.io/Event': EVENTS_V1,
  '/Namespace': { 'metadata.name': META['metadata.name'], 'status.phase': get('status', 'phase') },
  '/Node': {
    'metadata.name': META['metadata.name'],
    'spec.unschedulable': (obj) => String(at(obj, 'spec', 'unschedulable') === true),
  },
  '/Pod': POD,
  '/Secret': { ...META, type: get('type') },
  // The count is printed even when unset: the selectable value is strconv.Itoa(succeeded).
  'batch/Job': { ...META, 'status.successful': (obj) => String(at(obj, 'status', 'succeeded') ?? 0) },
};

// Built-ins served through runtime.DefaultMetaV1FieldSelectorConversion, whose rejection message
// differs from the one the kinds above and custom resources give.
const DEFAULT_CONVERSION_RESOURCES = new Set([
  'configmaps',
  'endpoints',
  'limitranges',
  'persistentvolumeclaims',
  'persistentvolumes',
  'podtemplates',
  'resourcequotas',
  'serviceaccounts',
  'services',
  'leases',
  'leases.coordination.k8s.io',
  'storageclasses',
  'storageclasses.storage.k8s.io',
  'customresourcedefinitions',
  'customresourcedefinitions.apiextensions.k8s.io',
  'roles',
  'roles.rbac.authorization.k8s.io',
  'clusterroles',
  'clusterroles.rbac.authorization.k8s.io',
  'rolebindings',
  'rolebindings.rbac.authorization.k8s.io',
  'clusterrolebindings',
  'clusterrolebindings.rbac.authorization.k8s.io',
]);

export function usesDefaultFieldLabelConversion(resource: string): boolean {
  return DEFAULT_CONVERSION_RESOURCES.has(resource);
}

function fromGetters(getters: Record<string, Getter>): FieldLabels {
  return {
    names: new Set(Object.keys(getters)),
    lookup: (obj, field) => (Object.prototype.hasOwnProperty.call(getters, field) ? getters[field](obj) : undefined),
  };
}

/** Field labels of a built-in kind; any other kind gets `metadata.name` and `metadata.namespace`. */
export function fieldLabelsFor(group: string, kind: string): FieldLabels {
  return fromGetters(KINDS[`${group}/${kind}`] ?? META);
}

// Selectable fields may only be strings, integers or booleans (CRD validation enforces it).
function selectableValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return undefined;
}

/**
 * Field labels of a custom resource: metadata fields plus the CRD version's
 * `selectableFields[].jsonPath` (`.spec.color` is selected as `spec.color`). Cluster-scoped
 * custom resources don't accept `metadata.namespace`.
 */
export function selectableFieldsLookup(jsonPaths: readonly string[], opts: { namespaced?: boolean } = {}): FieldLabels {
  const getters: Record<string, Getter> = { 'metadata.name': META['metadata.name'] };
  if (opts.namespaced !== false) getters['metadata.namespace'] = META['metadata.namespace'];
  for (const path of jsonPaths) {
    getters[path.replace(/^\./, '')] = (obj) => selectableValue(evalSimpleJsonPath(obj, path)[0]);
  }
  return fromGetters(getters);
}
