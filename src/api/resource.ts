// Where a kind lives in the API: enough to build every URL for it without a discovery round-trip.
// Every API group (and src/kube) names its kinds with this one type, made by resourceRef().

export type ResourceScope = 'Namespaced' | 'Cluster';

export interface ResourceRef {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  /** Lower-case plural resource name, as in the URL (`configmaps`). */
  readonly plural: string;
  readonly namespaced: boolean;
  /** Always set by resourceRef(); refs found through discovery may lack it. Lets writes default an object's `kind`. */
  readonly kind?: string;
}

export interface KindLocation {
  group: string;
  version: string;
  kind: string;
  plural: string;
  scope: ResourceScope;
}

export function resourceRef(where: KindLocation): ResourceRef {
  return Object.freeze({ group: where.group, version: where.version, plural: where.plural, namespaced: where.scope === 'Namespaced', kind: where.kind });
}
