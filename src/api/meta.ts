// metav1 shapes every layer shares: the hub stores them, kube reads and writes them, the API
// groups build their kinds on them. They describe JSON as the API sends it (timestamps are
// RFC 3339 strings), loose where Kubernetes is loose: objects read from a real cluster or from a
// backup carry fields these types do not name.

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  /** Deprecated and no longer set by Kubernetes, but present in old backups. */
  selfLink?: string;
}

/** Any object of any kind, as far as Lifeboat reads it generically. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** An object as an API server holds it: metadata always present, every other field free-form. */
export interface ApiObject extends KubeObject {
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** A kind Lifeboat knows: `spec` and `status` typed per kind, free-form when never read. */
export interface CustomObject<K extends string = string, Spec = Record<string, unknown>, Status = Record<string, unknown>> extends KubeObject {
  /** Typed as string so objects parsed from JSON need no narrowing. */
  apiVersion: string;
  kind: K;
  metadata: ObjectMeta;
  spec?: Spec;
  status?: Status;
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata?: ListMeta;
  items: T[];
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** metav1.Condition: the standard shape of `status.conditions` entries. */
export interface Condition {
  type: string;
  status: ConditionStatus;
  observedGeneration?: number;
  /** RFC 3339 seconds, e.g. `2024-05-01T12:00:00Z`. */
  lastTransitionTime: string;
  /** CamelCase, machine-readable. */
  reason: string;
  message: string;
}

export interface LocalObjectReference {
  name: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** metav1.LabelSelector: the object form; src/kube/selectors turns it into requirements. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** metav1.Time: RFC 3339 with whole seconds, as the API serializes it. */
export function metaTime(now: number | Date): string {
  const ms = typeof now === 'number' ? now : now.getTime();
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime: RFC 3339 with microseconds (leases, events). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** metav1.StatusCause: one reason a request failed, often naming the field. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** metav1.StatusDetails. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/**
 * metav1.Status: the API's answer for errors and most deletions, as clients read it (every field
 * optional but `kind`). The hub's errors narrow it to what they always send (src/hub/errors.ts).
 */
export interface Status {
  kind: 'Status';
  apiVersion?: string;
  metadata?: ListMeta;
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code?: number;
  details?: StatusDetails;
}
