// Turns a compact description of a custom resource into the apiextensions.k8s.io/v1
// CustomResourceDefinition kube-apiserver (and the embedded hub) accepts. The same description
// yields the kind's ResourceRef, so a kind is described once.

import { resourceRef, type ResourceRef, type ResourceScope } from '../resource.js';
import type { JsonSchema } from './schema.js';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  /** 0: shown by `kubectl get`; 1 and up: only with `-o wide`. */
  priority?: number;
  format?: string;
}

export interface CrdVersionDefinition {
  name: string;
  /** Defaults to true. */
  served?: boolean;
  storage: boolean;
  /** Top-level fields besides apiVersion/kind/metadata, usually `spec` and `status`. */
  properties: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  printerColumns?: readonly PrinterColumn[];
  /** Unset: no subresources, so status is written with the main resource. */
  statusSubresource?: boolean;
}

export interface CrdDefinition {
  group: string;
  kind: string;
  plural: string;
  scope: ResourceScope;
  shortNames?: string[];
  categories?: string[];
  versions: CrdVersionDefinition[];
  /** Labels on the CRD object itself. */
  labels?: Record<string, string>;
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames?: string[]; categories?: string[] };
    scope: ResourceScope;
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: JsonSchema };
      additionalPrinterColumns?: PrinterColumn[];
      subresources?: { status: Record<string, never> };
    }[];
  };
}

export function crdName(def: CrdDefinition): string {
  return `${def.plural}.${def.group}`;
}

export function renderCrd(def: CrdDefinition): CustomResourceDefinition {
  const names: CustomResourceDefinition['spec']['names'] = {
    kind: def.kind,
    listKind: `${def.kind}List`,
    plural: def.plural,
    singular: def.kind.toLowerCase(),
  };
  if (def.shortNames?.length) names.shortNames = [...def.shortNames];
  if (def.categories?.length) names.categories = [...def.categories];
  const metadata: CustomResourceDefinition['metadata'] = { name: crdName(def) };
  if (def.labels) metadata.labels = { ...def.labels };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata,
    spec: {
      group: def.group,
      names,
      scope: def.scope,
      versions: def.versions.map((v) => {
        const openAPIV3Schema: JsonSchema = { type: 'object' };
        if (v.description) openAPIV3Schema.description = v.description;
        // Schemas share building blocks; each CRD gets its own copy.
        openAPIV3Schema.properties = {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object' },
          ...structuredClone(v.properties),
        };
        if (v.required?.length) openAPIV3Schema.required = [...v.required];
        const out: CustomResourceDefinition['spec']['versions'][number] = {
          name: v.name,
          served: v.served ?? true,
          storage: v.storage,
          schema: { openAPIV3Schema },
        };
        if (v.printerColumns?.length) out.additionalPrinterColumns = v.printerColumns.map((c) => ({ ...c }));
        if (v.statusSubresource) out.subresources = { status: {} };
        return out;
      }),
    },
  };
}

/** The storage version's location, which is what controllers read and write. */
export function resourceOf(def: CrdDefinition): ResourceRef {
  const storage = def.versions.find((v) => v.storage);
  if (!storage) throw new Error(`${crdName(def)} has no storage version`);
  return resourceRef({ group: def.group, version: storage.name, kind: def.kind, plural: def.plural, scope: def.scope });
}
