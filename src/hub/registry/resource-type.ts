import type { JsonSchema } from '../../api/crd/schema.js';

export interface PrinterColumnSpec {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface VersionSpec {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: JsonSchema;
  printerColumns?: PrinterColumnSpec[];
  selectableFields?: string[];
  deprecated?: boolean;
  deprecationWarning?: string;
}

/**
 * Everything the server needs to know about one kind of resource, whether it is built in or comes
 * from a CustomResourceDefinition. All versions of a resource share one storage key: without
 * conversion webhooks, a version is just the apiVersion an object is presented with.
 */
export interface ResourceType {
  group: string;
  /** Served versions, the preferred one first. */
  versions: VersionSpec[];
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  statusSubresource: boolean;
  /** Kinds whose generation is bumped by changes outside metadata (all CRs; a few built-ins). */
  usesGeneration: boolean;
  /** Key of the table that holds the objects; two resource types can share it (Event views). */
  storageKey: string;
  /** Built-in kinds accept strategic merge patches; CRs answer 415. */
  strategicMerge: boolean;
  /** The CRD this type comes from. */
  crdName?: string;
  /** Other view of shared storage (events.k8s.io/v1 over core/v1 Events). */
  view?: StorageView;
  /** Verbs advertised in discovery. */
  verbs: string[];
}

/** Converts between the stored form and a different API's form of the same objects. */
export interface StorageView {
  toStorage(obj: Record<string, unknown>): Record<string, unknown>;
  fromStorage(obj: Record<string, unknown>): Record<string, unknown>;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function storageVersion(rt: ResourceType): string {
  return (rt.versions.find((v) => v.storage) ?? rt.versions[0]).name;
}

export function findVersion(rt: ResourceType, version: string): VersionSpec | undefined {
  return rt.versions.find((v) => v.name === version && v.served);
}

export function groupResource(rt: ResourceType): { group: string; resource: string } {
  return { group: rt.group, resource: rt.plural };
}
