// How kube names resources and the API's Status answers. The object types themselves
// (ObjectMeta, KubeObject, KubeList, …) are in src/api/meta.ts.
import type { KubeObject, Status, StatusCause } from '../api/meta.js';

import type { ResourceRef } from '../api/resource.js';

export type { ResourceRef };

/** A resource named the way manifests name it; resolved to a ResourceRef through discovery. */
export interface TypeRef {
  apiVersion: string;
  kind: string;
}

export type ResourceTarget = ResourceRef | TypeRef;

/** The `Status` object the API returns for errors and for most deletions (src/api/meta.ts). */
export type KubeStatus = Status;
export type { StatusCause };

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
