import { ALL_VERBS, type PrinterColumnSpec, type ResourceType, type VersionSpec } from './resource-type.js';
import type { JsonSchema } from '../../api/crd/schema.js';
import type { ApiObject } from '../../api/meta.js';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JsonSchema };
  subresources?: { status?: object; scale?: object };
  additionalPrinterColumns?: PrinterColumnSpec[];
  selectableFields?: { jsonPath: string }[];
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: { plural: string; singular?: string; kind: string; listKind?: string; shortNames?: string[]; categories?: string[] };
  versions: CrdVersion[];
}

/** Orders versions the way discovery prefers them: GA before beta before alpha, newer first. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stage = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) {
    for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pb[i] - pa[i];
    return 0;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a.localeCompare(b);
}

function isEstablished(crd: ApiObject): boolean {
  const conditions = (crd.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Established' && c.status === 'True');
}

/** The resource type a CRD serves, or undefined while it is not established. */
export function crdToResourceType(crd: ApiObject): ResourceType | undefined {
  if (!isEstablished(crd)) return undefined;
  const spec = crd.spec as CrdSpec;
  const served = spec.versions.filter((v) => v.served !== false);
  if (served.length === 0) return undefined;
  const versions: VersionSpec[] = served
    .map((v) => ({
      name: v.name,
      served: true,
      storage: v.storage === true,
      schema: v.schema?.openAPIV3Schema,
      printerColumns: v.additionalPrinterColumns,
      selectableFields: v.selectableFields?.map((f) => f.jsonPath),
      deprecated: v.deprecated,
      deprecationWarning: v.deprecationWarning,
    }))
    .sort((a, b) => compareKubeVersions(a.name, b.name));
  const statusSub = served.some((v) => v.subresources?.status !== undefined);
  return {
    group: spec.group,
    versions,
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    kind: spec.names.kind,
    listKind: spec.names.listKind ?? `${spec.names.kind}List`,
    namespaced: spec.scope !== 'Cluster',
    shortNames: spec.names.shortNames ?? [],
    categories: spec.names.categories ?? [],
    statusSubresource: statusSub,
    usesGeneration: true,
    storageKey: `${spec.group}/${spec.names.plural}`,
    strategicMerge: false,
    crdName: crd.metadata.name,
    verbs: ALL_VERBS,
  };
}

export function crdSubresourcesFor(crd: ApiObject, version: string): { status: boolean } {
  const spec = crd.spec as CrdSpec;
  const v = spec.versions.find((x) => x.name === version);
  return { status: v?.subresources?.status !== undefined };
}
