// The only door Lifeboat's controllers use to reach a Kubernetes API, real or embedded.
export { KubeClient, DEFAULT_PAGE_SIZE } from './client.js';
export type {
  KubeClientOptions,
  RequestOptions,
  GetOptions,
  SelectorOptions,
  ListOptions,
  WriteOptions,
  PatchType,
  PatchOptions,
  PatchBody,
  JsonPatchOperation,
  DeleteOptions,
  DeleteCollectionOptions,
} from './client.js';
export { KubeTransport, DEFAULT_TIMEOUT_MS } from './transport.js';
export type { TransportOptions, RequestSpec, QueryValue } from './transport.js';
export { KubeApiError, KubeTimeoutError, NoKindMatchError, isNotFound, isConflict, isAlreadyExists, isExpired, isNoKindMatch, isTransient } from './errors.js';
export { watchResource, randomWatchTimeoutSeconds, parseWatchLine } from './watch.js';
export { LineSplitter } from './ndjson.js';
export type { WatchEvent, WatchOptions } from './watch.js';
export { Informer } from './informer.js';
export type { InformerOptions, AddHandler, UpdateHandler, DeleteHandler, ErrorHandler } from './informer.js';
export { LeaderElector, LEASE_RESOURCE, microTime } from './leader-election.js';
export type { LeaderElectionOptions, Lease, LeaseSpec } from './leader-election.js';
export { Backoff, DEFAULT_BACKOFF } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { resourcePath, groupVersionPath, splitApiVersion, apiVersionOf } from './paths.js';
export { isStatus, isResourceRef, objectKey, keyOf } from './types.js';
export type { ResourceRef, TypeRef, ResourceTarget, KubeObject, ObjectMeta, OwnerReference, KubeList, ListMeta, KubeStatus, StatusCause } from './types.js';
export * from './runtime/index.js';
export { NAMESPACES, SECRETS, CONFIGMAPS, SERVICES, SERVICE_ACCOUNTS, CUSTOM_RESOURCE_DEFINITIONS } from './builtin-resources.js';
export {
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  STORAGE_CLASSES,
  PODS,
  JOBS,
  VOLUME_SNAPSHOTS,
  VOLUME_SNAPSHOT_CONTENTS,
  VOLUME_SNAPSHOT_CLASSES,
} from './volume-resources.js';
