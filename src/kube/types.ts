// How kube names resources and the API's Status answers. The object types themselves
// (ObjectMeta, KubeObject, KubeList, …) are in src/api/meta.ts.
import type { KubeObject, ListMeta } from '../api/meta.js';

/** Where a resource lives in the API: enough to build every URL for it without discovery. */
export interface ResourceRef {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Lower-case plural resource name, as in the URL (`configmaps`). */
  plural: string;
  namespaced: boolean;
  /** Filled in by discovery; lets writes default an object's `kind`. */
  kind?: string;
}

/** A resource named the way manifests name it; resolved to a ResourceRef through discovery. */
export interface TypeRef {
  apiVersion: string;
  kind: string;
}

export type ResourceTarget = ResourceRef | TypeRef;

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** The `Status` object the API returns for errors and for most deletions. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion?: string;
  metadata?: ListMeta;
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
}

export function isStatus(value: unknown): value is KubeStatus {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

export function isResourceRef(target: ResourceTarget): target is ResourceRef {
  return typeof (target as ResourceRef).plural === 'string';
}

/** `namespace/name` (or `name` for cluster-scoped objects): the identity caches key on. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function keyOf(obj: KubeObject): string {
  return objectKey(obj.metadata?.namespace, obj.metadata?.name ?? '');
}
